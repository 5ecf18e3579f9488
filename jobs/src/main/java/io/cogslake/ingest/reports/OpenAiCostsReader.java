package io.cogslake.ingest.reports;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import io.cogslake.ingest.BronzeTyping;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * {@code openai_costs}: pages of {@code GET /v1/organization/costs}. {@code amount.value} is
 * dollars as a JSON number (some pages write it as a string, "12.50"); either way its exact text is
 * typed into DECIMAL(38,18), never through a double, and a value that type cannot hold exactly
 * (1e-30) is rejected, not rounded.
 */
public final class OpenAiCostsReader extends ReportPagesReader {
  private static final DecimalType MONEY = DataTypes.createDecimalType(38, 18);
  private static final Column AMOUNT = BronzeTyping.typed(col("r.amount.value"), MONEY);
  private static final Column QUANTITY = BronzeTyping.typed(col("r.quantity"), MONEY);

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
            new StructType()
                .add("value", DataTypes.StringType)
                .add("currency", DataTypes.StringType))
        .add("line_item", DataTypes.StringType)
        .add("project_id", DataTypes.StringType)
        .add("api_key_id", DataTypes.StringType)
        .add("quantity", DataTypes.StringType)
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
    return Map.of(
        "amount", AMOUNT, "quantity", QUANTITY, "BillingCurrency", col("r.amount.currency"));
  }

  @Override
  protected List<String> exactNumberKeys() {
    return List.of("value", "quantity");
  }

  @Override
  protected List<Column> problems() {
    return List.of(
        when(col("r.amount.value").isNull(), lit("amount.value is missing")),
        when(
            col("r.amount.value").isNotNull().and(AMOUNT.isNull()),
            BronzeTyping.unreadable("amount.value", col("r.amount.value"), MONEY)),
        when(
            col("r.quantity").isNotNull().and(QUANTITY.isNull()),
            BronzeTyping.unreadable("quantity", col("r.quantity"), MONEY)),
        when(col("r.amount.currency").isNull(), lit("amount.currency is missing")));
  }
}
