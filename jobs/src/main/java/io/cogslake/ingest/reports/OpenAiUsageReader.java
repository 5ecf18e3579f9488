package io.cogslake.ingest.reports;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
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
 * {@code openai_usage}: pages of every OpenAI organization usage endpoint (completions, embeddings,
 * moderations, images, audio speeches and transcriptions, vector stores, code interpreter sessions,
 * file search and web search calls). The result's {@code object} says which endpoint it came from.
 * Counts are typed from their JSON text: a fraction is a rejected result, not an unreadable page.
 */
public final class OpenAiUsageReader extends ReportPagesReader {
  static final List<String> COUNTS =
      List.of(
          "input_tokens",
          "output_tokens",
          "input_cached_tokens",
          "input_cache_write_tokens",
          "input_uncached_tokens",
          "input_text_tokens",
          "output_text_tokens",
          "input_cached_text_tokens",
          "input_audio_tokens",
          "input_cached_audio_tokens",
          "output_audio_tokens",
          "input_image_tokens",
          "input_cached_image_tokens",
          "output_image_tokens",
          "num_model_requests",
          "images",
          "characters",
          "seconds",
          "usage_bytes",
          "num_sessions",
          "num_requests");

  static final List<String> GROUP_BY =
      List.of(
          "project_id",
          "user_id",
          "api_key_id",
          "model",
          "service_tier",
          "size",
          "source",
          "vector_store_id",
          "context_level");

  public OpenAiUsageReader() {
    super("openai_usage");
  }

  @Override
  protected StructType bucketSchema() {
    return new StructType()
        .add("object", DataTypes.StringType)
        .add("start_time", DataTypes.LongType)
        .add("end_time", DataTypes.LongType);
  }

  @Override
  protected StructType resultSchema() {
    // counts as strings, filled with their exact text: as numbers, a fraction (10.7) would make the
    // whole page
    // unreadable, and a cast of the text would truncate it to 10
    StructType result = new StructType().add("object", DataTypes.StringType);
    for (String count : COUNTS) {
      result = result.add(count, DataTypes.StringType);
    }
    for (String group : GROUP_BY) {
      result = result.add(group, DataTypes.StringType);
    }
    return result.add("batch", DataTypes.BooleanType);
  }

  @Override
  protected List<String> exactNumberKeys() {
    return COUNTS;
  }

  private static Column count(String name) {
    return BronzeTyping.typed(col("r." + name), DataTypes.LongType);
  }

  @Override
  protected Column bucketStart() {
    return timestamp_seconds(col("b.start_time"));
  }

  @Override
  protected Column bucketEnd() {
    return timestamp_seconds(col("b.end_time"));
  }

  @Override
  protected Map<String, Column> columns() {
    Map<String, Column> columns = new LinkedHashMap<>();
    COUNTS.forEach(c -> columns.put(c, count(c)));
    return columns;
  }

  @Override
  protected List<Column> problems() {
    List<Column> problems = new ArrayList<>();
    problems.add(when(col("r.object").isNull(), lit("object is missing")));
    for (String c : COUNTS) {
      Column delivered = col("r." + c);
      problems.add(
          when(
              delivered.isNotNull().and(count(c).isNull()),
              BronzeTyping.unreadable(c, delivered, DataTypes.LongType)));
      problems.add(when(count(c).lt(0), lit("negative " + c)));
    }
    return problems;
  }
}
