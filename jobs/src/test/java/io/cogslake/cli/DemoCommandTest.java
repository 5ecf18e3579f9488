package io.cogslake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cogslake.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cogs demo} end to end with the source types this build reads (the others are skipped
 * with a warning): every stage for every period, the margin summary on stdout, invoices tied, and
 * COGS the same in gold, in the classification and in the allocation, to the cent.
 */
class DemoCommandTest extends SparkTestBase {
  @TempDir static Path dir;
  static CommandLineTest.Outcome demo;

  @BeforeAll
  static void runDemo() {
    demo = CommandLineTest.cogs("demo", "--lake", dir.resolve("lake").toString());
  }

  /** A report query of the demo ({@code sql/report/<file>.sql}) as the view of its name. */
  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> report(String file) {
    var rows =
        io.cogslake.lake.SqlFiles.query(spark, "report/" + file + ".sql", java.util.Map.of());
    rows.createOrReplaceTempView(file);
    return rows;
  }

  /**
   * A query's rows as its one text column: for a check query, the lines it finds wrong (none when
   * the check holds).
   */
  private static List<String> lines(String sql) {
    return spark.sql(sql).collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void printsTheMarginSummaryPerPeriodOnStdoutOnly() {
    assertEquals(0, demo.exit(), demo.err());
    String out = demo.out();
    for (String expected :
        List.of(
            "== Margin summary per period",
            "billing_period",
            "revenue",
            "cogs",
            "unallocated_cogs",
            "blended_gm_pct",
            "ai_gm_pct",
            "cost_per_request",
            "allocation_coverage_pct",
            "== The three customers with the worst margin",
            "margin_pct",
            "== Reconciliation to invoices and allocation coverage",
            "== Cost by provider and service category",
            "ai_share_of_period_pct",
            "2025-01",
            "2025-02",
            "2025-03",
            "5/5 tied",
            "4/5 tied",
            "0/5 tied, 5 not invoiced yet",
            "== Closing the books",
            "2025-01: closed (final), every check passed",
            "2025-02: close refused:",
            "2025-03: open (provisional)")) {
      assertTrue(out.contains(expected), "missing '" + expected + "' in:\n" + out);
    }
    assertTrue(!out.contains("INFO") && !out.contains("WARN"), "logs on stdout:\n" + out);
  }

  /**
   * Issue 16's must-show: the demo prints the open month so far, the anomalies and the tenure
   * curve. The demo runs as on March 31st: every call of March is logged, but the three clouds'
   * bills stop on the 28th (DemoCommand.UNBILLED_DAYS) and March has no invoice yet. So, per
   * provider, the 29th-31st are estimated and nothing before; each estimate is the price book cost
   * of that day's calls to the cloud (summed here from silver.request_costs, not through
   * gold.daily_cost; to a millionth of a cent, as daily_cost keeps 10 decimals a call); billed to
   * date is March's classified cost (every line of March is on a billed day); and as the data
   * reaches the month's last day, the projection is billed + estimated. The generator's runaway
   * week (March 8-14: cust-0002's agent resends 60 times its prompt) is what is flagged for a
   * customer, and nothing of it outside that week.
   */
  @Test
  void printsTheMonthSoFarTheRunawayWeekAndTheTenureCurve() {
    String out = demo.out();
    for (String section :
        List.of("== The open month so far", "== Cost anomalies", "== Cost per user by tenure")) {
      assertTrue(out.contains(section), "missing '" + section + "' in:\n" + out);
    }
    assertEquals(
        List.of(
            "2025-03-29 aws",
            "2025-03-29 azure",
            "2025-03-29 gcp",
            "2025-03-30 aws",
            "2025-03-30 azure",
            "2025-03-30 gcp",
            "2025-03-31 aws",
            "2025-03-31 azure",
            "2025-03-31 gcp"),
        lines(
            "select distinct concat(usage_date, ' ', provider) from gold.daily_cost where status = 'estimated' order by 1"));
    assertEquals(
        List.of(),
        lines(
            "with calls as (select usage_date, provider, cast(sum(priced_cost) as decimal(30, 12)) as cost"
                + "   from silver.request_costs where billing_period = '2025-03'"
                + "   and provider in ('aws', 'azure', 'gcp') group by 1, 2),"
                + " estimates as (select usage_date, provider, cast(sum(amount) as decimal(30, 10)) as cost"
                + "   from gold.daily_cost where status = 'estimated' group by 1, 2)"
                + " select concat_ws(' ', usage_date, provider, c.cost, e.cost) from calls c full join estimates e using (usage_date, provider)"
                + " where coalesce(c.usage_date, e.usage_date) >= '2025-03-29'"
                + "   and not coalesce(abs(c.cost - e.cost) < 0.000001, false)"));
    assertEquals(
        List.of(),
        lines(
            "with classified as (select x_Provider as provider, cast(sum(amount) as decimal(38, 10)) as amount"
                + "   from silver.cost_classified where billing_period = '2025-03' group by 1"
                + "   union all select 'ALL', cast(sum(amount) as decimal(38, 10)) from silver.cost_classified where billing_period = '2025-03')"
                + " select concat_ws(' ', m.provider, m.billed_to_date, c.amount, m.estimated_to_date, m.projected_month_end)"
                + " from gold.month_to_date m full join classified c using (provider)"
                + " where m.billing_period = '2025-03' and not (m.billed_to_date = c.amount"
                + "   and (m.estimated_to_date > 0) = (m.provider in ('aws', 'azure', 'gcp', 'ALL'))"
                + "   and m.as_of_date = date '2025-03-31'"
                + "   and m.projected_month_end = cast(m.billed_to_date as decimal(30, 10)) + cast(m.estimated_to_date as decimal(30, 10)))"));
    assertEquals(
        0,
        spark
            .sql(
                "select * from gold.month_to_date where billing_period < '2025-03' and estimated_to_date <> 0")
            .count());
    List<String> customers =
        spark
            .sql(
                "select value, usage_date from gold.cost_anomalies where dimension = 'customer' order by usage_date")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0) + " " + r.getDate(1))
            .toList();
    assertTrue(!customers.isEmpty(), "the runaway week is not flagged");
    assertTrue(
        customers.stream().allMatch(c -> c.matches("cust-0002 2025-03-(0[89]|1[0-4])")),
        customers.toString());
    assertTrue(out.contains("cust-0002"), out);
  }

  /**
   * Issue 16 item 3 in the demo: the generated budget (each provider at the month before's invoice
   * + 5%, and their sum as the company's total) is read as a source, and the demo prints it against
   * actual. Per period, the company total's actual is every classified amount but the capitalized
   * originals (summed here from silver.cost_classified, not through gold), its budget the sum of
   * the provider lines, and its variance the difference of the two.
   */
  @Test
  void printsTheBudgetAgainstTheRecognisedCost() {
    assertTrue(
        demo.out().contains("== Budget against actual") && demo.out().contains("company total"),
        demo.out());
    List<String> mismatches =
        lines(
            "with total as (select * from gold.forecast_vs_actual where provider is null and product is null and feature is null"
                + "   and team is null and pnl_category is null),"
                + " providers as (select billing_period, sum(budget) as budget from gold.forecast_vs_actual where provider is not null group by 1),"
                + " classified as (select billing_period, cast(sum(amount) as decimal(38, 10)) as actual from silver.cost_classified"
                + "   where pnl_category <> 'CAPITALIZED' group by 1)"
                + " select concat_ws(' ', billing_period, t.actual, c.actual, t.budget, p.budget, t.variance)"
                + " from total t full join classified c using (billing_period) full join providers p using (billing_period)"
                + " where not (t.actual = c.actual and t.budget = p.budget and t.variance = t.actual - t.budget)");
    assertEquals(List.of(), mismatches);
    assertEquals(
        3L,
        spark
            .sql(
                "select count(distinct billing_period) from gold.forecast_vs_actual where provider is null")
            .first()
            .getLong(0));
  }

  /**
   * Issue 16 item 4 in the demo: the bridge between its months. Per period and feature the five
   * parts add up to the change exactly; per period the bridge's COGS is the classified COGS (summed
   * here from silver.cost_classified) and its previous_cogs the month before's.
   */
  @Test
  void printsWhyCogsMovedWithPartsAddingUpToTheClassifiedChange() {
    assertTrue(demo.out().contains("== Why COGS moved from the month before"), demo.out());
    // as DECIMAL(30,10): a sum of DECIMAL(38,10) columns would itself lose a decimal to Spark's
    // precision rule
    assertEquals(
        0,
        spark
            .sql(
                "select * from gold.cogs_bridge where cast(volume_effect as decimal(30, 10)) + cast(intensity_effect as decimal(30, 10))"
                    + " + cast(mix_effect as decimal(30, 10)) + cast(price_effect as decimal(30, 10)) + cast(other_change as decimal(30, 10))"
                    + " <> cast(cogs as decimal(30, 10)) - cast(previous_cogs as decimal(30, 10))")
            .count());
    List<String> mismatches =
        lines(
            "with bridge as (select billing_period, sum(previous_cogs) as previous_cogs, sum(cogs) as cogs from gold.cogs_bridge group by 1),"
                + " classified as (select billing_period, cast(sum(amount) as decimal(38, 10)) as cogs from silver.cost_classified"
                + "   where pnl_category = 'COGS' group by 1)"
                + " select concat_ws(' ', b.billing_period, b.cogs, c.cogs, b.previous_cogs, p.cogs)"
                + " from bridge b join classified c using (billing_period)"
                + " left join classified p on p.billing_period = date_format(add_months(to_date(concat(b.billing_period, '-01')), -1), 'yyyy-MM')"
                + " where not (b.cogs = c.cogs and b.previous_cogs = coalesce(p.cogs, 0))");
    assertEquals(List.of(), mismatches);
    assertEquals(
        3L,
        spark
            .sql("select count(distinct billing_period) from gold.cogs_bridge")
            .first()
            .getLong(0));
  }

  /**
   * Issue 18's must-show: the demo prints AI COGS in its four parts, each of them there every
   * period (inference: the model bills and the GPU pool; retrieval: the clouds' search and
   * Pinecone; third-party AI: Deepgram). Per period, the printed total is the AI COGS of the
   * classified rows (summed here from silver.cost_classified, not through gold.cogs), and the parts
   * add up to it within their rounding (six figures, each rounded to the cent).
   */
  @Test
  void printsAiCogsInItsFourPartsAddingUpToTheClassifiedAiCogs() {
    assertTrue(demo.out().contains("== AI COGS in its four parts"), demo.out());
    report("ai_cogs_parts");
    List<String> mismatches =
        lines(
            "with parts as (select * from ai_cogs_parts),"
                + " classified as (select billing_period, cast(round(sum(amount), 2) as decimal(20, 2)) as ai_cogs from silver.cost_classified"
                + "   where pnl_category = 'COGS' and is_ai group by 1)"
                + " select concat_ws(' ', billing_period, p.ai_cogs, c.ai_cogs, p.inference, p.infrastructure) from parts p full join classified c using (billing_period)"
                + " where p.ai_cogs is null or c.ai_cogs is null or p.ai_cogs <> c.ai_cogs or p.inference <= 0 or p.infrastructure <= 0"
                + "   or p.retrieval <= 0 or p.third_party_ai <= 0"
                + "   or abs(p.inference + p.infrastructure + p.retrieval + p.third_party_ai + p.other_ai - p.ai_cogs) > 0.03");
    assertEquals(List.of(), mismatches);
    assertEquals(3, spark.table("ai_cogs_parts").count());
  }

  /**
   * Issue 18 item 3: the demo company's own llama-3.3-70b (GCP's classifier calls, provider
   * self_hosted, no bill of its own) runs on a GKE GPU node pool billed by GCP; rule gpu_pool
   * splits the pool per day by the tokens of those calls. Per period, the pool's lines (from
   * silver.ledger) are all allocated to customers as inference of that model (no day without a call
   * in the demo), the COGS of those parts reaches the self-hosted calls' request costs
   * (silver.request_costs, to the micro-unit per call), and no self-hosted call is "estimated" as
   * if a bill were to come.
   */
  @Test
  void theGpuPoolFollowsTheTokensOfTheSelfHostedCalls() {
    List<String> mismatches =
        lines(
            "with pool as (select billing_period, cast(sum(BilledCost) as decimal(30, 10)) as amount from silver.ledger"
                + "   where ResourceId like '%gpu-pool%' group by 1),"
                + " parts as (select billing_period, cast(sum(amount) as decimal(30, 10)) as amount,"
                + "   cast(sum(case when pnl_category = 'COGS' then amount else 0 end) as decimal(30, 10)) as cogs,"
                + "   count_if(x_Model <> 'llama-3.3-70b' or cost_component <> 'inference' or customer = 'unallocated') as odd"
                + "   from silver.cost_classified where allocation_rule_id = 'gpu_pool' group by 1),"
                + " calls as (select billing_period, cast(sum(cost) as decimal(30, 10)) as cost, count(*) as calls"
                + "   from silver.request_costs where provider = 'self_hosted' group by 1)"
                + " select concat_ws(' ', billing_period, p.amount, a.amount, a.cogs, c.cost, a.odd)"
                + " from pool p full join parts a using (billing_period) full join calls c using (billing_period)"
                + " where not (p.amount > 0 and p.amount = a.amount and a.odd = 0 and abs(a.cogs - c.cost) < 0.000001 * c.calls)");
    assertEquals(List.of(), mismatches);
    assertEquals(
        3L,
        spark
            .sql(
                "select count(distinct billing_period) from silver.ledger where ResourceId like '%gpu-pool%'")
            .first()
            .getLong(0));
    assertEquals(
        0L,
        spark
            .sql("select count(*) from gold.daily_cost where provider = 'self_hosted'")
            .first()
            .getLong(0));
  }

  /**
   * Issue 13's must-show: the printed margins count the cost no customer carries. Per period, the
   * summary's COGS is all COGS of the classified rows and its unallocated COGS those of customer
   * 'unallocated' (both summed here from silver.cost_classified, not through gold: untagged
   * production cost is COGS all the same; the demo's rules spread it over the customers, so it
   * prints 0.00 there), and the blended margin is (revenue - that COGS) / revenue.
   */
  @Test
  void theMarginSummaryCountsTheCostNoCustomerCarries() {
    report("demo_summary").createOrReplaceTempView("summary");
    List<String> mismatches =
        lines(
            "with c as (select billing_period, round(sum(amount), 2) as cogs,"
                + "   round(sum(case when coalesce(customer, 'unallocated') = 'unallocated' then amount else 0 end), 2) as unallocated"
                + "   from silver.cost_classified where pnl_category = 'COGS' group by 1)"
                + " select concat_ws(' ', billing_period, s.cogs, c.cogs, s.unallocated_cogs, c.unallocated, s.blended_gm_pct)"
                + " from summary s full join c using (billing_period)"
                + " where s.cogs is null or c.cogs is null or s.cogs <> c.cogs or s.unallocated_cogs <> c.unallocated"
                + "   or abs(s.blended_gm_pct - (s.revenue - c.cogs) * 100 / s.revenue) > 0.06");
    assertEquals(List.of(), mismatches);
    assertEquals(3, spark.table("summary").count());
  }

  /**
   * Issue 15 item 3 on the demo company: LTV:CAC per plan under conf/demo.yaml's unit economics. A
   * paid plan's LTV is (revenue - COGS) / customers / 0.03 and its CAC 450; no stress scenario
   * costs less than the baseline, so none raises the LTV (a heavy-user scenario leaves a plan
   * without heavy users as it is).
   */
  @Test
  void ltvToCacPerPlanFallsUnderEveryStressScenario() {
    List<String> wrong =
        lines(
            "select concat_ws(' ', billing_period, plan, scenario, ltv, b_ltv) from gold.ltv_cac l"
                + " join (select billing_period, plan, ltv as b_ltv, cogs as b_cogs from gold.ltv_cac where scenario = 'baseline') b using (billing_period, plan)"
                + " where plan = 'paid' and (l.cac <> 450 or l.monthly_churn <> 0.03"
                + "   or abs(l.ltv - (l.revenue - l.cogs) / l.customers / 0.03) > 0.000001"
                + "   or (l.scenario <> 'baseline' and (l.cogs < b_cogs or l.ltv > b_ltv)))");
    assertEquals(List.of(), wrong);
    assertEquals(3 * 4, spark.sql("select * from gold.ltv_cac where plan = 'paid'").count());
  }

  /**
   * Issue 15's must-show: the demo's what-if section, the two shipped simulations on every period.
   * Both save (the classifier moves to a cheaper model; a fifth of the primary calls need no model
   * call), the saving is the COGS difference (each figure rounded to the cent on its own, so within
   * 0.01), and the AI-layer margin does not fall (it rises by the saving over AI revenue, which may
   * round to the same hundredth of a percent).
   */
  @Test
  void endsWithTheWhatIfOfTheShippedSimulations() {
    assertTrue(demo.out().contains("== What if: the shipped simulations"), demo.out());
    report("simulation_summary").createOrReplaceTempView("what_if");
    assertEquals(
        List.of(
            "2025-01 cheaper_classifier",
            "2025-01 response_cache",
            "2025-02 cheaper_classifier",
            "2025-02 response_cache",
            "2025-03 cheaper_classifier",
            "2025-03 response_cache"),
        lines(
            "select concat_ws(' ', billing_period, scenario) from what_if"
                + " where saving > 0 and abs(saving - (cogs - simulated_cogs)) <= 0.01 and simulated_ai_gm_pct >= ai_gm_pct order by 1"));
    // that cost a simulation does not touch stays as it is is SimulationTest's, on hand-worked
    // figures
  }

  /**
   * The demo's three shipped price plans and the actual pricing, per period; 'actual' is
   * gold.gross_margin's AI layer.
   */
  @Test
  void printsThePricePlansBesideTheActualPricing() {
    assertTrue(
        demo.out().contains("== Price plans tried on each customer's actual cost"), demo.out());
    assertEquals(
        List.of(
            "2025-01 actual cost_plus flat_seat usage_based",
            "2025-02 actual cost_plus flat_seat usage_based",
            "2025-03 actual cost_plus flat_seat usage_based"),
        spark
            .sql(
                "select concat_ws(' ', billing_period, array_join(array_sort(collect_set(scenario)), ' ')) from gold.pricing_scenarios group by billing_period order by 1")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList());
    assertEquals(
        List.of(),
        lines(
            "select p.billing_period from gold.pricing_scenarios p join gold.gross_margin g"
                + " on g.billing_period = p.billing_period and g.product = 'ALL' and g.layer = 'ai'"
                + " where p.scenario = 'actual' and p.scenario_ai_gross_margin_pct <> g.gross_margin_pct"));
  }

  @Test
  void theDemoConfigurationReadsItsOwnLandingZone() {
    var config = DemoCommand.demoConfig(dir.resolve("lake"));
    List<String> names = config.sources.stream().map(s -> s.name).toList();
    assertTrue(
        names.containsAll(
            List.of(
                "focus_aws",
                "focus_azure",
                "focus_gcp",
                "pinecone",
                "deepgram",
                "revenue",
                "invoices")),
        names.toString());
    assertEquals(dir.resolve("lake/landing/focus/aws").toString(), config.source("focus_aws").path);
  }

  @Test
  void everyInvoiceTiesOutButTheDisputedOne() {
    List<String> statuses =
        spark
            .sql(
                "select concat_ws(' ', billing_period, provider, status, cast(difference as decimal(20, 2))) from gold.reconciliation order by 1")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    // 3 periods x (3 clouds + Pinecone + Deepgram)
    assertEquals(15, statuses.size(), statuses.toString());
    // the generator's GCP invoice of February bills 250.00 the export does not show: the ledger is
    // under; March, the open month, is not invoiced yet
    assertEquals(
        List.of(
            "2025-02 gcp under -250.00",
            "2025-03 aws missing_invoice",
            "2025-03 azure missing_invoice",
            "2025-03 deepgram missing_invoice",
            "2025-03 gcp missing_invoice",
            "2025-03 pinecone missing_invoice"),
        statuses.stream().filter(s -> !s.endsWith(" tied 0.00")).toList());
  }

  /**
   * Issue 13's must-show: the demo's close of February is refused for the disputed invoice, one
   * line naming it, then forced with the reason, kept in silver.period_status; January closes
   * clean, March stays open.
   */
  @Test
  void theCloseOfTheMonthWithADisputedInvoiceIsRefusedThenForcedWithItsReason() {
    String out = demo.out();
    String refused = out.substring(out.indexOf("2025-02: close refused:"));
    assertTrue(
        refused
            .lines()
            .skip(1)
            .findFirst()
            .orElse("")
            .matches(
                "  - provider gcp: invoice \\S+ is not tied \\(under by 250\\.00 USD: ledger .*\\)"),
        refused);
    assertEquals(
        List.of("2025-01 closed false null", "2025-02 closed true " + DemoCommand.DISPUTE_REASON),
        lines(
            "select concat_ws(' ', billing_period, status, cast(forced as string), coalesce(reason, 'null')) from silver.period_status order by 1"));
    assertEquals(
        1L,
        spark
            .sql(
                "select count(*) from silver.period_status where billing_period = '2025-02' and size(overridden) = 1")
            .first()
            .getLong(0));
    // the statuses table: February final and forced, March provisional
    List<String> table = out.substring(out.indexOf("== Closing the books")).lines().toList();
    assertTrue(
        table.stream()
            .anyMatch(
                l ->
                    l.contains("2025-02")
                        && l.contains("final")
                        && l.contains("true")
                        && l.contains("credit note requested")),
        out);
    assertTrue(
        table.stream().anyMatch(l -> l.contains("2025-03") && l.contains("provisional")), out);
  }

  @Test
  void cogsIsTheSameInGoldTheClassificationAndTheAllocationToTheCent() {
    String sql =
        "with gold_cogs as (select billing_period, sum(amount) as amount from gold.cogs where pnl_category = 'COGS' group by 1),"
            + " classified as (select billing_period, sum(amount) as amount from silver.cost_classified where pnl_category = 'COGS' group by 1),"
            + " allocated as (select a.billing_period, sum(a.amount) as amount from silver.cost_allocated a"
            + "   join (select distinct pool_id, x_LedgerId, customer, product, feature, team, env, allocation_rule_id, billing_period"
            + "         from silver.cost_classified where pnl_category = 'COGS' and rule_id <> 'amortization') c"
            + "   on c.pool_id <=> a.pool_id and c.x_LedgerId <=> a.x_LedgerId and c.customer <=> a.customer and c.product <=> a.product and c.feature <=> a.feature"
            + "   and c.team <=> a.team and c.env <=> a.env and c.allocation_rule_id <=> a.allocation_rule_id and c.billing_period = a.billing_period"
            + "   group by 1)"
            + " select g.billing_period, cast(g.amount as decimal(20, 2)) as gold, cast(c.amount as decimal(20, 2)) as classified,"
            + "        cast(a.amount as decimal(20, 2)) as allocated"
            + " from gold_cogs g join classified c on c.billing_period = g.billing_period join allocated a on a.billing_period = g.billing_period"
            + " order by 1";
    var rows = spark.sql(sql).collectAsList();
    assertEquals(3, rows.size());
    for (var r : rows) {
      assertTrue(r.getDecimal(1).signum() > 0, r.toString());
      assertEquals(r.getDecimal(1), r.getDecimal(2), r.toString());
      assertEquals(r.getDecimal(1), r.getDecimal(3), r.toString());
    }
    // the allocation adds up to the ledger, period by period, to the cent (per line the
    // allocation's
    // largest-remainder step still drifts in the 7th decimal: sql/allocation/largest_remainder.sql)
    assertEquals(
        0L,
        spark
            .sql(
                "select count(*) from (select billing_period, sum(x_EffectiveCostReporting) as t from silver.ledger group by 1) l"
                    + " join (select billing_period, sum(amount) as t from silver.cost_allocated group by 1) a using (billing_period)"
                    + " where round(l.t, 2) <> round(a.t, 2)")
            .first()
            .getLong(0));
  }

  /**
   * Issue 14 item 3: every gold model holds its declared contract (sql/gold/*.yml) on the demo
   * lake: no key held twice, no null where none may be, no row breaking an invariant, and every
   * view it reads registered.
   */
  @Test
  void everyGoldModelHoldsItsContractOnTheDemoLake() {
    List<String> broken = new java.util.ArrayList<>();
    for (var table : io.cogslake.contracts.ModelContract.models()) {
      broken.addAll(io.cogslake.contracts.ModelContract.of(table).violations(spark));
    }
    assertEquals(List.of(), broken);
  }

  /**
   * The analysts' notebooks (notebooks/*.ipynb) run on the demo lake: every %%sql cell, with rows.
   */
  @Test
  void everyNotebookSqlCellRunsOnTheDemoLakeAndReturnsRows() throws Exception {
    List<Path> notebooks;
    try (var files = Files.list(Path.of("notebooks"))) {
      notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertEquals(5, notebooks.size(), notebooks.toString());
    int cells = 0;
    for (Path notebook : notebooks) {
      for (JsonNode cell : new ObjectMapper().readTree(notebook.toFile()).get("cells")) {
        StringBuilder source = new StringBuilder();
        cell.get("source").forEach(line -> source.append(line.asText()));
        if (!cell.get("cell_type").asText().equals("code")
            || !source.toString().startsWith("%%sql")) {
          continue;
        }
        String sql = source.substring(source.indexOf("\n") + 1);
        assertTrue(
            spark.sql(sql).count() > 0, notebook.getFileName() + " returns no rows from:\n" + sql);
        cells++;
      }
    }
    assertEquals(30, cells);
  }

  /**
   * silver.run_log says what produced each figure: the files behind the period and real row counts.
   */
  @Test
  void theRunLogNamesTheInputFilesAndCountsRowsInAndOut() {
    var allocate =
        spark
            .sql(
                "select size(input_checksums), rows_in, rows_out from silver.run_log where stage = 'allocate' and billing_period = '2025-02'")
            .first();
    long files =
        spark
            .sql(
                "select count(distinct checksum) from silver.ingest_log where billing_period = '2025-02' and status = 'ingested'")
            .first()
            .getLong(0);
    assertTrue(files > 0);
    assertEquals(files, (long) allocate.getInt(0));
    // allocate reads every ledger line of the run's periods and writes pools x keys and direct
    // lines
    long lines = spark.sql("select count(*) from silver.ledger").first().getLong(0);
    long allocated = spark.sql("select count(*) from silver.cost_allocated").first().getLong(0);
    assertEquals(lines, allocate.getLong(1));
    assertEquals(allocated, allocate.getLong(2));
    // lines that no tag of their own attributes are split as pools: fewer pools than pooled lines
    var pools =
        spark
            .sql(
                "select count(distinct pool_id), count(*) from silver.allocation_pools where pool_id is not null")
            .first();
    assertTrue(pools.getLong(0) < pools.getLong(1), "pools: " + pools);
    var classify =
        spark
            .sql(
                "select rows_in, rows_out from silver.run_log where stage = 'classify' and billing_period = '2025-02'")
            .first();
    assertEquals(allocated, classify.getLong(0));
  }
}
