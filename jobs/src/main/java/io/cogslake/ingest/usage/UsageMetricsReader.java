package io.cogslake.ingest.usage;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cogslake.config.SourceConfig;
import io.cogslake.ingest.BronzeTyping;
import io.cogslake.ingest.DelimitedFiles;
import io.cogslake.ingest.JsonRecords;
import io.cogslake.ingest.LandingFile;
import io.cogslake.ingest.SourceReader;
import io.cogslake.lake.SqlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code usage_metrics}: other allocation drivers (vector queries, CPU seconds…) as CSV or JSON
 * lines ({@code .jsonl}, {@code .ndjson}, {@code .json}): {@code date} or {@code billing_period},
 * {@code metric}, {@code quantity} and any of the key columns.
 */
public final class UsageMetricsReader implements SourceReader {
  static final Map<String, List<String>> MANDATORY =
      Map.of(
          "metric",
          List.of("metric"),
          "quantity",
          List.of("quantity"),
          "date",
          List.of("date", "period"));
  static final Set<String> REQUIRED = Set.of("metric", "quantity");
  static final List<String> KEYS =
      List.of("customer", "product", "feature", "team", "env", "namespace");

  /**
   * Decimals of silver.usage_metrics.quantity: a quantity rounded to nothing there is quarantined
   * here.
   */
  static final int KEPT_SCALE = 10;

  private static List<Column> quantityKept() {
    return List.of(
        BronzeTyping.belowKeptScale(
            "quantity", col("quantity"), KEPT_SCALE, "silver.usage_metrics"));
  }

  @Override
  public String bronzeDdl() {
    return "tables/bronze/usage_metrics.ddl";
  }

  @Override
  public Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId) {
    StructType bronze = SqlFiles.schema(bronzeDdl());
    Column period =
        coalesce(
            date_format(col("date"), "yyyy-MM"),
            when(col("period").rlike("^\\d{4}-(0[1-9]|1[0-2])$"), col("period")));
    List<LandingFile> json = files.stream().filter(UsageMetricsReader::isJson).toList();
    List<LandingFile> csv = files.stream().filter(f -> !json.contains(f)).toList();
    Dataset<Row> rows = null;
    if (!csv.isEmpty()) {
      rows =
          DelimitedFiles.read(
              spark,
              source.name,
              source.type,
              csv,
              bronze,
              name -> name.equalsIgnoreCase("billing_period") ? "period" : name.toLowerCase(),
              MANDATORY,
              REQUIRED,
              period,
              ingestId,
              quantityKept());
    }
    if (!json.isEmpty()) {
      Dataset<Row> records = JsonRecords.read(spark, json, List.of("quantity"));
      // bronze column → the record's key
      Map<String, String> keys = new LinkedHashMap<>();
      keys.put("date", "date");
      keys.put("period", "billing_period");
      keys.put("metric", "metric");
      keys.put("quantity", "quantity");
      KEYS.forEach(k -> keys.put(k, k));
      List<Column> raw = new ArrayList<>();
      Map<String, String> delivered = new LinkedHashMap<>();
      keys.forEach(
          (column, key) -> {
            raw.add(JsonRecords.field(key).as(column));
            delivered.put(column, column);
          });
      raw.add(col("_file"));
      raw.add(col("_checksum"));
      raw.add(col("_row"));
      raw.add(col(BronzeTyping.CORRUPT_RECORD));
      Dataset<Row> typed =
          BronzeTyping.type(
              records.select(raw.toArray(Column[]::new)),
              bronze,
              delivered,
              List.of(),
              REQUIRED,
              period,
              source.name,
              ingestId,
              quantityKept());
      typed =
          typed.withColumn(
              "_error",
              when(
                      col("_error").startsWith("malformed record"),
                      lit("malformed JSON: the record is not a JSON object"))
                  .otherwise(col("_error")));
      rows = rows == null ? typed : rows.unionByName(typed);
    }
    return rows;
  }

  private static boolean isJson(LandingFile file) {
    String name = file.path().toLowerCase().replaceAll("\\.gz$", "");
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
  }
}
