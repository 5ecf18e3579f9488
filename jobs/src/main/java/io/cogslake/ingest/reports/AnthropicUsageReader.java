package io.cogslake.ingest.reports;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code anthropic_usage}: pages of {@code GET /v1/organizations/usage_report/messages}. Buckets are
 * RFC 3339 strings; cache writes are nested under {@code cache_creation} (5-minute and 1-hour), web
 * searches under {@code server_tool_use}.
 */
public final class AnthropicUsageReader extends ReportPagesReader {
  public AnthropicUsageReader() {
    super("anthropic_usage");
  }

  @Override
  protected StructType bucketSchema() {
    return new StructType().add("starting_at", DataTypes.StringType).add("ending_at", DataTypes.StringType);
  }

  @Override
  protected StructType resultSchema() {
    StructType result =
        new StructType()
            .add("uncached_input_tokens", DataTypes.LongType)
            .add(
                "cache_creation",
                new StructType()
                    .add("ephemeral_5m_input_tokens", DataTypes.LongType)
                    .add("ephemeral_1h_input_tokens", DataTypes.LongType))
            .add("cache_read_input_tokens", DataTypes.LongType)
            .add("output_tokens", DataTypes.LongType)
            .add("server_tool_use", new StructType().add("web_search_requests", DataTypes.LongType));
    for (String group :
        List.of("model", "workspace_id", "api_key_id", "service_tier", "context_window", "account_id", "service_account_id", "inference_geo", "speed")) {
      result = result.add(group, DataTypes.StringType);
    }
    return result;
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
    return Map.of(
        "cache_creation_5m_input_tokens", col("r.cache_creation.ephemeral_5m_input_tokens"),
        "cache_creation_1h_input_tokens", col("r.cache_creation.ephemeral_1h_input_tokens"),
        "web_search_requests", col("r.server_tool_use.web_search_requests"));
  }

  @Override
  protected List<Column> problems() {
    return List.of(
        when(
            col("r.uncached_input_tokens").lt(0).or(col("r.cache_read_input_tokens").lt(0)).or(col("r.output_tokens").lt(0)),
            lit("negative token count")));
  }
}
