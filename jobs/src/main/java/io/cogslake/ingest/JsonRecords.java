package io.cogslake.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;

/**
 * Flat records of the company's own logs, schema-free: JSON lines (one object per line, blank lines
 * skipped) or Parquet (each row as its JSON object). Each record becomes {@code _fields}, a map of
 * its top-level keys to their text (nested objects as JSON text), plus lineage; a line that is not
 * a JSON object keeps its text in {@code _corrupt_record}.
 */
public final class JsonRecords {
  public static final MapType FIELDS =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);

  private JsonRecords() {}

  public static Dataset<Row> read(SparkSession spark, List<LandingFile> files) {
    return read(spark, files, List.of());
  }

  /**
   * As {@link #read(SparkSession, List)}, with the numbers under {@code exactKeys} as their exact
   * text: from_json copies a number into a string value through a double (123456789012.3456789012 →
   * 123456789012.34567).
   */
  public static Dataset<Row> read(
      SparkSession spark, List<LandingFile> files, List<String> exactKeys) {
    List<LandingFile> parquet =
        files.stream().filter(f -> f.path().toLowerCase().endsWith(".parquet")).toList();
    List<LandingFile> lines = files.stream().filter(f -> !parquet.contains(f)).toList();
    Dataset<Row> all = null;
    if (!lines.isEmpty()) {
      Dataset<Row> text =
          spark.read().text(lines.stream().map(LandingFile::path).toArray(String[]::new));
      all =
          FileScans.withLineage(spark, text, lines)
              .select(col("value"), col("_file"), col("_checksum"), col("_row"));
    }
    if (!parquet.isEmpty()) {
      Dataset<Row> scanned =
          spark
              .read()
              .option("mergeSchema", "true")
              .parquet(parquet.stream().map(LandingFile::path).toArray(String[]::new));
      List<Column> delivered = new ArrayList<>();
      for (String name : scanned.columns()) {
        delivered.add(col("`" + name.replace("`", "``") + "`"));
      }
      Dataset<Row> p =
          FileScans.withLineage(spark, scanned, parquet)
              .select(
                  to_json(struct(delivered.toArray(Column[]::new))).as("value"),
                  col("_file"),
                  col("_checksum"),
                  col("_row"));
      all = all == null ? p : all.unionByName(p);
    }
    Column fields =
        from_json(
            exactKeys.isEmpty() ? col("value") : JsonFiles.quoteNumbers(col("value"), exactKeys),
            FIELDS);
    return all.filter(trim(col("value")).notEqual(""))
        .select(col("*"), fields.as("_fields"))
        .withColumn(BronzeTyping.CORRUPT_RECORD, when(col("_fields").isNull(), col("value")));
  }

  /** The first of the keys present in the record, at the top level or under {@code attributes}. */
  public static Column field(String... keys) {
    Column attributes = from_json(col("_fields").getItem("attributes"), FIELDS);
    List<Column> candidates = new ArrayList<>();
    for (String key : keys) {
      candidates.add(col("_fields").getItem(key));
      candidates.add(attributes.getItem(key));
    }
    return coalesce(candidates.toArray(Column[]::new));
  }
}
