package io.cogslake.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AI layer of a bundled product (the seeds' layered margin): AI revenue by stream or share
 * against AI COGS, product rows adding up to ALL in both layers, and the stress baseline equal to
 * the ai layer.
 */
class AiLayerMarginTest extends SparkTestBase {
  @TempDir Path dir;
  Lake lake;
  CogsConfig config;

  @BeforeEach
  void lake() throws Exception {
    config = TestLakes.config(dir.resolve("lake"));
    // Input tokens of model m at $10 per million.
    config.prices =
        Files.writeString(
                dir.resolve("prices.csv"),
                "provider,model,token_type,price_per_million,currency,effective_from,effective_to\nopenai,m,input,10,USD,2025-01-01,\n")
            .toString();
    lake = TestLakes.open(spark, config);
  }

  /**
   * Customer c buys the assistant: a platform licence of 850.00 and AI usage of 150.00 (streams).
   * Serving it costs 89.10 of model calls (AI, inference, four users' calls) and 67.90 of hosting
   * (not AI); 10.00 of production inference found no customer and no product.
   */
  private void bundledAssistant() {
    TestTables.put(
        spark,
        lake,
        Tables.REVENUE,
        "select 'c' as customer, 'assistant' as product, 'paid' as plan, 'platform' as stream, 850 as revenue_reporting, '2025-04' as billing_period"
            + " union all select 'c', 'assistant', 'paid', 'ai', 150, '2025-04'");
    // Four users' calls: 4,000, 2,000, 2,000 and 1,000 input tokens (priced 0.04, 0.02, 0.02,
    // 0.01).
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select concat('e', u) as event_id, date'2025-04-10' as usage_date, 'openai' as provider, 'm' as model, tokens as input_tokens, 0 as output_tokens,"
            + " 'c' as customer, u as user, 'assistant' as product, 'chat' as feature, concat('t', u) as trace_id, 'primary' as step, '2025-04' as billing_period"
            + " from values ('u1', 4000), ('u2', 2000), ('u3', 2000), ('u4', 1000) as t(u, tokens)");
    TestTables.put(
        spark,
        lake,
        Tables.COST_CLASSIFIED,
        "select 'c' as customer, 'assistant' as product, 'chat' as feature, 'usage' as method, 'openai' as x_Provider, 'm' as x_Model,"
            + " 89.10 as amount, 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai, '2025-04' as billing_period"
            + " union all select 'c', 'assistant', null, 'proportional', 'aws', null, 67.90, 'COGS', 'infrastructure', false, '2025-04'"
            + " union all select 'unallocated', null, null, 'unallocated', 'openai', 'm', 10.00, 'COGS', 'inference', true, '2025-04'");
  }

  @Test
  void aBundledProductsAiLayerIsFarBelowItsBlendedMargin() {
    bundledAssistant();
    TestLakes.run(lake, config, List.of("gold"), "2025-04");

    // assistant blended: (1,000.00 - 157.00) / 1,000.00 = 84.3%; ai layer: (150.00 - 89.10) /
    // 150.00 = 40.6%.
    // unallocated: no revenue, 10.00 of AI COGS. ALL = assistant + unallocated in both layers:
    // blended (1,000 - 167) / 1,000 = 83.3%; ai (150 - 99.10) / 150 = 33.9333%.
    assertEquals(
        "ALL ai 150 99.1 33.9333\nALL blended 1000 167 83.3\nassistant ai 150 89.1 40.6\nassistant blended 1000 157 84.3"
            + "\nunallocated ai 0 10 null\nunallocated blended 0 10 null",
        rowsText(
            "select product, layer, revenue, cogs, gross_margin_pct from gold.gross_margin order by product, layer"));
    // Product rows add up to ALL, in revenue and COGS, for both layers.
    assertEquals(
        "",
        rowsText(
            "select a.layer from gold.gross_margin a join (select layer, sum(revenue) as r, sum(cogs) as c from gold.gross_margin"
                + " where product <> 'ALL' group by 1) p using (layer) where a.product = 'ALL' and (a.revenue <> p.r or a.cogs <> p.c)"));
  }

  @Test
  void theStressBaselineIsTheAiLayerAndEachScenarioMovesItByHand() {
    bundledAssistant();
    CogsConfig.StressScenario heavy = new CogsConfig.StressScenario();
    heavy.name = "heavy_users_3x_top_quarter";
    heavy.heavyUserMultiplier = new BigDecimal("3");
    heavy.heavyUserShare = new BigDecimal("0.25");
    config.stress.scenarios = new java.util.ArrayList<>(config.stress.scenarios);
    config.stress.scenarios.add(heavy);
    TestLakes.run(lake, config, List.of("gold"), "2025-04");

    // baseline = gold.gross_margin's ai layer, per product and ALL, to the last unit
    assertEquals(
        "",
        rowsText(
            "select s.product from gold.stress s join gold.gross_margin g using (billing_period, product)"
                + " where g.layer = 'ai' and s.scenario = 'baseline' and (s.ai_cogs <> g.cogs or s.ai_revenue <> g.revenue"
                + " or not (s.ai_gross_margin_pct <=> g.gross_margin_pct))"));
    // assistant: token price +50%: 89.10 x 1.5 = 133.65 -> (150 - 133.65) / 150 = 10.9%;
    // 1.2x buffer on all AI COGS: 89.10 x 1.2 = 106.92 -> 28.72%;
    // heavy users: u1's calls cost 89.10 x 0.04 / 0.09 = 39.60, the top ceil(25% x 4) = 1 user, x3:
    // 89.10 + 39.60 x 2 = 168.30 -> (150 - 168.30) / 150 = -12.2%; the default top 1% is ceil(0.04)
    // = 1
    // user too: the same 168.30.
    assertEquals(
        "baseline 89.1 40.6\nheavy_users_3x_top_1pct 168.3 -12.2\nheavy_users_3x_top_quarter 168.3 -12.2"
            + "\ntoken_price_plus_50pct 133.65 10.9\nvariance_buffer_1_2x 106.92 28.72",
        rowsText(
            "select scenario, ai_cogs, ai_gross_margin_pct from gold.stress where product = 'assistant' order by scenario"));
    // ALL under +50%: (89.10 + 10.00) x 1.5 = 148.65 against 150: 0.9%.
    assertEquals(
        "148.65 0.9",
        rowsText(
            "select ai_cogs, ai_gross_margin_pct from gold.stress where product = 'ALL' and scenario = 'token_price_plus_50pct'"));
  }

  @Test
  void aShareOfAProductsRevenueIsAiRevenueByAssumption() {
    // The writer product has no streams; management assumes 25% of it is the AI feature: 400 x 0.25
    // = 100.
    // AI COGS 30.00 -> (100 - 30) / 100 = 70%; blended (400 - 30) / 400 = 92.5%.
    config.aiRevenue.shares = Map.of("writer", new BigDecimal("0.25"));
    TestTables.put(
        spark,
        lake,
        Tables.REVENUE,
        "select 'w' as customer, 'writer' as product, 'paid' as plan, 400 as revenue_reporting, '2025-04' as billing_period");
    TestTables.put(
        spark,
        lake,
        Tables.COST_CLASSIFIED,
        "select 'w' as customer, 'writer' as product, 30.00 as amount, 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai,"
            + " '2025-04' as billing_period");
    TestLakes.run(lake, config, List.of("gold"), "2025-04");
    assertEquals(
        "writer ai 100 30 70\nwriter blended 400 30 92.5",
        rowsText(
            "select product, layer, revenue, cogs, gross_margin_pct from gold.gross_margin where product = 'writer' order by layer"));
  }
}
