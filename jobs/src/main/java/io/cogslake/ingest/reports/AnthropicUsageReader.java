package io.cogslake.ingest.reports;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cogslake.ingest.BronzeTyping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code anthropic_usage}: pages of {@code GET /v1/organizations/usage_report/messages}. Buckets
 * are RFC 3339 strings; cache writes are nested under {@code cache_creation} (5-minute and 1-hour),
 * web searches under {@code server_tool_use}. Counts are typed from their JSON text: a fraction is
 * a rejected result.
 */
public final class AnthropicUsageReader extends ReportPagesReader {
  public AnthropicUsageReader() {
    super("anthropic_usage");
  }

  @Override
  protected StructType bucketSchema() {
    return new StructType()
        .add("starting_at", DataTypes.StringType)
        .add("ending_at", DataTypes.StringType);
  }

  /**
   * Bronze count column → its path in a result, read from its exact text: a count is a whole number
   * or rejected.
   */
  private static final Map<String, String> COUNTS =
      Map.of(
          "uncached_input_tokens", "r.uncached_input_tokens",
          "cache_creation_5m_input_tokens", "r.cache_creation.ephemeral_5m_input_tokens",
          "cache_creation_1h_input_tokens", "r.cache_creation.ephemeral_1h_input_tokens",
          "cache_read_input_tokens", "r.cache_read_input_tokens",
          "output_tokens", "r.output_tokens",
          "web_search_requests", "r.server_tool_use.web_search_requests");

  private static Column count(String column) {
    return BronzeTyping.typed(col(COUNTS.get(column)), DataTypes.LongType);
  }

  @Override
  protected StructType resultSchema() {
    // counts as strings, filled with their exact text: as numbers, a fraction (10.7) would make the
    // whole page
    // unreadable, and a cast of the text would truncate it to 10
    StructType result =
        new StructType()
            .add("uncached_input_tokens", DataTypes.StringType)
            .add(
                "cache_creation",
                new StructType()
                    .add("ephemeral_5m_input_tokens", DataTypes.StringType)
                    .add("ephemeral_1h_input_tokens", DataTypes.StringType))
            .add("cache_read_input_tokens", DataTypes.StringType)
            .add("output_tokens", DataTypes.StringType)
            .add(
                "server_tool_use",
                new StructType().add("web_search_requests", DataTypes.StringType));
    for (String group :
        List.of(
            "model",
            "workspace_id",
            "api_key_id",
            "service_tier",
            "context_window",
            "account_id",
            "service_account_id",
            "inference_geo",
            "speed")) {
      result = result.add(group, DataTypes.StringType);
    }
    return result;
  }

  @Override
  protected List<String> exactNumberKeys() {
    return List.of(
        "uncached_input_tokens",
        "ephemeral_5m_input_tokens",
        "ephemeral_1h_input_tokens",
        "cache_read_input_tokens",
        "output_tokens",
        "web_search_requests");
  }

  @Override
  protected Column bucketStart() {
    return col("b.starting_at").cast("timestamp");
  }

  @Override
  protected Column bucketEnd() {
    return col("b.ending_at").cast("timestamp");
  }

  @Override
  protected Map<String, Column> columns() {
    Map<String, Column> columns = new LinkedHashMap<>();
    COUNTS.keySet().forEach(c -> columns.put(c, count(c)));
    return columns;
  }

  @Override
  protected List<Column> problems() {
    List<Column> problems = new ArrayList<>();
    for (String c :
        List.of(
            "uncached_input_tokens",
            "cache_creation_5m_input_tokens",
            "cache_creation_1h_input_tokens",
            "cache_read_input_tokens",
            "output_tokens",
            "web_search_requests")) {
      Column delivered = col(COUNTS.get(c));
      problems.add(
          when(
              delivered.isNotNull().and(count(c).isNull()),
              BronzeTyping.unreadable(COUNTS.get(c).substring(2), delivered, DataTypes.LongType)));
    }
    problems.add(
        when(
            count("uncached_input_tokens")
                .lt(0)
                .or(count("cache_read_input_tokens").lt(0))
                .or(count("output_tokens").lt(0)),
            lit("negative token count")));
    return problems;
  }
}
