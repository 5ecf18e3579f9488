package io.cogslake.ingest.usage;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.cogslake.config.SourceConfig;
import io.cogslake.ingest.BronzeTyping;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructType;

/**
 * {@code usage_events}: the product's log of model calls (JSON lines or Parquet), OpenTelemetry
 * GenAI attribute names flat or under {@code attributes}, older names accepted. Rejected: a record
 * that is not JSON, misses a required field, has an unreadable timestamp or number (a fractional
 * token count too), no model, negative tokens, or repeats an event_id with other values than its
 * first delivery.
 */
public final class UsageEventsReader implements SourceReader {
  /**
   * Bronze column → the record's keys that fill it, first present wins (current name before older).
   */
  static final Map<String, String[]> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("event_id", new String[] {"event_id"});
    KEYS.put("event_time", new String[] {"timestamp"});
    KEYS.put("trace_id", new String[] {"trace_id"});
    KEYS.put("step", new String[] {"step"});
    KEYS.put("provider_name", new String[] {"gen_ai.provider.name", "gen_ai.system"});
    KEYS.put("request_model", new String[] {"gen_ai.request.model"});
    KEYS.put("response_model", new String[] {"gen_ai.response.model"});
    KEYS.put("operation", new String[] {"gen_ai.operation.name"});
    KEYS.put(
        "input_tokens", new String[] {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"});
    KEYS.put(
        "output_tokens",
        new String[] {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"});
    KEYS.put("cache_read_tokens", new String[] {"gen_ai.usage.cache_read.input_tokens"});
    KEYS.put("cache_write_tokens", new String[] {"gen_ai.usage.cache_creation.input_tokens"});
    KEYS.put("reasoning_tokens", new String[] {"gen_ai.usage.reasoning.output_tokens"});
    for (String key :
        List.of("provider_account", "customer", "user", "product", "feature", "team", "env")) {
      KEYS.put(key, new String[] {key});
    }
  }

  static final Set<String> REQUIRED =
      Set.of("event_id", "event_time", "provider_name", "input_tokens", "output_tokens");
  static final List<String> TOKENS =
      List.of(
          "input_tokens",
          "output_tokens",
          "cache_read_tokens",
          "cache_write_tokens",
          "reasoning_tokens");

  @Override
  public String bronzeDdl() {
    return "tables/bronze/usage_events.ddl";
  }

  @Override
  public Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId) {
    StructType bronze = SqlFiles.schema(bronzeDdl());
    Dataset<Row> records = JsonRecords.read(spark, files);
    List<Column> raw = new ArrayList<>();
    Map<String, String> delivered = new LinkedHashMap<>();
    KEYS.forEach(
        (column, keys) -> {
          raw.add(JsonRecords.field(keys).as(column));
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
            date_format(col("event_time"), "yyyy-MM"),
            source.name,
            ingestId);

    List<Column> reasons = new ArrayList<>();
    reasons.add(col("_error"));
    reasons.add(
        when(
            col("request_model").isNull().and(col("response_model").isNull()),
            lit("request_model and response_model are empty")));
    for (String tokens : TOKENS) {
      reasons.add(
          when(
              col(tokens).lt(0),
              concat(lit(tokens + " is negative: "), col(tokens).cast("string"))));
    }
    Column malformed = col("_error").startsWith("malformed record");
    Column error =
        when(malformed, lit("malformed JSON: the record is not a JSON object"))
            .otherwise(nullif(concat_ws("; ", reasons.toArray(Column[]::new)), lit("")));
    List<Column> eventColumns = KEYS.keySet().stream().map(c -> col(c)).toList();
    Column version = to_json(struct(eventColumns.toArray(Column[]::new)));
    // The same event_id delivered again: identical, it is the same call (silver.usage keeps one);
    // with other
    // values one of them is wrong, so the later one (by file, then record) is quarantined naming
    // the first.
    WindowSpec byEvent = Window.partitionBy(col("_key")).orderBy(col("_file"), col("_row"));
    Column conflict =
        col("_key").isNotNull().and(col("_version").notEqual(first(col("_version")).over(byEvent)));
    Column conflictReason =
        concat(
            lit("event_id '"),
            col("event_id"),
            lit("' delivered twice with different values: "),
            first(col("_file")).over(byEvent),
            lit(" record "),
            first(col("_row")).over(byEvent).cast("string"),
            lit(" has "),
            first(col("_version")).over(byEvent),
            lit(", "),
            col("_file"),
            lit(" record "),
            col("_row").cast("string"),
            lit(" has "),
            col("_version"));
    return typed
        .withColumn("_error", error)
        .withColumn("_version", version)
        .withColumn("_key", when(col("_error").isNull(), col("event_id")))
        .withColumn("_error", when(conflict, conflictReason).otherwise(col("_error")))
        .withColumn("_raw", when(col("_error").isNotNull(), coalesce(col("_raw"), col("_version"))))
        .drop("_version", "_key");
  }
}
