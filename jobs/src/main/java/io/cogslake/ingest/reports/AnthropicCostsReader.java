package io.cogslake.ingest.reports;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cogslake.ingest.BronzeTyping;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * {@code anthropic_costs}: pages of {@code GET /v1/organizations/cost_report}. {@code amount} is a
 * decimal string in cents (the lowest currency unit), read exactly (a JSON number too: from its
 * text); dollars are made in the ledger.
 */
public final class AnthropicCostsReader extends ReportPagesReader {
  private static final DecimalType CENTS = DataTypes.createDecimalType(30, 12);

  /** Exact or null: more than 12 decimals of a cent is rejected, not rounded. */
  private static final Column AMOUNT = BronzeTyping.typed(col("r.amount"), CENTS);

  public AnthropicCostsReader() {
    super("anthropic_costs");
  }

  @Override
  protected StructType bucketSchema() {
    return new StructType()
        .add("starting_at", DataTypes.StringType)
        .add("ending_at", DataTypes.StringType);
  }

  @Override
  protected StructType resultSchema() {
    StructType result = new StructType();
    for (String field :
        List.of(
            "amount",
            "currency",
            "cost_type",
            "description",
            "model",
            "token_type",
            "service_tier",
            "context_window",
            "workspace_id",
            "inference_geo",
            "speed")) {
      result = result.add(field, DataTypes.StringType);
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
    return Map.of("amount_cents", AMOUNT, "BillingCurrency", col("r.currency"));
  }

  /**
   * The API writes amount as a decimal string; a page that writes a number is read from its text
   * too, never through a double.
   */
  @Override
  protected List<String> exactNumberKeys() {
    return List.of("amount");
  }

  @Override
  protected List<Column> problems() {
    return List.of(
        when(col("r.amount").isNull(), lit("amount is missing")),
        when(
            col("r.amount").isNotNull().and(AMOUNT.isNull()),
            BronzeTyping.unreadable("amount", col("r.amount"), CENTS)),
        when(col("r.currency").isNull(), lit("currency is missing")));
  }
}
