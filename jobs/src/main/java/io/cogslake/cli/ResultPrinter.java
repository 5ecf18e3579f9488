package io.cogslake.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Prints a query result on stdout as an aligned table, CSV (header always, decimals in plain
 * notation, nulls empty) or JSON lines. Rows stream to the driver one partition at a time.
 */
final class ResultPrinter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private ResultPrinter() {}

  static void print(Dataset<Row> result, String format, PrintStream out) {
    Dataset<Row> printable = printable(result);
    String[] names = printable.columns();
    boolean[] complex = complexColumns(result.schema());
    switch (format) {
      case "csv" -> {
        out.println(csvLine(List.of(names)));
        Iterator<Row> rows = printable.toLocalIterator();
        while (rows.hasNext()) {
          out.println(csvLine(cells(rows.next())));
        }
      }
      case "json" -> {
        Iterator<Row> rows = printable.toLocalIterator();
        while (rows.hasNext()) {
          Row row = rows.next();
          ObjectNode node = JSON.createObjectNode();
          for (int i = 0; i < names.length; i++) {
            Object v = row.get(i);
            if (v == null) {
              node.putNull(names[i]);
            } else if (v instanceof BigDecimal d) {
              node.put(names[i], d);
            } else if (complex[i]) {
              node.set(names[i], readJson((String) v));
            } else {
              node.put(names[i], v.toString());
            }
          }
          out.println(node.toString());
        }
      }
      default -> printTable(printable, names, out);
    }
    out.flush();
  }

  /**
   * Decimals stay BigDecimal (printed plain); maps, arrays and structs become JSON; the rest
   * strings.
   */
  static Dataset<Row> printable(Dataset<Row> result) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : result.schema().fields()) {
      Column c = col("`" + f.name().replace("`", "``") + "`");
      if (f.dataType() instanceof DecimalType) {
        columns.add(c.as(f.name()));
      } else if (f.dataType() instanceof MapType
          || f.dataType() instanceof ArrayType
          || f.dataType() instanceof StructType) {
        columns.add(to_json(c).as(f.name()));
      } else {
        columns.add(c.cast("string").as(f.name()));
      }
    }
    return result.select(columns.toArray(Column[]::new));
  }

  private static boolean[] complexColumns(StructType schema) {
    boolean[] complex = new boolean[schema.fields().length];
    for (int i = 0; i < complex.length; i++) {
      var t = schema.fields()[i].dataType();
      complex[i] = t instanceof MapType || t instanceof ArrayType || t instanceof StructType;
    }
    return complex;
  }

  private static List<String> cells(Row row) {
    List<String> cells = new ArrayList<>(row.length());
    for (int i = 0; i < row.length(); i++) {
      Object v = row.get(i);
      cells.add(v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : v.toString());
    }
    return cells;
  }

  static String csvLine(List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      String v = cells.get(i);
      if (v == null) {
        continue;
      }
      if (v.isEmpty()
          || v.contains(",")
          || v.contains("\"")
          || v.contains("\n")
          || v.contains("\r")) {
        line.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        line.append(v);
      }
    }
    return line.toString();
  }

  private static void printTable(Dataset<Row> printable, String[] names, PrintStream out) {
    List<List<String>> rows = new ArrayList<>();
    Iterator<Row> it = printable.toLocalIterator();
    while (it.hasNext()) {
      rows.add(cells(it.next()));
    }
    int[] width = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i) == null ? 4 : r.get(i).length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    out.println(rule);
    out.println(tableLine(List.of(names), width));
    out.println(rule);
    for (List<String> r : rows) {
      out.println(tableLine(r, width));
    }
    out.println(rule);
    out.println(rows.size() + (rows.size() == 1 ? " row" : " rows"));
  }

  private static String tableLine(List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < cells.size(); i++) {
      String v = cells.get(i) == null ? "null" : cells.get(i);
      line.append(' ').append(v).append(" ".repeat(width[i] - v.length())).append(" |");
    }
    return line.toString();
  }

  private static com.fasterxml.jackson.databind.JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }
}
