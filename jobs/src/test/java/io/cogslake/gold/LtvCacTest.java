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
 * Issue 15 item 3: LTV:CAC per plan, on the actual figures and under the stress scenarios
 * (gold.ltv_cac).
 */
class LtvCacTest extends SparkTestBase {
  @TempDir Path dir;

  private static final String SETTINGS =
      "unit_economics:\n"
          + "  cac_per_customer: 400\n"
          + "  monthly_churn: 0.08\n"
          + "  plans:\n"
          + "    paid: {monthly_churn: 0.05}\n"
          + "stress:\n"
          + "  scenarios:\n"
          + "    - {name: token_price_plus_50pct, token_price_change: 0.5}\n"
          + "    - {name: variance_buffer_1_2x, variance_buffer: 1.2}\n";

  /**
   * Three paying customers and a free one, in 2025-03: - A pays 100; COGS 30 = 20 of model
   * inference (AI, priced per token) + 10 of hosting (not AI). - B pays 100; COGS 10 of model
   * inference. - T started a trial (a 0 revenue row) and converted (50 paid): paid over trial, so T
   * is a paid customer; COGS 10 of model inference. - F is on the free plan: revenue 0, its 5.00 of
   * serving cost is OPEX_SM (acquisition), so COGS 0. - 7.00 of COGS no customer carries is in no
   * plan. paid, baseline: 3 customers, revenue 250, COGS 50 → ARPA 83.3333333333, gross margin 80%;
   * churn 0.05 (the plan's own), CAC 400 (every plan's) → LTV = 200 / 3 / 0.05 = 1333.3333333333,
   * LTV:CAC 3.3333. paid, token prices +50%: the token-priced AI COGS 40 costs 20 more → COGS 70,
   * margin 72%, LTV = 180 / 3 / 0.05 = 1200, LTV:CAC 3.0. paid, 1.2× buffer on AI COGS: 40 × 1.2 =
   * 48 → COGS 58, margin 76.8%, LTV = 192 / 3 / 0.05 = 1280, LTV:CAC 3.2. free: 1 customer, revenue
   * 0, COGS 0 → ARPA 0, no margin, LTV 0 at churn 0.08, LTV:CAC 0, in every scenario.
   */
  @Test
  void ltvToCacPerPlanOnAHandExampleThenUnderTheTokenPriceAndTheBuffer() {
    CogsConfig config = parse(SETTINGS);
    config.lake = dir.resolve("lake").toString();
    Lake lake = TestLakes.open(spark, config);
    putCompany(lake, "");

    TestLakes.run(lake, config, List.of("gold"), "2025-03");

    assertEquals(
        String.join(
            "\n",
            "free baseline 1 0 0 0 null 0.08 0 400 0",
            "free token_price_plus_50pct 1 0 0 0 null 0.08 0 400 0",
            "free variance_buffer_1_2x 1 0 0 0 null 0.08 0 400 0",
            "paid baseline 3 250 50 83.3333333333 80 0.05 1333.3333333333 400 3.3333",
            "paid token_price_plus_50pct 3 250 70 83.3333333333 72 0.05 1200 400 3",
            "paid variance_buffer_1_2x 3 250 58 83.3333333333 76.8 0.05 1280 400 3.2"),
        rowsText(
            "select plan, scenario, customers, revenue, cogs, arpa, gross_margin_pct, monthly_churn, ltv, cac, ltv_to_cac"
                + " from gold.ltv_cac order by plan, scenario"));
  }

  /**
   * The same company with its customer list as at 2025-03 (a `customers` source): churn and CAC are
   * measured over the twelve months 2024-04 .. 2025-03 instead of configured. Paid customers (plan
   * from the list, else from their latest revenue month up to 2025-03): - A acquired 2024-04 for
   * 500, plan from 2025-03 revenue: active at the start of 2024-05 .. 2025-03 = 11 months - B
   * acquired 2024-09 for 300, plan paid in the list: 2024-10 .. 2025-03 = 6 - T acquired 2025-02
   * for 400 (trial, converted: paid): 2025-03 = 1 - C1 acquired 2024-05 for 200, churned 2024-12,
   * paid in the list: 2024-06 .. 2024-12 = 7, churned once - C2 acquired 2025-01 for EUR 500 at
   * January's 1.4 = 700 (not March's 1.1), churned 2025-03, plan paid from its last revenue
   * (2025-02): 2025-02 .. 2025-03 = 2, churned once - OLD acquired 2023-01, churned 2023-06: before
   * the window, counts nowhere churn = 2 / (11 + 6 + 1 + 7 + 2) = 2 / 27 = 0.0740740741; CAC = (500
   * + 300 + 400 + 200 + 700) / 5 = 420. baseline: customers x churn = 3 x 0.0740740741 =
   * 0.2222222223, LTV = 200 / 0.2222222223 = 899.9999996850, LTV:CAC = 899.999999685 / 420 =
   * 2.1429; +50% tokens: 180 / 0.2222222223 = 809.9999997165, 1.9286; 1.2x buffer: 192 /
   * 0.2222222223 = 863.9999996976, 2.0571. free: F acquired 2024-03 (before the window), never
   * churned: no churn or acquisition to measure, so the configured 0.08 and 400. Two rows cannot be
   * right and are quarantined, named: 9 rows in = 7 listed + 2 quarantined.
   */
  @Test
  void churnAndCacAreMeasuredFromTheCustomerList() throws Exception {
    Path list = java.nio.file.Files.createDirectories(dir.resolve("customers"));
    java.nio.file.Files.writeString(
        list.resolve("customers-2025-03.csv"),
        "billing_period,customer,acquired_period,acquisition_cost,currency,churned_period,plan\n"
            + "2025-03,A,2024-04,500,USD,,\n"
            + "2025-03,B,2024-09,300,USD,,Paid\n"
            + "2025-03,T,2025-02,400,USD,,\n"
            + "2025-03,C1,2024-05,200,USD,2024-12,paid\n"
            + "2025-03,C2,2025-01,500,EUR,2025-03,\n"
            + "2025-03,OLD,2023-01,250,USD,2023-06,paid\n"
            + "2025-03,F,2024-03,0,USD,,\n"
            + "2025-03,X1,2025-02,100,USD,2025-01,paid\n"
            + "2025-03,X2,2025-13,100,USD,,paid\n");
    Path fx =
        java.nio.file.Files.writeString(
            dir.resolve("fx.csv"),
            "currency,billing_period,rate\nEUR,2025-01,1.4\nEUR,2025-03,1.1\n");
    CogsConfig config = parse(SETTINGS);
    config.lake = dir.resolve("lake").toString();
    config.fxRates = fx.toString();
    config.sources =
        new java.util.ArrayList<>(
            List.of(new io.cogslake.config.SourceConfig("crm", "customers", list.toString())));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    assertEquals(
        String.join(
            "\n",
            "X1 churned_period '2025-01' is before acquired_period '2025-02'",
            "X2 acquired_period: '2025-13' is not a month (YYYY-MM)"),
        rowsText(
            "select get_json_object(raw, '$.customer'), reason from silver.quarantine order by 1"));
    assertEquals(
        "C2 700",
        rowsText(
            "select customer, acquisition_cost_reporting from silver.customers where currency = 'EUR'"));
    assertEquals("7", rowsText("select count(*) from silver.customers"));

    // C2 paid in February, its last revenue month
    putCompany(lake, " union all select 'C2', 'assistant', 'paid', 'ai', 40, '2025-02'");

    TestLakes.run(lake, config, List.of("gold"), "2025-03");

    assertEquals(
        String.join(
            "\n",
            "free baseline 1 0.08 configured 0 400 configured 0",
            "paid baseline 3 0.0740740741 measured 899.999999685 420 measured 2.1429",
            "paid token_price_plus_50pct 3 0.0740740741 measured 809.9999997165 420 measured 1.9286",
            "paid variance_buffer_1_2x 3 0.0740740741 measured 863.9999996976 420 measured 2.0571"),
        rowsText(
            "select plan, scenario, customers, monthly_churn, churn_source, ltv, cac, cac_source, ltv_to_cac"
                + " from gold.ltv_cac where plan = 'paid' or scenario = 'baseline' order by plan, scenario"));
  }

  @Test
  void aChurnOfZeroOrANegativeCacIsRefused() {
    CogsException zero =
        assertThrows(CogsException.class, () -> parse("unit_economics: {monthly_churn: 0}\n"));
    assertEquals(
        "Configuration key 'unit_economics.monthly_churn' must be a share above 0, at most 1, not '0'",
        zero.getMessage());
    CogsException negative =
        assertThrows(
            CogsException.class,
            () -> parse("unit_economics:\n  plans:\n    paid: {cac_per_customer: -5}\n"));
    assertEquals(
        "Configuration key 'unit_economics.plans.paid.cac_per_customer' must be from 0 to 1000000000, not '-5'",
        negative.getMessage());
    assertEquals(2, zero.exitCode());
  }

  /**
   * The hand example's company of 2025-03: revenue (plus {@code moreRevenue}, a union), classified
   * and allocated cost.
   */
  private static void putCompany(Lake lake, String moreRevenue) {
    TestTables.put(
        spark,
        lake,
        Tables.REVENUE,
        "select 'A' as customer, 'assistant' as product, 'paid' as plan, 'ai' as stream, 100 as revenue_reporting, '2025-03' as billing_period"
            + " union all select 'B', 'assistant', 'paid', 'ai', 100, '2025-03'"
            + " union all select 'T', 'assistant', 'trial', 'ai', 0, '2025-03'"
            + " union all select 'T', 'assistant', 'Paid', 'ai', 50, '2025-03'"
            + " union all select 'F', 'assistant', 'free', 'ai', 0, '2025-03'"
            + moreRevenue);
    String classified =
        "select 'line-a' as x_LedgerId, 'A' as customer, 'assistant' as product, 20.00 as amount, 'COGS' as pnl_category,"
            + " 'inference' as cost_component, true as is_ai, '2025-03' as billing_period"
            + " union all select 'line-a-hosting', 'A', 'assistant', 10.00, 'COGS', 'infrastructure', false, '2025-03'"
            + " union all select 'line-b', 'B', 'assistant', 10.00, 'COGS', 'inference', true, '2025-03'"
            + " union all select 'line-t', 'T', 'assistant', 10.00, 'COGS', 'inference', true, '2025-03'"
            + " union all select 'line-f', 'F', 'assistant', 5.00, 'OPEX_SM', 'inference', true, '2025-03'"
            + " union all select 'line-untagged', 'unallocated', 'assistant', 7.00, 'COGS', 'inference', true, '2025-03'";
    TestTables.put(spark, lake, Tables.COST_CLASSIFIED, classified);
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        "select x_LedgerId, customer, product, amount, billing_period from (" + classified + ")");
  }

  private CogsConfig parse(String yaml) {
    return new ConfigLoader(k -> null).parse("lake: unused\n" + yaml, dir, "cogs.yaml");
  }
}
