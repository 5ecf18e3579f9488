package io.cogslake.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import io.cogslake.pipeline.Pipeline;
import io.cogslake.stage.RunContext;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 items 1 and 2: the cost of each day before the invoice (gold.daily_cost,
 * gold.month_to_date) and its anomalies.
 */
class DailyCostTest extends SparkTestBase {
  @TempDir Path dir;

  /** A ledger line of one day. */
  private static String line(
      String id, String provider, String account, String day, String amount) {
    String next = java.time.LocalDate.parse(day).plusDays(1).toString();
    return io.cogslake.TestTables.ledgerLine(id, provider, account, day, next, amount);
  }

  private static String classified(
      String pool,
      String lineId,
      String customer,
      String provider,
      String model,
      String amount,
      String period) {
    return "select "
        + (pool == null ? "null" : "'" + pool + "'")
        + " as pool_id, "
        + (lineId == null ? "null" : "'" + lineId + "'")
        + " as x_LedgerId,"
        + " '"
        + customer
        + "' as customer, 'assistant' as product, 'chat' as feature, 'prod' as env, '"
        + (pool == null ? "direct" : "usage")
        + "' as method,"
        + " "
        + amount
        + " as amount, '"
        + provider
        + "' as x_Provider, "
        + (model == null ? "null" : "'" + model + "'")
        + " as x_Model,"
        + " 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai, 'r1' as rule_id, '"
        + period
        + "' as billing_period";
  }

  private static String union(List<String> selects) {
    return String.join(" union all ", selects);
  }

  /**
   * March 2025, price book: model m input $1 per 1K tokens (1,000 per million). OpenAI (account
   * acct-1) has billed days 1 and 2 only: lines L1 10.00 and L2 12.00, one pool P1 of 22.00 split
   * 11.00 / 11.00 / 7.00 over customers a, b and d. Spread over the pool's days in proportion to
   * its lines: a and b each get 11 x 10/22 = 5.00 on day 1 and 11 x 12/22 = 6.00 on day 2; d gets 7
   * x 10/22 = 3.18181818181818... → 3.1818181818 on day 1 and the rest, 7 - 3.1818181818 =
   * 3.8181818182, on day 2 (its largest), so d's days add up to 7.00 to the last decimal. AWS has
   * one direct line L3 of 7.00 on day 3 for customer c. Customer a makes two calls of 1,000 input
   * tokens a day on days 1-5 (2.00 a day at the price book); OpenAI's bill covers days 1-2, so days
   * 3, 4 and 5 are estimated: 2.00 each, 6.00. Month to date, as of day 5 (the last day with a cost
   * or a call): openai: billed 29.00, estimated 6.00, projected (29 + 6) x 31 / 5 = 217.00,
   * February 150.00 aws: billed 7.00, projected 7 x 31 / 5 = 43.40, no February cost ALL: billed
   * 36.00, estimated 6.00, projected 42 x 31 / 5 = 260.40, February 150.00 Run --through
   * 2025-03-04: openai estimated 4.00 (days 3, 4), projected 33 x 31 / 4 = 255.75. Then the bill
   * lands: L4, L5, L6 of 2.50 on days 3, 4, 5 for customer a, and the estimates are gone: openai
   * billed 36.50, estimated 0, projected 36.50 x 31 / 5 = 226.30.
   */
  @Test
  void billedAndEstimatedDaysThenTheBillLandsAndTheEstimatesGo() throws Exception {
    CogsConfig config = TestLakes.config(dir.resolve("lake"));
    config.prices =
        Files.writeString(
                dir.resolve("prices.csv"),
                "provider,model,token_type,price_per_million,currency,effective_from,effective_to\nopenai,m,input,1000,USD,2025-01-01,\n")
            .toString();
    Lake lake = TestLakes.open(spark, config);
    TestTables.put(
        spark,
        lake,
        Tables.LEDGER,
        union(
            List.of(
                line("L1", "openai", "acct-1", "2025-03-01", "10.00"),
                line("L2", "openai", "acct-1", "2025-03-02", "12.00"),
                line("L3", "aws", "aws-1", "2025-03-03", "7.00"))));
    TestTables.put(
        spark,
        lake,
        Tables.ALLOCATION_POOLS,
        "select 'L1' as x_LedgerId, 'P1' as pool_id, 10.00 as amount, '2025-03' as billing_period"
            + " union all select 'L2', 'P1', 12.00, '2025-03' union all select 'L3', null, 7.00, '2025-03'");
    TestTables.put(
        spark,
        lake,
        Tables.COST_CLASSIFIED,
        union(
            List.of(
                classified("P1", null, "a", "openai", "m", "11.00", "2025-03"),
                classified("P1", null, "b", "openai", "m", "11.00", "2025-03"),
                classified("P1", null, "d", "openai", "m", "7.00", "2025-03"),
                classified(null, "L3", "c", "aws", null, "7.00", "2025-03"),
                classified(null, "F1", "a", "openai", "m", "150.00", "2025-02"))));
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select concat('e', day, '-', n) as event_id, make_date(2025, 3, day) as usage_date, 'openai' as provider, 'm' as model, 1000 as input_tokens,"
            + " 0 as output_tokens, 'a' as customer, 'u1' as user, 'assistant' as product, 'chat' as feature, 'prod' as env,"
            + " concat('t', day, '-', n) as trace_id, 'primary' as step, '2025-03' as billing_period"
            + " from (select cast(id + 1 as int) as day from range(5)) cross join (select id as n from range(2))");
    TestLakes.run(lake, config, List.of("gold"), "2025-03");

    assertEquals(
        String.join(
            "\n",
            "2025-03-01 acct-1 openai a COGS billed 5",
            "2025-03-01 acct-1 openai b COGS billed 5",
            "2025-03-01 acct-1 openai d COGS billed 3.1818181818",
            "2025-03-02 acct-1 openai a COGS billed 6",
            "2025-03-02 acct-1 openai b COGS billed 6",
            "2025-03-02 acct-1 openai d COGS billed 3.8181818182",
            "2025-03-03 aws-1 aws c COGS billed 7",
            "2025-03-03 null openai a null estimated 2",
            "2025-03-04 null openai a null estimated 2",
            "2025-03-05 null openai a null estimated 2"),
        rowsText(
            "select usage_date, provider_account, provider, customer, pnl_category, status, amount from gold.daily_cost"
                + " order by usage_date, status, provider, customer"));
    String monthToDate =
        "select provider, as_of_date, days_elapsed, days_in_month, billed_to_date, estimated_to_date, projected_month_end, previous_month_total"
            + " from gold.month_to_date order by provider";
    assertEquals(
        String.join(
            "\n",
            "ALL 2025-03-05 5 31 36 6 260.4 150",
            "aws 2025-03-05 5 31 7 0 43.4 null",
            "openai 2025-03-05 5 31 29 6 217 150"),
        rowsText(monthToDate));

    Pipeline.runStage(
        "gold",
        lake,
        RunContext.of("run", List.of("2025-03"), false, false, config)
            .through(LocalDate.parse("2025-03-04")));
    assertEquals(
        "openai 2025-03-04 4 29 4 255.75",
        rowsText(
            "select provider, as_of_date, days_elapsed, billed_to_date, estimated_to_date, projected_month_end from gold.month_to_date where provider = 'openai'"));

    // the bill of days 3-5 lands
    TestTables.put(
        spark,
        lake,
        Tables.LEDGER,
        union(
            List.of(
                line("L4", "openai", "acct-1", "2025-03-03", "2.50"),
                line("L5", "openai", "acct-1", "2025-03-04", "2.50"),
                line("L6", "openai", "acct-1", "2025-03-05", "2.50"))));
    TestTables.put(
        spark,
        lake,
        Tables.ALLOCATION_POOLS,
        "select concat('L', id) as x_LedgerId, null as pool_id, 2.50 as amount, '2025-03' as billing_period from range(4, 7)");
    TestTables.put(
        spark,
        lake,
        Tables.COST_CLASSIFIED,
        union(
            List.of(
                classified(null, "L4", "a", "openai", "m", "2.50", "2025-03"),
                classified(null, "L5", "a", "openai", "m", "2.50", "2025-03"),
                classified(null, "L6", "a", "openai", "m", "2.50", "2025-03"))));
    TestLakes.run(lake, config, List.of("gold"), "2025-03");
    assertEquals("0", rowsText("select count(*) from gold.daily_cost where status = 'estimated'"));
    assertEquals(
        "openai 2025-03-05 36.5 0 226.3",
        rowsText(
            "select provider, as_of_date, billed_to_date, estimated_to_date, projected_month_end from gold.month_to_date where provider = 'openai'"));
    // the billed days add up to the classified cost: 29 + 7 + 7.50
    assertEquals(
        "43.5",
        rowsText("select sum(amount) from gold.daily_cost where billing_period = '2025-03'"));
  }

  /**
   * anomalies: factor 3, window 4 days, min amount 10. Customer x costs 10.00 a day from 2025-02-24
   * to 2025-03-02, then 40.00 (03-03), 25.00, 10.00, 60.00 (03-06); customer y 1.00 a day but 5.00
   * on 03-03. Both are one feature (assistant/chat) of one account (acct-1), so those are x + y a
   * day: 11 ... 11, 45, 26, 11, 61. February is built first; March's windows reach back into it.
   * 03-03: x's 4 days before are 10, 10, 10, 10: median 10, 40 > 30 and > 10 → anomaly; feature and
   * account: median 11, 45 > 33 → anomalies; y: median 1, 5 > 3 but not above 10 → not. 03-04: x's
   * days before 10, 10, 10, 40: median (10 + 10) / 2 = 10, 25 < 30 → not (a normal day after a
   * spike). 03-05: x 10, 10, 40, 25 → sorted 10, 10, 25, 40: median 17.5; 10 → not. 03-06: x 10,
   * 40, 25, 10 → median 17.5, 60 > 52.5 → anomaly; feature 11, 45, 26, 11 → 18.5, 61 > 55.5 →
   * anomaly. Days before 2025-02-28 have fewer than 4 days before them in the lake: not judged.
   */
  @Test
  void aSpikeAboveThreeTimesItsTrailingMedianIsFlaggedAndANormalDayIsNot() throws Exception {
    CogsConfig config = TestLakes.config(dir.resolve("lake"));
    config.anomalies.factor = new BigDecimal("3");
    config.anomalies.windowDays = 4;
    config.anomalies.minAmount = new BigDecimal("10");
    Lake lake = TestLakes.open(spark, config);
    String days =
        "select date_add(date'2025-02-24', cast(id as int)) as day, case id when 7 then 40.00 when 8 then 25.00 when 10 then 60.00 else 10.00 end as x,"
            + " case id when 7 then 5.00 else 1.00 end as y from range(11)";
    String lines =
        "select concat(customer, day) as x_LedgerId, 'openai' as x_Provider, 'acct-1' as x_ProviderAccount, cast(day as timestamp) as ChargePeriodStart,"
            + " cast(date_add(day, 1) as timestamp) as ChargePeriodEnd, amount as BilledCost, amount as EffectiveCost, amount as x_EffectiveCostReporting,"
            + " 'USD' as BillingCurrency, date_format(day, 'yyyy-MM') as billing_period, 'f' as x_Source, customer"
            + " from (select day, 'x' as customer, x as amount from ("
            + days
            + ") union all select day, 'y', y from ("
            + days
            + "))";
    TestTables.put(spark, lake, Tables.LEDGER, lines);
    TestTables.put(
        spark,
        lake,
        Tables.ALLOCATION_POOLS,
        "select x_LedgerId, x_EffectiveCostReporting as amount, billing_period from ("
            + lines
            + ")");
    TestTables.put(
        spark,
        lake,
        Tables.COST_CLASSIFIED,
        "select x_LedgerId, customer, 'assistant' as product, 'chat' as feature, 'prod' as env, 'direct' as method, x_EffectiveCostReporting as amount,"
            + " 'openai' as x_Provider, 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai, 'r1' as rule_id, billing_period"
            + " from ("
            + lines
            + ")");
    TestLakes.run(lake, config, List.of("gold"), "2025-02");
    assertEquals("0", rowsText("select count(*) from gold.cost_anomalies"));
    TestLakes.run(lake, config, List.of("gold"), "2025-03");
    assertEquals(
        String.join(
            "\n",
            "2025-03-03 customer x 10 40",
            "2025-03-03 feature assistant/chat 11 45",
            "2025-03-03 provider_account acct-1 11 45",
            "2025-03-06 customer x 17.5 60",
            "2025-03-06 feature assistant/chat 18.5 61",
            "2025-03-06 provider_account acct-1 18.5 61"),
        rowsText(
            "select usage_date, dimension, value, expected, actual from gold.cost_anomalies order by usage_date, dimension"));
  }
}
