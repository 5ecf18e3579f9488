package io.cogslake.ingest.focus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;

import io.cogslake.config.SourceConfig;
import io.cogslake.ingest.LandingFile;
import io.cogslake.ingest.SourceReader;
import io.cogslake.ingest.TabularFiles;
import io.cogslake.lake.SqlFiles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * FOCUS 1.0–1.3 cost and usage exports (CSV, optionally compressed; Parquet is read through its
 * string form) from any provider. Older column names are renamed to their 1.3 names; unknown and
 * {@code x_} columns are kept in {@code _extra}.
 */
public final class FocusReader implements SourceReader {
  /** Names of earlier FOCUS versions (and 1.0-preview) → the current name. */
  static final Map<String, String> RENAMED =
      Map.of(
          "UsageQuantity", "ConsumedQuantity",
          "UsageUnit", "ConsumedUnit",
          "AmortizedCost", "EffectiveCost",
          "ChargeType", "ChargeCategory",
          "Region", "RegionId");

  /** Columns without which a file is not FOCUS, with the names that satisfy each. */
  static final Map<String, List<String>> MANDATORY =
      Map.of(
          "BilledCost", List.of("BilledCost"),
          "EffectiveCost", List.of("EffectiveCost"),
          "BillingCurrency", List.of("BillingCurrency"),
          "BillingPeriodStart", List.of("BillingPeriodStart"),
          "ChargePeriodStart", List.of("ChargePeriodStart"),
          "ChargeCategory", List.of("ChargeCategory"),
          "ServiceProviderName", List.of("ServiceProviderName", "ProviderName"));

  static final Set<String> REQUIRED_VALUES =
      Set.of(
          "BilledCost",
          "EffectiveCost",
          "BillingCurrency",
          "BillingPeriodStart",
          "ChargePeriodStart",
          "ChargeCategory");

  @Override
  public String bronzeDdl() {
    return "tables/bronze/focus.ddl";
  }

  @Override
  public Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId) {
    StructType bronze = SqlFiles.schema(bronzeDdl());
    Function<String, String> rename = name -> RENAMED.getOrDefault(name, name);
    Column period = date_format(col("BillingPeriodStart"), "yyyy-MM");
    return TabularFiles.read(
        spark, source, files, bronze, rename, MANDATORY, REQUIRED_VALUES, period, ingestId);
  }
}
