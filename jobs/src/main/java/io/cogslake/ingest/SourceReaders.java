package io.cogslake.ingest;

import io.cogslake.errors.Errors;
import io.cogslake.ingest.aws.AwsCurReader;
import io.cogslake.ingest.azure.AzureCostReader;
import io.cogslake.ingest.focus.FocusReader;
import io.cogslake.ingest.gcp.GcpBillingReader;
import java.util.Map;
import java.util.Set;

/** The reader of each source type this build ingests into bronze. */
public final class SourceReaders {
  private static final Map<String, SourceReader> READERS =
      Map.of(
          "focus", new FocusReader(),
          "aws_cur", new AwsCurReader(),
          "azure_cost", new AzureCostReader(),
          "gcp_billing", new GcpBillingReader(),
          "revenue", new CompanyCsvReader("revenue", Set.of("period", "customer", "product", "plan", "revenue", "currency")),
          "invoices", new CompanyCsvReader("invoices", Set.of("provider", "invoice_id", "period", "currency", "total")),
          "openai_usage", new io.cogslake.ingest.reports.OpenAiUsageReader(),
          "openai_costs", new io.cogslake.ingest.reports.OpenAiCostsReader(),
          "anthropic_usage", new io.cogslake.ingest.reports.AnthropicUsageReader(),
          "anthropic_costs", new io.cogslake.ingest.reports.AnthropicCostsReader(),
          "usage_events", new io.cogslake.ingest.usage.UsageEventsReader(),
          "usage_metrics", new io.cogslake.ingest.usage.UsageMetricsReader());

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
