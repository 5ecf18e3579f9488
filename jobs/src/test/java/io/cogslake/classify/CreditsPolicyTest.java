package io.cogslake.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 4: AI COGS covers delivery-tied eval and human review, and taxes, credits and fees
 * follow classification.policies.credits: net, they are split into the cost they relate to (AI
 * included) in proportion; gross, they stay a component of their own.
 *
 * <p>The company, January 2025, every line from aws, as allocation left it:
 *
 * <pre>
 *   A (paid)  inference 80.00 (AI), hosting 20.00, delivery-tied eval 5.00 (AI), tax 10.50, credit -21.00
 *   B (paid)  inference 30.00 (AI), tax 3.00
 *   F (free)  inference 4.00 (AI, OPEX_SM: acquisition), tax 0.40 (OPEX_SM)
 *   unallocated  tax 2.00, no cost of its own
 * </pre>
 *
 * Worked by hand, net:
 *
 * <ul>
 *   <li>A's mix is 80 / 20 / 5 of 105: tax 10.50 → 8.00 / 2.00 / 0.50; credit -21.00 → -16.00 /
 *       -4.00 / -1.00.
 *   <li>B's tax goes whole to its inference: 3.00. F's 0.40 to its inference, and stays OPEX_SM.
 *   <li>The unallocated 2.00 takes aws's COGS mix, inference 110 / infrastructure 20 / eval 5 of
 *       135 (F's OPEX_SM is not COGS): in units of 1e-10, 2e10 × 110/135 = 16296296296.30, × 20/135
 *       = 2962962962.96, × 5/135 = 740740740.74; the floors leave 2 units, which go to the largest
 *       remainders (.96 and .74): 1.6296296296 / 0.2962962963 / 0.0740740741, adding up to 2.00.
 *   <li>COGS inference 80 + 30 + 8 − 16 + 3 + 1.6296296296 = 106.6296296296; infrastructure 20 + 2
 *       − 4 + 0.2962962963 = 18.2962962963; eval 5 + 0.50 − 1 + 0.0740740741 = 4.5740740741; COGS
 *       129.50 (= 80 + 20 + 5 + 10.50 − 21 + 30 + 3 + 2), of it AI 106.6296296296 + 4.5740740741 =
 *       111.2037037037.
 * </ul>
 *
 * Gross: credits_fees 10.50 − 21.00 + 3.00 + 2.00 = −5.50 of COGS, not AI; AI COGS 80 + 30 + 5 =
 * 115.00; COGS again 129.50.
 */
class CreditsPolicyTest extends SparkTestBase {
  @TempDir Path dir;
  Lake lake;
  CogsConfig config;

  @BeforeEach
  void company() {
    config = TestLakes.config(dir.resolve("lake"));
    lake = TestLakes.open(spark, config);
    TestTables.put(
        spark,
        lake,
        Tables.REVENUE,
        "select customer, 'assistant' as product, plan, '2025-01' as billing_period"
            + " from values ('A', 'paid'), ('B', 'paid'), ('F', 'free') as t(customer, plan)");
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        "select *, 'aws' as x_Provider, 'assistant' as product, '2025-01' as billing_period from values"
            + " ('a-inf', null, 'A', 'claude-sonnet-4-6', 'inference', null, 'Usage', 80.00),"
            + " ('a-host', null, 'A', null, 'hosting', null, 'Usage', 20.00),"
            + " ('a-eval', null, 'A', null, 'eval', true, 'Usage', 5.00),"
            + " (null, 'tax', 'A', null, null, null, 'Tax', 10.50),"
            + " (null, 'credit', 'A', null, null, null, 'Credit', -21.00),"
            + " ('b-inf', null, 'B', 'claude-sonnet-4-6', 'inference', null, 'Usage', 30.00),"
            + " (null, 'tax', 'B', null, null, null, 'Tax', 3.00),"
            + " ('f-inf', null, 'F', 'claude-sonnet-4-6', 'inference', null, 'Usage', 4.00),"
            + " (null, 'tax', 'F', null, null, null, 'Tax', 0.40),"
            + " (null, 'tax', 'unallocated', null, null, null, 'Tax', 2.00)"
            + " as t(x_LedgerId, pool_id, customer, x_Model, x_Workload, x_Delivery, ChargeCategory, amount)");
  }

  private String byComponent() {
    return rowsText(
        "select pnl_category, cost_component, is_ai, sum(amount) from silver.cost_classified"
            + " group by 1, 2, 3 order by 1, 2, 3");
  }

  @Test
  void netCreditsAndTaxesReduceTheCostTheyRelateToAiIncluded() {
    TestLakes.run(lake, config, List.of("classify", "gold"), "2025-01");

    assertEquals(
        String.join(
            "\n",
            "COGS eval true 4.5740740741",
            "COGS inference true 106.6296296296",
            "COGS infrastructure false 18.2962962963",
            "OPEX_SM inference true 4.4"),
        byComponent());
    // A's own: its tax and credit follow its 80 / 20 / 5 mix, so its AI COGS is 80 + 8 - 16 + 5 +
    // 0.50 - 1
    assertEquals(
        "94.5 76.5",
        rowsText(
            "select sum(amount), sum(case when is_ai then amount end) from silver.cost_classified where customer = 'A'"));
    // the credit stays a Credit of its pool, in three parts: one per component of A's cost
    assertEquals(
        "inference -16\ninfrastructure -4\neval -1",
        rowsText(
            "select cost_component, amount from silver.cost_classified where pool_id = 'credit' order by amount"));
    // gold reads the netted rows: AI COGS and COGS of the period
    assertEquals(
        "129.5 111.2037037037",
        rowsText(
            "select sum(amount), sum(case when is_ai then amount end) from gold.cogs where pnl_category = 'COGS'"));
    assertEquals(
        "net", rowsText("select policies['credits'] from silver.run_log where stage = 'classify'"));
  }

  @Test
  void grossCreditsAndTaxesAreReportedApartAndAreNotAi() {
    config.classification.policies.credits = "gross";
    TestLakes.run(lake, config, List.of("classify", "gold"), "2025-01");

    assertEquals(
        String.join(
            "\n",
            "COGS credits_fees false -5.5",
            "COGS eval true 5",
            "COGS inference true 110",
            "COGS infrastructure false 20",
            "OPEX_SM credits_fees false 0.4",
            "OPEX_SM inference true 4"),
        byComponent());
    assertEquals(
        "129.5 115",
        rowsText(
            "select sum(amount), sum(case when is_ai then amount end) from gold.cogs where pnl_category = 'COGS'"));
    assertEquals(
        "fine_tuning=expense, useful_life_months=12, credits=gross",
        rowsText("select policies from silver.rules_versions where billing_period = '2025-01'"));
  }
}
