package io.cogslake.sources;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cogslake.errors.Errors;
import io.cogslake.ingest.CompanyCsvReader;
import io.cogslake.ingest.aws.AwsCurReader;
import io.cogslake.ingest.azure.AzureCostReader;
import io.cogslake.ingest.focus.FocusReader;
import io.cogslake.ingest.gcp.GcpBillingReader;
import io.cogslake.ingest.mapped.MappedCsvReader;
import io.cogslake.ingest.reports.AnthropicCostsReader;
import io.cogslake.ingest.reports.AnthropicUsageReader;
import io.cogslake.ingest.reports.OpenAiCostsReader;
import io.cogslake.ingest.reports.OpenAiUsageReader;
import io.cogslake.ingest.usage.UsageEventsReader;
import io.cogslake.ingest.usage.UsageMetricsReader;
import io.cogslake.sources.SourceType.Feeds;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;

/**
 * Every source type this build reads, each declared once. Adding a provider is one entry here, its
 * reader (or a shared one), its bronze DDL, its transform SQL, a fixture and a test (README,
 * "Adding a source").
 */
public final class SourceTypes {
  private static final Map<String, SourceType> TYPES =
      byName(
          List.of(
              new SourceType("focus", new FocusReader(), Feeds.LEDGER),
              new SourceType("aws_cur", new AwsCurReader(), Feeds.LEDGER),
              new SourceType("azure_cost", new AzureCostReader(), Feeds.LEDGER),
              new SourceType("gcp_billing", new GcpBillingReader(), Feeds.LEDGER),
              new SourceType("openai_costs", new OpenAiCostsReader(), Feeds.LEDGER),
              new SourceType("anthropic_costs", new AnthropicCostsReader(), Feeds.LEDGER),
              // any vendor's CSV or Parquet export, mapped to ledger columns by configuration: a
              // new vendor needs no Java
              new SourceType("mapped_csv", new MappedCsvReader(), Feeds.LEDGER),
              new SourceType("openai_usage", new OpenAiUsageReader(), Feeds.PROVIDER_USAGE),
              new SourceType("anthropic_usage", new AnthropicUsageReader(), Feeds.PROVIDER_USAGE),
              new SourceType("usage_events", new UsageEventsReader(), Feeds.USAGE),
              new SourceType("usage_metrics", new UsageMetricsReader(), Feeds.USAGE_METRICS),
              new SourceType(
                  "revenue",
                  new CompanyCsvReader(
                      "revenue",
                      Set.of("period", "customer", "product", "plan", "revenue", "currency")),
                  Feeds.REVENUE),
              new SourceType(
                  "invoices",
                  new CompanyCsvReader(
                      "invoices", Set.of("provider", "invoice_id", "period", "currency", "total")),
                  Feeds.INVOICES),
              // the customer list as at a month's end, from which gold.ltv_cac measures churn and
              // CAC
              new SourceType(
                  "customers",
                  new CompanyCsvReader(
                      "customers",
                      Set.of(
                          "period", "customer", "acquired_period", "acquisition_cost", "currency"),
                      List.of("acquired_period", "churned_period"),
                      customerListProblems()),
                  Feeds.CUSTOMERS),
              // the planned cost per period, against which gold.forecast_vs_actual sets the actual
              new SourceType(
                  "budget",
                  new CompanyCsvReader("budget", Set.of("period", "amount", "currency")),
                  Feeds.BUDGET)));

  private SourceTypes() {}

  /**
   * A customer list's rows that cannot be right: months out of order (of months that read YYYY-MM),
   * or a negative cost.
   */
  private static List<Column> customerListProblems() {
    Column acquired = col("acquired_period");
    Column churned = col("churned_period");
    Column listMonth = col("period");
    Column months =
        CompanyCsvReader.isMonth("acquired_period").and(CompanyCsvReader.isMonth("period"));
    Column churnMonths = months.and(CompanyCsvReader.isMonth("churned_period"));
    return List.of(
        when(col("acquisition_cost").lt(0), lit("acquisition_cost is negative")),
        when(
            months.and(acquired.gt(listMonth)),
            concat(
                lit("acquired_period '"),
                acquired,
                lit("' is after the month the list is as at ("),
                listMonth,
                lit(")"))),
        when(
            churnMonths.and(churned.lt(acquired)),
            concat(
                lit("churned_period '"),
                churned,
                lit("' is before acquired_period '"),
                acquired,
                lit("'"))),
        when(
            churnMonths.and(churned.gt(listMonth)),
            concat(
                lit("churned_period '"),
                churned,
                lit("' is after the month the list is as at ("),
                listMonth,
                lit(")"))));
  }

  public static Collection<SourceType> all() {
    return TYPES.values();
  }

  /** The type names, in declaration order (the values {@code sources[].type} may take). */
  public static List<String> names() {
    return List.copyOf(TYPES.keySet());
  }

  public static boolean isDeclared(String name) {
    return TYPES.containsKey(name);
  }

  /** The declared type; configuration validation has already refused any other name. */
  public static SourceType of(String name) {
    SourceType type = TYPES.get(name);
    if (type == null) {
      throw Errors.config(
          "Source type %s is not supported by this build (one of %s)",
          name, String.join(", ", names()));
    }
    return type;
  }

  /** True when the source type's rows feed the given silver table. */
  public static boolean feeds(String name, Feeds feeds) {
    return isDeclared(name) && TYPES.get(name).feeds() == feeds;
  }

  private static Map<String, SourceType> byName(List<SourceType> types) {
    Map<String, SourceType> map = new LinkedHashMap<>();
    types.forEach(
        t -> {
          if (map.put(t.name(), t) != null) {
            throw new IllegalStateException("source type " + t.name() + " is declared twice");
          }
        });
    return java.util.Collections.unmodifiableMap(map);
  }
}
