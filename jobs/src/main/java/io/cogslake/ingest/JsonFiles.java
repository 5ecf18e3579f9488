package io.cogslake.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.posexplode_outer;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads JSON landing files with an explicit schema and lineage ({@code _file, _checksum, _row}).
 * Files named {@code .jsonl} / {@code .ndjson} hold one document per line ({@code _row} is the
 * line); any other file is one document (or a top-level array of them). A document that cannot be
 * read keeps its text in {@code _corrupt_record}, which the schema must declare.
 */
public final class JsonFiles {
  private JsonFiles() {}

  public static boolean isJsonLines(LandingFile file) {
    String name = file.path().toLowerCase();
    return name.endsWith(".jsonl")
        || name.endsWith(".ndjson")
        || name.endsWith(".jsonl.gz")
        || name.endsWith(".ndjson.gz");
  }

  public static Dataset<Row> read(SparkSession spark, List<LandingFile> files, StructType schema) {
    List<LandingFile> lines = files.stream().filter(JsonFiles::isJsonLines).toList();
    List<LandingFile> documents = files.stream().filter(f -> !isJsonLines(f)).toList();
    Dataset<Row> all = null;
    if (!lines.isEmpty()) {
      all = scan(spark, lines, schema, false);
    }
    if (!documents.isEmpty()) {
      Dataset<Row> d = scan(spark, documents, schema, true);
      all = all == null ? d : all.unionByName(d);
    }
    return all;
  }

  /**
   * Like {@link #read}, but the numbers under {@code keys} arrive as their exact text: Spark's JSON
   * reader turns a number into a decimal rounded to the schema's scale (1e-30 → 0, silently) and
   * into text only through a double (1.234567890123456789 → 1.2345678901234568). So the files are
   * read as text, those numbers quoted, and the documents parsed with {@code from_json}; the schema
   * declares them as strings and the reader types them exactly ({@link BronzeTyping#typed}). A
   * document that cannot be parsed keeps its text in {@code _corrupt_record}.
   */
  public static Dataset<Row> readExactNumbers(
      SparkSession spark, List<LandingFile> files, StructType schema, List<String> keys) {
    List<LandingFile> lines = files.stream().filter(JsonFiles::isJsonLines).toList();
    List<LandingFile> documents = files.stream().filter(f -> !isJsonLines(f)).toList();
    Dataset<Row> text = null;
    if (!lines.isEmpty()) {
      text =
          FileScans.withLineage(
              spark,
              spark.read().text(lines.stream().map(LandingFile::path).toArray(String[]::new)),
              lines);
    }
    if (!documents.isEmpty()) {
      Dataset<Row> d =
          FileScans.withLineage(
              spark,
              spark
                  .read()
                  .option("wholetext", "true")
                  .text(documents.stream().map(LandingFile::path).toArray(String[]::new)),
              documents);
      text = text == null ? d : text.unionByName(d);
    }
    Column quoted = quoteNumbers(col("value"), keys);
    StructType document = new StructType();
    for (StructField f : schema.fields()) {
      if (!f.name().equals(BronzeTyping.CORRUPT_RECORD)) {
        document = document.add(f);
      }
    }
    Map<String, String> permissive = Map.of("mode", "PERMISSIVE");
    Column isArray = trim(col("value")).startsWith("[");
    // one document, or a top-level array of them; null when the text is not JSON of that shape
    Column parsed =
        when(isArray, from_json(quoted, DataTypes.createArrayType(document), permissive))
            .otherwise(array(from_json(quoted, document, permissive)));
    Dataset<Row> docs =
        text.filter(trim(col("value")).notEqual(""))
            .select(col("*"), posexplode_outer(parsed).as(new String[] {"_doc_pos", "_doc"}));
    // from_json yields a document of nulls for text that is not JSON: such a document has no field
    // at all
    List<Column> anyField = new ArrayList<>();
    for (String name : document.fieldNames()) {
      anyField.add(col("_doc.`" + name + "`").isNotNull());
    }
    Column readable =
        col("_doc").isNotNull().and(anyField.stream().reduce(Column::or).orElse(lit(true)));
    List<Column> out = new ArrayList<>();
    for (String name : document.fieldNames()) {
      out.add(when(readable, col("_doc.`" + name + "`")).as(name));
    }
    out.add(when(not(readable), col("value")).as(BronzeTyping.CORRUPT_RECORD));
    out.add(col("_file"));
    out.add(col("_checksum"));
    // record order inside the file: line (or file), then document in a top-level array
    out.add(col("_row").multiply(1_000_000L).plus(coalesce(col("_doc_pos"), lit(0))).as("_row"));
    return docs.select(out.toArray(Column[]::new));
  }

  /**
   * Like {@link #readExactNumbers}, but every file is JSON lines whatever its name (BigQuery writes
   * its newline-delimited exports as {@code .json}), {@code _row} is the line, and a line that
   * cannot be read keeps its text as delivered in {@code _corrupt_record}, as Spark's file reader
   * would (from_json fills the schema's corrupt-record field, partial records included).
   */
  public static Dataset<Row> readLinesExactNumbers(
      SparkSession spark, List<LandingFile> files, StructType schema, List<String> keys) {
    Dataset<Row> text =
        FileScans.withLineage(
            spark,
            spark.read().text(files.stream().map(LandingFile::path).toArray(String[]::new)),
            files);
    Map<String, String> permissive =
        Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", BronzeTyping.CORRUPT_RECORD);
    Dataset<Row> docs =
        text.filter(trim(col("value")).notEqual(""))
            .select(
                col("*"),
                from_json(quoteNumbers(col("value"), keys), schema, permissive).as("_doc"));
    List<Column> out = new ArrayList<>();
    for (String name : schema.fieldNames()) {
      out.add(
          name.equals(BronzeTyping.CORRUPT_RECORD)
              ? when(col("_doc.`" + name + "`").isNotNull(), col("value"))
                  .as(name) // the line as delivered, not our quoted copy
              : col("_doc.`" + name + "`").as(name));
    }
    out.add(col("_file"));
    out.add(col("_checksum"));
    out.add(col("_row"));
    return docs.select(out.toArray(Column[]::new));
  }

  /**
   * The JSON text with every bare number under one of {@code keys} (at any depth, inside arrays
   * too) put in quotes, so a string field of the read schema receives its exact text: Spark copies
   * a number into a string field through a double.
   */
  public static Column quoteNumbers(Column json, List<String> keys) {
    String number = "-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?";
    String pattern =
        "(\"(?:" + String.join("|", keys) + ")\"\\s*:\\s*)(" + number + ")(?=\\s*[,}\\]])";
    return regexp_replace(json, pattern, "$1\"$2\"");
  }

  private static Dataset<Row> scan(
      SparkSession spark, List<LandingFile> files, StructType schema, boolean multiLine) {
    Dataset<Row> scanned =
        spark
            .read()
            .schema(schema)
            .option("multiLine", String.valueOf(multiLine))
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", BronzeTyping.CORRUPT_RECORD)
            .json(files.stream().map(LandingFile::path).toArray(String[]::new));
    return FileScans.withLineage(spark, scanned, files);
  }
}
