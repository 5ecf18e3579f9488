package io.cogslake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns string columns as delivered into a bronze table's typed columns in one projection, and says per
 * row what could not be read: {@code _error} names the column, the value and the expected type.
 * The text {@code NULL} and empty fields are nulls (real exports write both).
 */
public final class BronzeTyping {
  public static final String CORRUPT_RECORD = "_corrupt_record";

  private BronzeTyping() {}

  /**
   * @param raw string columns as delivered (plus lineage columns and, for CSV, {@code _corrupt_record})
   * @param bronze the bronze schema; fields starting with {@code _} and billing_period are not typed here
   * @param deliveredName bronze column → the delivered column holding it (absent: the column is null)
   * @param extraColumns delivered columns the schema does not know, kept in {@code _extra}
   * @param required bronze columns that must have a value
   * @param billingPeriod the period (YYYY-MM) over the typed columns; null when unreadable
   */
  public static Dataset<Row> type(
      Dataset<Row> raw,
      StructType bronze,
      Map<String, String> deliveredName,
      List<String> extraColumns,
      Set<String> required,
      Column billingPeriod,
      String sourceName,
      String ingestId) {
    List<Column> out = new ArrayList<>();
    List<Column> problems = new ArrayList<>();
    Map<String, Column> typedByName = new LinkedHashMap<>();
    for (StructField field : bronze.fields()) {
      if (field.name().startsWith("_") || field.name().equals("billing_period")) {
        continue;
      }
      String delivered = deliveredName.get(field.name());
      Column value = delivered == null ? lit(null).cast(DataTypes.StringType) : clean(col(quote(delivered)));
      Column typed = typed(value, field.dataType());
      typedByName.put(field.name(), typed);
      out.add(typed.as(field.name()));
      if (!(field.dataType() instanceof StringType)) {
        problems.add(
            when(
                value.isNotNull().and(typed.isNull()),
                concat(lit(field.name() + ": cannot read '"), value, lit("' as " + field.dataType().simpleString()))));
      }
      if (required.contains(field.name())) {
        problems.add(when(value.isNull(), lit(field.name() + " is empty")));
      }
    }
    List<String> rawColumns = List.of(raw.columns());
    if (rawColumns.contains(CORRUPT_RECORD)) {
      problems.add(0, when(col(CORRUPT_RECORD).isNotNull(), lit("malformed record: wrong number of fields")));
    }
    Column error = nullif(concat_ws("; ", problems.toArray(Column[]::new)), lit(""));
    List<Column> deliveredColumns = new ArrayList<>();
    for (String name : rawColumns) {
      if (!name.startsWith("_")) {
        deliveredColumns.add(col(quote(name)));
      }
    }
    Column asDelivered = to_json(struct(deliveredColumns.toArray(Column[]::new)));
    if (rawColumns.contains(CORRUPT_RECORD)) {
      asDelivered = functions_coalesce(col(CORRUPT_RECORD), asDelivered);
    }
    out.add(extra(extraColumns).as("_extra"));
    out.add(lit(sourceName).as("_source"));
    out.add(col("_file"));
    out.add(col("_checksum"));
    out.add(col("_row"));
    out.add(lit(ingestId).as("_ingest_id"));
    out.add(error.as("_error"));
    out.add(when(error.isNotNull(), asDelivered).as("_raw"));
    Dataset<Row> typed = raw.select(out.toArray(Column[]::new));
    return typed.withColumn("billing_period", functions_coalesce(billingPeriod, lit("unknown")));
  }

  /** Typed value of a cleaned string; null when it cannot be read (ANSI mode is off in our sessions). */
  static Column typed(Column value, DataType type) {
    if (type instanceof StringType) {
      return value;
    }
    return trim(value).cast(type);
  }

  static Column clean(Column delivered) {
    return when(delivered.isNull().or(upper(trim(delivered)).equalTo("NULL")).or(trim(delivered).equalTo("")), lit(null))
        .otherwise(delivered)
        .cast(DataTypes.StringType);
  }

  private static Column extra(List<String> extraColumns) {
    MapType type = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
    if (extraColumns.isEmpty()) {
      return map().cast(type);
    }
    List<Column> kv = new ArrayList<>();
    for (String name : extraColumns) {
      kv.add(lit(name));
      kv.add(clean(col(quote(name))));
    }
    return map_filter(map(kv.toArray(Column[]::new)), (k, v) -> v.isNotNull()).cast(type);
  }

  private static Column functions_coalesce(Column a, Column b) {
    return org.apache.spark.sql.functions.coalesce(a, b);
  }

  /** Column names from files may hold dots or spaces. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
