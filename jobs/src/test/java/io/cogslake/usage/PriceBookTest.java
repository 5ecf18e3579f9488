package io.cogslake.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage is priced at the price in effect on its day, from a price book given in the configuration.
 */
class PriceBookTest extends SparkTestBase {
  @TempDir Path dir;

  private static String bucket(long start, long uncachedInput) {
    return "{\"object\":\"bucket\",\"start_time\":"
        + start
        + ",\"end_time\":"
        + (start + 86400)
        + ",\"results\":["
        + "{\"object\":\"organization.usage.completions.result\",\"input_tokens\":"
        + uncachedInput
        + ",\"input_cached_tokens\":0,"
        + "\"input_uncached_tokens\":"
        + uncachedInput
        + ",\"output_tokens\":0,\"num_model_requests\":10,\"project_id\":null,"
        + "\"user_id\":null,\"api_key_id\":null,\"model\":\"gpt-4o-2024-08-06\",\"batch\":null,\"service_tier\":null}]}";
  }

  private static String event(String id, String time) {
    return "{\"event_id\":\""
        + id
        + "\",\"timestamp\":\""
        + time
        + "\",\"gen_ai.provider.name\":\"openai\","
        + "\"gen_ai.response.model\":\"gpt-4o-2024-08-06\",\"gen_ai.usage.input_tokens\":1000000,\"gen_ai.usage.output_tokens\":0}\n";
  }

  @Test
  void aPriceChangeInTheMiddleOfAMonthPricesEachDayAtItsOwnPrice() throws Exception {
    // gpt-4o input: 2.50 per million until 2026-07-15 (inclusive), 2.00 from 2026-07-16.
    Path prices = dir.resolve("prices.csv");
    Files.writeString(
        prices,
        "provider,model,token_type,price_per_million,currency,effective_from,effective_to\n"
            + "openai,gpt-4o,input,2.50,USD,2025-01-01,2026-07-15\n"
            + "openai,gpt-4o,input,2.00,USD,2026-07-16,\n");
    Path usage = Files.createDirectories(dir.resolve("landing/usage"));
    // 2026-07-15 00:00 UTC = 1784073600, 2026-07-16 = 1784160000, 2026-07-20 = 1784505600
    Files.writeString(
        usage.resolve("completions.json"),
        "{\"object\":\"page\",\"data\":["
            + bucket(1784073600L, 1000000)
            + ","
            + bucket(1784160000L, 1000000)
            + ","
            + bucket(1784505600L, 3000000)
            + "],\"has_more\":false,\"next_page\":null}");
    Path events = Files.createDirectories(dir.resolve("landing/events"));
    Files.writeString(
        events.resolve("events.jsonl"),
        event("a", "2026-07-15T23:59:59Z") + event("b", "2026-07-16T00:00:00Z"));
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"),
            new SourceConfig("oai_usage", "openai_usage", usage.toString()),
            new SourceConfig("events", "usage_events", events.toString()));
    config.prices = prices.toString();
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    // 1M x 2.50, 1M x 2.00, 3M x 2.00 per million.
    assertEquals(
        List.of("2026-07-15 1000000 2.5", "2026-07-16 1000000 2", "2026-07-20 3000000 6"),
        spark
            .sql(
                "select usage_date, tokens, priced_cost from silver.provider_usage order by usage_date")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.get(0)
                        + " "
                        + r.getLong(1)
                        + " "
                        + r.getDecimal(2).stripTrailingZeros().toPlainString())
            .toList());
    // The product's own events on either side of the change, priced the same way in the usage vs
    // bill check.
    assertEquals(
        List.of("2026-07-15 2.5 2.5 0", "2026-07-16 2 2 0", "2026-07-20 6 null 3000000"),
        spark
            .sql(
                "select usage_date, provider_priced_cost, events_priced_cost, untracked_tokens from silver.usage_gaps order by usage_date")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.get(0)
                        + " "
                        + r.getDecimal(1).stripTrailingZeros().toPlainString()
                        + " "
                        + (r.isNullAt(2)
                            ? "null"
                            : r.getDecimal(2).stripTrailingZeros().toPlainString())
                        + " "
                        + r.getLong(3))
            .toList());
  }
}
