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
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI and Anthropic Admin API pages into the ledger and silver.provider_usage, to the last
 * decimal.
 */
class ProviderReportsTest extends SparkTestBase {
  @TempDir Path dir;

  private Path landing(String folder, String... fixtures) {
    Path target = dir.resolve("landing").resolve(folder);
    for (String fixture : fixtures) {
      TestLakes.copyFixture(fixture, target.resolve(Path.of(fixture).getFileName().toString()));
    }
    return target;
  }

  private static String plain(java.math.BigDecimal d) {
    return d == null ? "null" : d.stripTrailingZeros().toPlainString();
  }

  /** "day model amount" per ledger (day, model) of a provider, ordered. */
  private List<String> ledgerByDayAndModel(String provider) {
    return spark
        .sql(
            "select cast(to_date(ChargePeriodStart) as string), coalesce(x_Model, 'null'), sum(BilledCost) from silver.ledger"
                + " where x_Provider = '"
                + provider
                + "' group by 1, 2 order by 1, 2")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0) + " " + r.getString(1) + " " + plain(r.getDecimal(2)))
        .toList();
  }

  private Map<String, String> providerTokensByType(String provider) {
    return spark
        .sql(
            "select token_type, sum(tokens) from silver.provider_usage where provider = '"
                + provider
                + "' group by 1")
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> String.valueOf(r.getLong(1))));
  }

  private Map<String, String> pricedByModel(String provider) {
    return spark
        .sql(
            "select model, sum(priced_cost) from silver.provider_usage where provider = '"
                + provider
                + "' group by 1")
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> plain(r.getDecimal(1))));
  }

  @Test
  void openAiCostAndUsagePagesGiveLedgerLinesAndTokensEqualToTheJson() {
    Path costs =
        landing(
            "openai_costs", "openai/costs_2026-07_page1.json", "openai/costs_2026-07_page2.json");
    Path usage =
        landing(
            "openai_usage",
            "openai/usage_completions_2026-07_page1.json",
            "openai/usage_completions_2026-07_page2.json",
            "openai/usage_embeddings_2026-07.json");
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"),
            new SourceConfig("oai_costs", "openai_costs", costs.toString()),
            new SourceConfig("oai_usage", "openai_usage", usage.toString()));
    config.tags.aliases.put("openai", Map.of("project_id", "product"));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    assertEquals(0, spark.sql("select * from silver.quarantine").count());
    // Expected figures from fixtures/openai/expected.py (Python Decimal over the JSON's
    // amount.value).
    assertEquals(
        List.of(
            "2026-07-01 gpt-4o 5.634567890123456829",
            "2026-07-01 gpt-4o-mini 0.1351",
            "2026-07-01 null 0.35",
            "2026-07-02 gpt-4o 12.500000000000000001",
            "2026-07-02 null 0.1",
            "2026-07-03 gpt-4o 7.27",
            "2026-07-03 text-embedding-3-small 0.000001"),
        ledgerByDayAndModel("openai"));
    assertEquals(
        "25.98966889012345683",
        plain(
            spark
                .sql("select sum(BilledCost) from silver.ledger where x_Provider = 'openai'")
                .first()
                .getDecimal(0)));
    // Line items name the token type; quantities in tokens or thousands of tokens become raw token
    // counts.
    assertEquals(
        List.of("cache_read 240000", "input 493827", "output 410000"),
        spark
            .sql(
                "select x_TokenType, x_Tokens from silver.ledger where x_Model = 'gpt-4o'"
                    + " and to_date(ChargePeriodStart) = date'2026-07-01' order by 1")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0) + " " + r.getLong(1))
            .toList());
    Row line =
        spark
            .sql(
                "select * from silver.ledger where ChargeDescription = 'gpt-4o-2024-08-06, cached input'")
            .first();
    assertEquals("OpenAI", line.getAs("ServiceProviderName"));
    assertEquals("openai", line.getAs("x_ModelPublisher"));
    assertEquals("proj_SYNTHETIC_chat", line.getAs("x_ProviderAccount"));
    assertEquals(
        "proj_SYNTHETIC_chat",
        line.getAs("x_Product"),
        "project_id is a tag key aliased to product");
    assertEquals("2026-07", line.getAs("billing_period"));

    // Token totals by type from fixtures/openai/expected.py: input is uncached input.
    assertEquals(
        Map.of(
            "input", "2971221", "cache_read", "364456", "cache_write", "100", "output", "2237156"),
        providerTokensByType("openai"));
    // Priced from the shipped price book (batch: true at the batch tier),
    // fixtures/openai/expected.py.
    assertEquals(
        Map.of(
            "gpt-4o",
            "28.5023925",
            "gpt-4o-mini",
            "0.0751599",
            "text-embedding-3-small",
            "0.000001"),
        pricedByModel("openai"));
    assertEquals(
        200,
        spark
            .sql(
                "select requests from silver.provider_usage where usage_date = date'2026-07-02' and provider_account = 'proj_SYNTHETIC_chat'"
                    + " and token_type = 'output'")
            .first()
            .getLong(0));

    // The usage vs bill check has a row per day and model with both sides.
    Row gap =
        spark
            .sql(
                "select * from silver.usage_gaps where usage_date = date'2026-07-02' and model = 'gpt-4o'")
            .first();
    assertEquals("12.5", plain(gap.getAs("billed_cost")));
    assertEquals(2001290L, (long) gap.getAs("provider_tokens"));
  }

  @Test
  void aRestatedPageReplacesItsBucketAndGroupByKeyAndTheSameFilesTwiceChangeNothing()
      throws Exception {
    Path costs =
        landing(
            "openai_costs", "openai/costs_2026-07_page1.json", "openai/costs_2026-07_page2.json");
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"), new SourceConfig("oai_costs", "openai_costs", costs.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    assertEquals(
        "25.98966889012345683",
        plain(spark.sql("select sum(BilledCost) from silver.ledger").first().getDecimal(0)));

    // A later delivery restates one result of 2026-07-03 (same bucket, same line_item and
    // project_id).
    Files.writeString(
        costs.resolve("costs_2026-07_page2_restated.json"),
        "{\"object\":\"page\",\"data\":[{\"object\":\"bucket\",\"start_time\":1783036800,\"end_time\":1783123200,\"results\":["
            + "{\"object\":\"organization.costs.result\",\"amount\":{\"value\":8.00,\"currency\":\"usd\"},"
            + "\"line_item\":\"gpt-4o-2024-08-06, Output\",\"project_id\":\"proj_SYNTHETIC_chat\",\"api_key_id\":null,"
            + "\"quantity\":800000,\"quantity_unit\":\"tokens\"}]}],\"has_more\":false,\"next_page\":null}");
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    // 7.27 - 7.77 + 8.00 on that day; every other day unchanged.
    assertEquals(
        List.of(
            "2026-07-01 gpt-4o 5.634567890123456829",
            "2026-07-01 gpt-4o-mini 0.1351",
            "2026-07-01 null 0.35",
            "2026-07-02 gpt-4o 12.500000000000000001",
            "2026-07-02 null 0.1",
            "2026-07-03 gpt-4o 7.5",
            "2026-07-03 text-embedding-3-small 0.000001"),
        ledgerByDayAndModel("openai"));
  }

  @Test
  void anthropicReportsGiveDollarsFromCentsAndEveryTokenType() {
    Path costs =
        landing(
            "anthropic_costs",
            "anthropic/cost_report_2026-07_page1.json",
            "anthropic/cost_report_2026-07_page2.json");
    Path usage =
        landing(
            "anthropic_usage",
            "anthropic/usage_report_messages_2026-07_page1.json",
            "anthropic/usage_report_messages_2026-07_page2.json");
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"),
            new SourceConfig("claude_costs", "anthropic_costs", costs.toString()),
            new SourceConfig("claude_usage", "anthropic_usage", usage.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    assertEquals(0, spark.sql("select * from silver.quarantine").count());
    // Expected figures from fixtures/anthropic/expected.py: Decimal(amount) / 100 per day and
    // model.
    assertEquals(
        List.of(
            "2026-07-01 claude-haiku-4-5 0.010075",
            "2026-07-01 claude-sonnet-4-5 1.43406",
            "2026-07-01 null 0.03",
            "2026-07-03 claude-sonnet-4-5 8.01204885",
            "2026-07-03 null 0.133456789012"),
        ledgerByDayAndModel("anthropic"));
    assertEquals(
        "9.619640639012",
        plain(
            spark
                .sql("select sum(BilledCost) from silver.ledger where x_Provider = 'anthropic'")
                .first()
                .getDecimal(0)));
    assertEquals(
        List.of("cache_read 0.18336", "cache_write 0.096", "input 0.54702", "output 0.60768"),
        spark
            .sql(
                "select x_TokenType, sum(EffectiveCost) from silver.ledger where x_Model = 'claude-sonnet-4-5'"
                    + " and to_date(ChargePeriodStart) = date'2026-07-01' group by 1 order by 1")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0) + " " + plain(r.getDecimal(1)))
            .toList());

    // Token totals from fixtures/anthropic/expected.py; cache writes are the 5-minute (24000) and
    // 1-hour (3000) ones.
    assertEquals(
        Map.of(
            "input",
            "1191457",
            "cache_read",
            "611205",
            "cache_write",
            "27000",
            "output",
            "376064",
            "web_search",
            "4"),
        providerTokensByType("anthropic"));
    assertEquals(
        "24000 3000",
        spark
            .sql(
                "select sum(cache_creation_5m_input_tokens), sum(cache_creation_1h_input_tokens) from bronze.claude_usage")
            .collectAsList()
            .stream()
            .map(r -> r.getLong(0) + " " + r.getLong(1))
            .findFirst()
            .orElseThrow());
    // 1-hour writes at the cache_1h tier, batch usage at the batch tier:
    // fixtures/anthropic/expected.py.
    assertEquals(
        Map.of("claude-sonnet-4-5", "9.4862425", "claude-haiku-4-5", "0.010075"),
        pricedByModel("anthropic"));
    assertEquals(
        1,
        spark
            .sql(
                "select * from silver.provider_usage where provider_account is null and model = 'claude-haiku-4-5'"
                    + " and token_type = 'input'")
            .count(),
        "the Default workspace (null) is kept");
  }

  @Test
  void anthropicAmountsAsNumbersOrStringsReachTheLedgerExactly() throws Exception {
    // 19 significant digits (a double keeps 17), within the 12 decimals of a cent that bronze
    // keeps: once as a
    // JSON number, which Spark would read through a double, once as the API's decimal string.
    String page =
        new String(
            ProviderReportsTest.class
                .getClassLoader()
                .getResourceAsStream("fixtures/anthropic/cost_report_2026-07_page1.json")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    String exact =
        page.replaceFirst("\"amount\": \"54.702\"", "\"amount\": 1234567.890123456789")
            .replaceFirst("\"9.0\"", "\"123.456789012345\"");
    assertEquals(false, exact.equals(page));
    Path costs = Files.createDirectories(dir.resolve("landing/exact"));
    Files.writeString(costs.resolve("cost_report_page1.json"), exact);
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"),
            new SourceConfig("claude_exact", "anthropic_costs", costs.toString()));
    TestLakes.run(TestLakes.open(spark, config), config, List.of("ingest", "normalize"));

    assertEquals(0, spark.sql("select * from silver.quarantine").count());
    List<Row> firstTwo =
        spark
            .sql(
                "select x_SourceRow, BilledCost, EffectiveCost from silver.ledger where x_SourceRow <= 2 order by 1")
            .collectAsList();
    assertEquals(2, firstTwo.size(), firstTwo.toString());
    // dollars = cents / 100, to the last digit
    assertEquals(
        new java.math.BigDecimal("12345.67890123456789"),
        firstTwo.get(0).getDecimal(1).stripTrailingZeros());
    assertEquals(
        new java.math.BigDecimal("12345.67890123456789"),
        firstTwo.get(0).getDecimal(2).stripTrailingZeros());
    assertEquals(
        new java.math.BigDecimal("1.23456789012345"),
        firstTwo.get(1).getDecimal(1).stripTrailingZeros());
  }
}
