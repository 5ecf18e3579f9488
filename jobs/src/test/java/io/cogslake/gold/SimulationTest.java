package io.cogslake.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.ConfigLoader;
import io.cogslake.errors.CogsException;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 1, the spend simulator, on hand-worked figures. The company of the tests (March
 * 2025): - customer A, product assistant, feature chat: 100 actions, each a `primary` call of 2,000
 * input tokens on model big ($10 per million: $0.02) and a `classifier` call of 1,000 on small ($1
 * per million: $0.001); plus 5.00 of hosting (not AI). Chat's COGS: 2.00 + 0.10 + 5.00 = 7.10. A
 * pays 10.00. - customer heavy, the seed's power user, feature research: 500 `answer` calls of
 * 5,000 input tokens on large ($0.05 per 1K: $0.25) = 125.00. heavy pays 100.00: under water.
 * Billed equals list, so every call's billed-to-list ratio is 1.
 */
class SimulationTest extends SparkTestBase {
  @TempDir Path dir;
  Lake lake;
  CogsConfig config;

  @BeforeEach
  void company() throws Exception {
    config = TestLakes.config(dir.resolve("lake"));
    config.prices =
        Files.writeString(
                dir.resolve("prices.csv"),
                "provider,model,token_type,price_per_million,currency,effective_from,effective_to\n"
                    + "openai,big,input,10,USD,2025-01-01,\nopenai,small,input,1,USD,2025-01-01,\nopenai,tiny,input,0.2,USD,2025-01-01,\n"
                    + "openai,large,input,50,USD,2025-01-01,\nopenai,large,cache_read,5,USD,2025-01-01,\n")
            .toString();
    lake = TestLakes.open(spark, config);
    TestTables.put(
        spark,
        lake,
        Tables.REVENUE,
        "select 'A' as customer, 'assistant' as product, 'paid' as plan, 'ai' as stream, 10 as revenue_reporting, '2025-03' as billing_period"
            + " union all select 'heavy', 'assistant', 'paid', 'ai', 100, '2025-03'");
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select concat('p', id) as event_id, date'2025-03-10' as usage_date, 'openai' as provider, 'big' as model, 2000 as input_tokens, 0 as output_tokens,"
            + " 'A' as customer, 'a-user' as user, 'assistant' as product, 'chat' as feature, concat('t', id) as trace_id, 'primary' as step, '2025-03' as billing_period from range(100)"
            + " union all select concat('c', id), date'2025-03-10', 'openai', 'small', 1000, 0, 'A', 'a-user', 'assistant', 'chat', concat('t', id), 'classifier', '2025-03' from range(100)"
            + " union all select concat('h', id), date'2025-03-10', 'openai', 'large', 5000, 0, 'heavy', 'h-user', 'assistant', 'research', concat('h', id), 'answer', '2025-03' from range(500)");
    String classified =
        "select 'pool-big' as pool_id, 'A' as customer, 'assistant' as product, 'chat' as feature, 'usage' as method, 2.00 as amount, 'openai' as x_Provider, 'big' as x_Model,"
            + " 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai, '2025-03' as billing_period"
            + " union all select 'pool-small', 'A', 'assistant', 'chat', 'usage', 0.10, 'openai', 'small', 'COGS', 'inference', true, '2025-03'"
            + " union all select 'pool-host', 'A', 'assistant', 'chat', 'proportional', 5.00, 'aws', null, 'COGS', 'infrastructure', false, '2025-03'"
            + " union all select 'pool-large', 'heavy', 'assistant', 'research', 'usage', 125.00, 'openai', 'large', 'COGS', 'inference', true, '2025-03'";
    TestTables.put(spark, lake, Tables.COST_CLASSIFIED, classified);
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        "select pool_id, customer, product, feature, method, amount, x_Provider, x_Model, billing_period from ("
            + classified
            + ")");
  }

  private void simulate(String simulations) {
    config.simulations =
        new ConfigLoader(k -> null)
            .parse("lake: unused\nsimulations:\n" + simulations, dir, "cogs.yaml")
            .simulations;
    TestLakes.run(lake, config, List.of("gold", "simulate"), "2025-03");
  }

  /**
   * - small_model, the seed's switch: A's primary calls on small, same tokens: $0.02 → $0.002 a
   * call, 2.00 → 0.20. Chat 7.10 → 5.30 (saving 1.80 = 25.3521%), $0.071 → $0.053 per action; the
   * classifier calls and the hosting are not touched, so 5.30 is exactly 7.10 − 2.00 + 0.20. -
   * fifty_x_cheaper: tiny costs 1/50 of big a token ($0.0004 a call), but the calls per request
   * rise 5x: $0.002 an action, a tenfold saving on the calls (2.00 → 0.20), not fiftyfold. -
   * response_cache on heavy: 20% of calls answered from a cache, 60% of input read from the prompt
   * cache at $5 per million: a call is 2,000 × $50/M + 3,000 × $5/M = $0.115, × 0.8 = $0.092; 500 ×
   * 0.092 = 46.00, saving 79.00 = 63.2%. AI margin of assistant: revenue 110; AI COGS 2.10 + 125 =
   * 127.10 today → (110 − 127.10)/110 = −15.5455%; small_model 125.30 → −13.9091%; response_cache
   * 2.10 + 46 = 48.10 → 56.2727%. heavy (125 > 100) is under water today and after all but the
   * cache (46 < 100).
   */
  @Test
  void aCheaperModelACheaperModelThatCallsMoreAndAResponseCache() throws Exception {
    simulate(
        "  - {name: small_model, where: \"step = 'primary'\", model: {provider: openai, model: small}}\n"
            + "  - {name: fifty_x_cheaper, where: \"step = 'primary'\", model: {provider: openai, model: tiny}, calls_factor: 5}\n"
            + "  - {name: response_cache, where: \"customer = 'heavy'\", response_cache_hit_rate: 0.2, cache_read_share: 0.6}\n");

    assertEquals(
        String.join(
            "\n",
            "fifty_x_cheaper chat 200 100 7.1 5.3 1.8 25.3521 0.071 0.053 -15.5455 -13.9091 1 1",
            "fifty_x_cheaper research 500 500 125 125 0 0 0.25 0.25 -15.5455 -13.9091 1 1",
            "response_cache chat 200 100 7.1 7.1 0 0 0.071 0.071 -15.5455 56.2727 1 0",
            "response_cache research 500 500 125 46 79 63.2 0.25 0.092 -15.5455 56.2727 1 0",
            "small_model chat 200 100 7.1 5.3 1.8 25.3521 0.071 0.053 -15.5455 -13.9091 1 1",
            "small_model research 500 500 125 125 0 0 0.25 0.25 -15.5455 -13.9091 1 1"),
        rowsText(
            "select scenario, feature, requests, actions, baseline_cogs, simulated_cogs, saving, saving_pct, baseline_cost_per_action,"
                + " simulated_cost_per_action, baseline_ai_gross_margin_pct, simulated_ai_gross_margin_pct, customers_above_revenue_before,"
                + " customers_above_revenue_after from gold.simulation where product = 'assistant' order by scenario, feature"));
    assertEquals(
        String.join(
            "\n",
            "response_cache A 10 7.1 7.1 0 false false",
            "response_cache heavy 100 125 46 79 true false",
            "small_model A 10 7.1 5.3 1.8 false false",
            "small_model heavy 100 125 125 0 true true"),
        rowsText(
            "select scenario, customer, revenue, baseline_cogs, simulated_cogs, saving, above_revenue_before, above_revenue_after"
                + " from gold.simulation_customers where scenario in ('small_model', 'response_cache') order by scenario, customer"));

    // The month-end page's what-if (issue 15 item 4), per simulation over every feature (the rows
    // of 7 cells): COGS today 7.10 + 125
    // = 132.10; small_model and fifty_x_cheaper 5.30 + 125 = 130.30, saving 1.80 = 1.4% of 132.10;
    // the
    // cache 7.10 + 46 = 53.10, saving 79.00 = 59.8%. AI layer (revenue 110, AI COGS 127.10):
    // -15.55% today;
    // (110 - 125.30) / 110 = -13.91% after the model switch, (110 - 48.10) / 110 = 56.27% with the
    // cache.
    Path conf =
        Files.writeString(dir.resolve("report.yaml"), "lake: " + dir.resolve("lake") + "\n");
    assertEquals(
        0,
        io.cogslake.cli.CogsCli.execute(
            "report",
            "--conf",
            conf.toString(),
            "--period",
            "2025-03",
            "--out",
            dir.resolve("pack").toString()));
    String page = Files.readString(dir.resolve("pack").resolve("cogs-month-end-2025-03.html"));
    for (String row :
        List.of(
            "fifty_x_cheaper 132.10 130.30 1.80 1.40 -15.55 -13.91",
            "response_cache 132.10 53.10 79.00 59.80 -15.55 56.27",
            "small_model 132.10 130.30 1.80 1.40 -15.55 -13.91",
            // cost per action, feature by feature: chat $0.071 -> $0.053 under the switch, research
            // $0.25 -> $0.092 with the cache
            "small_model assistant chat 100 0.0710 0.0530 -15.55 -13.91",
            "response_cache assistant research 500 0.2500 0.0920 -15.55 56.27")) {
      String[] cells = row.split(" ");
      StringBuilder html = new StringBuilder("<tr><td>" + cells[0] + "</td>");
      int text = cells.length == 8 ? 3 : 1; // scenario, product, feature are text cells
      for (int i = 1; i < text; i++) {
        html.append("<td>").append(cells[i]).append("</td>");
      }
      for (int i = text; i < cells.length; i++) {
        html.append("<td class=\"n\">").append(cells[i]).append("</td>");
      }
      org.junit.jupiter.api.Assertions.assertTrue(
          page.contains(html + "</tr>"), row + " in\n" + page);
    }
    org.junit.jupiter.api.Assertions.assertTrue(
        page.contains("<img src=\"cogs-month-end-2025-03-charts/what_if.png\""), page);
    org.junit.jupiter.api.Assertions.assertTrue(
        Files.size(
                dir.resolve("pack").resolve("cogs-month-end-2025-03-charts").resolve("what_if.png"))
            > 1000);
  }

  /**
   * A scenario that moves calls to a model the price book lacks fails naming the model, never
   * costing zero.
   */
  @Test
  void aModelWithoutAPriceIsAnErrorNamingIt() {
    CogsException e =
        assertThrows(
            CogsException.class,
            () ->
                simulate(
                    "  - {name: ghost, where: \"step = 'primary'\", model: {provider: openai, model: gpt-unpriced}}\n"));
    assertEquals(
        "Simulation ghost: the price book has no input price for model gpt-unpriced of provider openai on 2025-03-10"
            + " (add it to prices, or pick a priced model)",
        e.getMessage());
  }
}
