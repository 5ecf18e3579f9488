package io.cogslake.ingest.reports;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code openai_costs}: pages of {@code GET /v1/organization/costs}. {@code amount.value} is dollars as
 * a JSON number; it is parsed straight into a decimal (Jackson's BigDecimal), never through a double.
 */
public final class OpenAiCostsReader extends ReportPagesReader {
  public OpenAiCostsReader() {
    super("openai_costs");
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
    return new StructType()
        .add("object", DataTypes.StringType)
        .add(
            "amount",
            new StructType().add("value", DataTypes.createDecimalType(38, 18)).add("currency", DataTypes.StringType))
        .add("line_item", DataTypes.StringType)
        .add("project_id", DataTypes.StringType)
        .add("api_key_id", DataTypes.StringType)
        .add("quantity", DataTypes.createDecimalType(38, 18))
        .add("quantity_unit", DataTypes.StringType);
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
    return Map.of("amount", col("r.amount.value"), "BillingCurrency", col("r.amount.currency"));
  }

  @Override
  protected List<Column> problems() {
    return List.of(
        when(col("r.amount.value").isNull(), lit("amount.value is missing")),
        when(col("r.amount.currency").isNull(), lit("amount.currency is missing")));
  }
}
