package io.cogslake.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked examples finance readers know, through the gold SQL. */
class GoldWorkedExamplesTest extends SparkTestBase {
  @TempDir Path dir;
  Lake lake;
  CogsConfig config;

  @BeforeEach
  void lake() throws Exception {
    config = TestLakes.config(dir.resolve("lake"));
    config.aiProducts = List.of("assistant");
    // $0.01 per 1,000 tokens and $0.05 per 1,000 tokens.
    config.prices =
        Files.writeString(
                dir.resolve("prices.csv"),
                "provider,model,token_type,price_per_million,currency,effective_from,effective_to\n"
                    + "openai,small,input,10,USD,2025-01-01,\nopenai,large,input,50,USD,2025-01-01,\n")
            .toString();
    lake = TestLakes.open(spark, config);
  }

  @Test
  void aPowerUserCostsMoreThanTheRevenueAndATypicalUserOnePercent() {
    // $100 ARPU each. Customer light: one user, 50 interactions of 2,000 tokens at $0.01/1k =
    // $1.00.
    // Customer heavy: one user, 500 interactions of 5,000 tokens at $0.05/1k = $125.00.
    TestTables.put(
        spark,
        lake,
        Tables.REVENUE,
        "select 'light' as customer, 'assistant' as product, 'paid' as plan, 100 as revenue, 'USD' as currency, 100 as revenue_reporting, '2025-03' as billing_period"
            + " union all select 'heavy', 'assistant', 'paid', 100, 'USD', 100, '2025-03'");
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select concat('l', id) as event_id, date'2025-03-10' as usage_date, 'openai' as provider, 'small' as model, 2000 as input_tokens, 0 as output_tokens,"
            + " 'light' as customer, 'light-user' as user, 'assistant' as product, 'chat' as feature, concat('t', id) as trace_id, 'primary' as step, '2025-03' as billing_period from range(50)"
            + " union all select concat('h', id), date'2025-03-10', 'openai', 'large', 5000, 0, 'heavy', 'heavy-user', 'assistant', 'chat', concat('u', id), 'primary', '2025-03' from range(500)");
    TestTables.put(
        spark,
        lake,
        Tables.LEDGER,
        "select 'line-small' as x_LedgerId, 'openai' as x_Provider, 'small' as x_Model, 'input' as x_TokenType, 1.00 as BilledCost, 1.00 as EffectiveCost, 1.00 as x_EffectiveCostReporting, 'USD' as BillingCurrency, 'INV-3' as InvoiceId, '2025-03' as billing_period"
            + " union all select 'line-large', 'openai', 'large', 'input', 125.00, 125.00, 125.00, 'USD', 'INV-3', '2025-03'");
    String classified =
        "select 'line-small' as x_LedgerId, 'light' as customer, 'assistant' as product, 'chat' as feature, 'usage' as method, 1.00 as amount, 'openai' as x_Provider, 'small' as x_Model,"
            + " 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai, '2025-03' as billing_period"
            + " union all select 'line-large', 'heavy', 'assistant', 'chat', 'usage', 125.00, 'openai', 'large', 'COGS', 'inference', true, '2025-03'";
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        classified
            .replace(", 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai", "")
            .replace(", 'COGS', 'inference', true", ""));
    TestTables.put(spark, lake, Tables.COST_CLASSIFIED, classified);
    TestTables.put(
        spark,
        lake,
        Tables.INVOICES,
        "select 'openai' as provider, 'INV-3' as invoice_id, 'USD' as currency, 125.50 as total, '2025-03' as billing_period");

    TestLakes.run(lake, config, List.of("gold"), "2025-03");

    assertEquals(
        "heavy paid 100 125 500 1 0.25 125 -25 -25\nlight paid 100 1 50 1 0.02 1 99 99",
        rowsText(
            "select customer, plan, revenue, cogs, requests, active_users, cost_per_request, cost_per_user, contribution_margin, margin_pct"
                + " from gold.customer_economics order by customer"));
    // Nearest rank over two users: P50 is the first, P90 and P99 the second.
    assertEquals(
        "assistant 2 1 125 125 1",
        rowsText(
            "select product, users, p50_cost_per_user, p90_cost_per_user, p99_cost_per_user, users_cost_above_revenue from gold.user_cost_distribution"));
    assertEquals(
        "assistant chat 550 126 0.25 0.25",
        rowsText(
            "select product, feature, requests, cogs, p50_cost_per_request, p99_cost_per_request from gold.feature_economics"));
    assertEquals(
        "ALL ai 200 126 74 37\nALL blended 200 126 74 37\nassistant ai 200 126 74 37\nassistant blended 200 126 74 37",
        rowsText(
            "select product, layer, revenue, cogs, gross_profit, gross_margin_pct from gold.gross_margin order by product, layer"));
    // The ledger bills 126.00, the invoice says 125.50: 0.50 over.
    assertEquals(
        "openai INV-3 126 125.5 0.5 over",
        rowsText(
            "select provider, invoice_id, ledger_total, invoice_total, difference, status from gold.reconciliation"));
    assertEquals(
        "chat primary 550 1 0.2290909091",
        rowsText(
            "select feature, step, actions, calls_per_action, cost_per_action from gold.cost_tree"));
  }

  @Test
  void anAiLayerAtFortyPercentFallsToTenWithPricesUpHalfAndTo28UnderABuffer() {
    TestTables.put(
        spark,
        lake,
        Tables.REVENUE,
        "select 'c' as customer, 'assistant' as product, 'paid' as plan, 100 as revenue_reporting, '2025-04' as billing_period");
    TestTables.put(
        spark,
        lake,
        Tables.COST_CLASSIFIED,
        "select 'l1' as x_LedgerId, 'c' as customer, 'assistant' as product, 60 as amount, 'openai' as x_Provider, 'COGS' as pnl_category,"
            + " 'inference' as cost_component, true as is_ai, '2025-04' as billing_period");
    TestLakes.run(lake, config, List.of("gold"), "2025-04");
    assertEquals(
        "assistant baseline 40\nassistant heavy_users_3x_top_1pct 40\nassistant token_price_plus_50pct 10\nassistant variance_buffer_1_2x 28",
        rowsText(
            "select product, scenario, ai_gross_margin_pct from gold.stress where product = 'assistant' order by scenario"));
  }
}
