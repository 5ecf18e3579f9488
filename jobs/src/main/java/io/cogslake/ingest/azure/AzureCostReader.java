package io.cogslake.ingest.azure;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.cogslake.config.SourceConfig;
import io.cogslake.ingest.LandingFile;
import io.cogslake.ingest.SourceReader;
import io.cogslake.ingest.TabularFiles;
import io.cogslake.lake.SqlFiles;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Azure Cost Management exports (cost and usage details, EA and MCA, actual or amortized; CSV,
 * plain or gzip'd, or Parquet). Headers are matched case-insensitively (EA writes {@code
 * PascalCase}, newer MCA exports {@code camelCase}) and older names are renamed ({@code Cost} and
 * {@code PreTaxCost} → {@code CostInBillingCurrency}). Dates stay as delivered ({@code MM/DD/YYYY}
 * or ISO); the billing period comes from {@code BillingPeriodStartDate}. Whether a source is the
 * actual or the amortized dataset is its configuration's {@code dataset}, applied by {@code
 * sql/silver/ledger_from_azure_cost.sql}.
 */
public final class AzureCostReader implements SourceReader {
  /** Delivered names (lower case) of older or other agreement types → the bronze column. */
  static final Map<String, String> RENAMED =
      Map.ofEntries(
          Map.entry("cost", "CostInBillingCurrency"),
          Map.entry("pretaxcost", "CostInBillingCurrency"),
          Map.entry("product", "ProductName"),
          Map.entry("billingcurrencycode", "BillingCurrency"),
          Map.entry("currency", "BillingCurrency"),
          Map.entry("pricingcurrencycode", "PricingCurrency"),
          Map.entry("usagedate", "Date"),
          Map.entry("usagequantity", "Quantity"),
          Map.entry("instanceid", "ResourceId"),
          Map.entry("invoicesection", "InvoiceSectionName"),
          Map.entry("resourcegroupname", "ResourceGroup"),
          Map.entry("subscriptionguid", "SubscriptionId"));

  static final Map<String, List<String>> MANDATORY =
      Map.of(
          "CostInBillingCurrency", List.of("CostInBillingCurrency"),
          "BillingPeriodStartDate", List.of("BillingPeriodStartDate"),
          "Date", List.of("Date"),
          "ChargeType", List.of("ChargeType"));

  static final Set<String> REQUIRED_VALUES =
      Set.of("CostInBillingCurrency", "BillingPeriodStartDate", "Date", "ChargeType");

  @Override
  public String bronzeDdl() {
    return "tables/bronze/azure_cost.ddl";
  }

  /** {@code MM/DD/YYYY} (what exports write) or {@code YYYY-MM-DD…}; null when neither. */
  public static Column date(Column delivered) {
    Column s = trim(delivered);
    String us = "^(\\d{1,2})/(\\d{1,2})/(\\d{4})";
    String iso = "^(\\d{4})-(\\d{2})-(\\d{2})";
    return when(
            s.rlike(us),
            make_date(
                regexp_extract(s, us, 3).cast("int"),
                regexp_extract(s, us, 1).cast("int"),
                regexp_extract(s, us, 2).cast("int")))
        .when(
            s.rlike(iso),
            make_date(
                regexp_extract(s, iso, 1).cast("int"),
                regexp_extract(s, iso, 2).cast("int"),
                regexp_extract(s, iso, 3).cast("int")));
  }

  @Override
  public Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId) {
    StructType bronze = SqlFiles.schema(bronzeDdl());
    Map<String, String> byLowerName = new HashMap<>();
    for (StructField f : bronze.fields()) {
      byLowerName.put(f.name().toLowerCase(Locale.ROOT), f.name());
    }
    Function<String, String> rename =
        name -> {
          String lower = name.toLowerCase(Locale.ROOT);
          return RENAMED.getOrDefault(lower, byLowerName.getOrDefault(lower, name));
        };
    Column period = date_format(date(col("BillingPeriodStartDate")), "yyyy-MM");
    return TabularFiles.read(
        spark, source, files, bronze, rename, MANDATORY, REQUIRED_VALUES, period, ingestId);
  }
}
