package io.cogslake.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The header of each provider's generated FOCUS 1.2 export: the 57 FOCUS 1.2 columns in the
 * specification's (alphabetical) order, then the provider's own {@code x_} columns.
 */
final class FocusColumns {
  static final List<String> FOCUS_1_2 =
      List.of(
          "AvailabilityZone",
          "BilledCost",
          "BillingAccountId",
          "BillingAccountName",
          "BillingAccountType",
          "BillingCurrency",
          "BillingPeriodEnd",
          "BillingPeriodStart",
          "CapacityReservationId",
          "CapacityReservationStatus",
          "ChargeCategory",
          "ChargeClass",
          "ChargeDescription",
          "ChargeFrequency",
          "ChargePeriodEnd",
          "ChargePeriodStart",
          "CommitmentDiscountCategory",
          "CommitmentDiscountId",
          "CommitmentDiscountName",
          "CommitmentDiscountQuantity",
          "CommitmentDiscountStatus",
          "CommitmentDiscountType",
          "CommitmentDiscountUnit",
          "ConsumedQuantity",
          "ConsumedUnit",
          "ContractedCost",
          "ContractedUnitPrice",
          "EffectiveCost",
          "InvoiceId",
          "InvoiceIssuerName",
          "ListCost",
          "ListUnitPrice",
          "PricingCategory",
          "PricingCurrency",
          "PricingCurrencyContractedUnitPrice",
          "PricingCurrencyEffectiveCost",
          "PricingCurrencyListUnitPrice",
          "PricingQuantity",
          "PricingUnit",
          "ProviderName",
          "PublisherName",
          "RegionId",
          "RegionName",
          "ResourceId",
          "ResourceName",
          "ResourceType",
          "ServiceCategory",
          "ServiceName",
          "ServiceSubcategory",
          "SkuId",
          "SkuMeter",
          "SkuPriceDetails",
          "SkuPriceId",
          "SubAccountId",
          "SubAccountName",
          "SubAccountType",
          "Tags");

  static final Map<String, List<String>> EXTRA =
      Map.of(
          "aws", List.of("x_ServiceCode", "x_UsageType", "x_Operation"),
          "azure", List.of("x_SkuMeterCategory", "x_SkuMeterSubcategory", "x_SkuMeterName"),
          "gcp", List.of());

  private FocusColumns() {}

  /**
   * The provider's export columns in order (absent ones null), plus {@code _period} for the writer.
   */
  static Dataset<Row> select(Dataset<Row> bill, String provider) {
    Set<String> present = Set.of(bill.columns());
    List<Column> columns = new ArrayList<>();
    List<String> names = new ArrayList<>(FOCUS_1_2);
    names.addAll(EXTRA.get(provider));
    for (String name : names) {
      columns.add(
          present.contains(name) ? col(name) : lit(null).cast(DataTypes.StringType).as(name));
    }
    columns.add(col("_period"));
    return bill.select(columns.toArray(Column[]::new));
  }
}
