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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 2: price plans tried against each customer's actual cost (gold.pricing_scenarios).
 */
class PricingScenariosTest extends SparkTestBase {
  @TempDir Path dir;

  private static final String SCENARIOS =
      "pricing_scenarios:\n"
          + "  - {name: flat_seat, per_user: 100}\n"
          + "  - {name: usage_based, per_action: 0.30, platform_fee: 10}\n"
          + "  - {name: cost_plus, markup: 0.6}\n";

  /**
   * The seed's $1 and $125 users, each a customer of one user paying $20 today, and a team of two
   * users with $30 of AI revenue and $50 of platform revenue: - light: 50 actions, COGS 1.00 (all
   * AI); heavy: 500 actions, COGS 125.00; team: 4 actions, COGS 10.00. - actual: light 20 → (20 −
   * 1)/20 = 95%; heavy 20 → (20 − 125)/20 = −525%, under water; team 80 → 87.5%. AI layer (30 + 20
   * + 20 − 136)/70 = −94.2857%, as gold.gross_margin's ALL ai layer. - flat_seat ($100 per user):
   * light 100 → 99%; heavy 100 → −25%, still under water; team 2 × 100 + 50 platform = 250 → 96%.
   * AI layer (400 − 136)/400 = 66%. - usage_based ($0.30 per action + $10): light 10 + 15 = 25 →
   * 96%; heavy 10 + 150 = 160 → 21.875%, above water; team 10 + 1.20 + 50 = 61.20 → 83.6601%. AI
   * layer (196.20 − 136)/196.20 = 30.6830%. - cost_plus (AI COGS × 1.6 + platform revenue): light
   * 1.60 and heavy 200 → 37.5%; team 16 + 50 = 66 → 84.8485%. AI layer (217.60 − 136)/217.60 =
   * 37.5%.
   */
  @Test
  void theOneAndHundredTwentyFiveDollarUsersUnderFlatAndUsageBasedPricing() {
    CogsConfig config = TestLakes.config(dir.resolve("lake"));
    config.pricingScenarios = parse(SCENARIOS).pricingScenarios;
    Lake lake = TestLakes.open(spark, config);
    TestTables.put(
        spark,
        lake,
        Tables.REVENUE,
        "select 'light' as customer, 'assistant' as product, 'paid' as plan, 'ai' as stream, 20 as revenue_reporting, '2025-03' as billing_period"
            + " union all select 'heavy', 'assistant', 'paid', 'ai', 20, '2025-03'"
            + " union all select 'team', 'assistant', 'paid', 'ai', 30, '2025-03'"
            + " union all select 'team', 'workspace', 'paid', 'platform', 50, '2025-03'");
    // One call per action for light and heavy; the team's 4 actions make 2 calls each, by 2 users.
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select concat('l', id) as event_id, 'light' as customer, 'light-user' as user, concat('lt', id) as trace_id, '2025-03' as billing_period from range(50)"
            + " union all select concat('h', id), 'heavy', 'heavy-user', concat('ht', id), '2025-03' from range(500)"
            + " union all select concat('t', id), 'team', concat('team-user-', id % 2), concat('tt', id % 4), '2025-03' from range(8)");
    String classified =
        "select 'line-light' as x_LedgerId, 'light' as customer, 'assistant' as product, 1.00 as amount, 'openai' as x_Provider,"
            + " 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai, '2025-03' as billing_period"
            + " union all select 'line-heavy', 'heavy', 'assistant', 125.00, 'openai', 'COGS', 'inference', true, '2025-03'"
            + " union all select 'line-team', 'team', 'assistant', 10.00, 'aws', 'COGS', 'infrastructure', true, '2025-03'";
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        classified
            .replace(", 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai", "")
            .replace(", 'COGS', 'inference', true", "")
            .replace(", 'COGS', 'infrastructure', true", ""));
    TestTables.put(spark, lake, Tables.COST_CLASSIFIED, classified);

    TestLakes.run(lake, config, List.of("gold"), "2025-03");

    assertEquals(
        String.join(
            "\n",
            "actual heavy 1 500 20 125 -525 true -94.2857 1",
            "actual light 1 50 20 1 95 false -94.2857 1",
            "actual team 2 4 80 10 87.5 false -94.2857 1",
            "cost_plus heavy 1 500 200 125 37.5 false 37.5 0",
            "cost_plus light 1 50 1.6 1 37.5 false 37.5 0",
            "cost_plus team 2 4 66 10 84.8485 false 37.5 0",
            "flat_seat heavy 1 500 100 125 -25 true 66 1",
            "flat_seat light 1 50 100 1 99 false 66 1",
            "flat_seat team 2 4 250 10 96 false 66 1",
            "usage_based heavy 1 500 160 125 21.875 false 30.683 0",
            "usage_based light 1 50 25 1 96 false 30.683 0",
            "usage_based team 2 4 61.2 10 83.6601 false 30.683 0"),
        rowsText(
            "select scenario, customer, active_users, actions, revenue, cogs, gross_margin_pct, above_revenue,"
                + " scenario_ai_gross_margin_pct, scenario_customers_above_revenue from gold.pricing_scenarios order by scenario, customer"));
    // The actual pricing's AI layer is gold.gross_margin's: one definition, two tables that cannot
    // disagree.
    assertEquals(
        "-94.2857",
        rowsText(
            "select gross_margin_pct from gold.gross_margin where product = 'ALL' and layer = 'ai'"));
  }

  @Test
  void aScenarioWithoutAPriceOrNamedActualIsRefused() {
    CogsException noPrice =
        assertThrows(
            CogsException.class, () -> parse("pricing_scenarios:\n  - {name: free_for_all}\n"));
    assertEquals(
        "Configuration key 'pricing_scenarios[free_for_all]' needs a price: per_user, per_action, platform_fee or markup",
        noPrice.getMessage());
    CogsException actual =
        assertThrows(
            CogsException.class,
            () -> parse("pricing_scenarios:\n  - {name: actual, per_user: 5}\n"));
    assertEquals(
        "Configuration key 'pricing_scenarios[].name' must be a name of letters, digits and _, used once and not 'actual', not 'actual'",
        actual.getMessage());
    CogsException negative =
        assertThrows(
            CogsException.class,
            () -> parse("pricing_scenarios:\n  - {name: rebate, per_action: -1}\n"));
    assertEquals(
        "Configuration key 'pricing_scenarios[rebate].per_action' must be from 0 to 1000000, not '-1'",
        negative.getMessage());
  }

  private CogsConfig parse(String yaml) {
    return new ConfigLoader(k -> null).parse("lake: unused\n" + yaml, dir, "cogs.yaml");
  }
}
