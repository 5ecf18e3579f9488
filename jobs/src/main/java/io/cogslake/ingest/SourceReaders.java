package io.cogslake.ingest;

import io.cogslake.errors.Errors;
import io.cogslake.ingest.aws.AwsCurReader;
import io.cogslake.ingest.azure.AzureCostReader;
import io.cogslake.ingest.focus.FocusReader;
import io.cogslake.ingest.gcp.GcpBillingReader;
import io.cogslake.ingest.reports.AnthropicCostsReader;
import io.cogslake.ingest.reports.AnthropicUsageReader;
import io.cogslake.ingest.reports.OpenAiCostsReader;
import io.cogslake.ingest.reports.OpenAiUsageReader;
import io.cogslake.ingest.usage.UsageEventsReader;
import io.cogslake.ingest.usage.UsageMetricsReader;
import java.util.Map;
import java.util.Set;

/** The reader of each source type this build ingests into bronze. */
public final class SourceReaders {
  private static final Map<String, SourceReader> READERS =
      Map.ofEntries(
          Map.entry("focus", new FocusReader()),
          Map.entry("aws_cur", new AwsCurReader()),
          Map.entry("azure_cost", new AzureCostReader()),
          Map.entry("gcp_billing", new GcpBillingReader()),
          Map.entry("openai_usage", new OpenAiUsageReader()),
          Map.entry("openai_costs", new OpenAiCostsReader()),
          Map.entry("anthropic_usage", new AnthropicUsageReader()),
          Map.entry("anthropic_costs", new AnthropicCostsReader()),
          Map.entry("usage_events", new UsageEventsReader()),
          Map.entry("usage_metrics", new UsageMetricsReader()),
          Map.entry("revenue", new CompanyCsvReader("revenue", Set.of("period", "customer", "product", "plan", "revenue", "currency"))),
          Map.entry("invoices", new CompanyCsvReader("invoices", Set.of("provider", "invoice_id", "period", "currency", "total"))));

  private SourceReaders() {}

  public static boolean supports(String sourceType) {
    return READERS.containsKey(sourceType);
  }

  public static SourceReader forType(String sourceType) {
    SourceReader reader = READERS.get(sourceType);
    if (reader == null) {
      throw Errors.config("Source type %s is not supported by this build", sourceType);
    }
    return reader;
  }
}
