package io.cogslake.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cogslake.GoldFixture;
import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.errors.CogsException;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import io.cogslake.stage.RunContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 11: close checks before it locks. One lake for the class; each test has periods of
 * its own. GoldFixture's month: openai's invoice INV-O of 131.10 against ledger lines 1.10 + heavy
 * + 5.00 (tied when the heavy customer's cost is 125.00), aws's INV-A of 20.00 against 20.00.
 */
class ClosePeriodTest extends SparkTestBase {
  @TempDir static Path dir;
  static CogsConfig config;
  static Lake lake;

  @BeforeAll
  static void lake() {
    config = GoldFixture.config(dir);
    lake = TestLakes.open(spark, config);
    GoldFixture.fill(spark, lake, "2025-03", "125.00", "150");
    // April: the heavy customer's cost is 130.37, so openai's ledger is 1.10 + 130.37 + 5.00 =
    // 136.47
    // against an invoice of 131.10: over by 5.37. Plus 2.50 no rule understood, and three
    // quarantined rows.
    GoldFixture.fill(spark, lake, "2025-04", "130.37", "150");
    TestTables.put(
        spark,
        lake,
        Tables.COST_CLASSIFIED,
        "select 'line-odd' as x_LedgerId, 'unallocated' as customer, 2.50 as amount, 'UNCLASSIFIED' as pnl_category, '2025-04' as billing_period");
    TestTables.put(
        spark,
        lake,
        Tables.QUARANTINE,
        "select source, 'f.csv' as file, id as record, 'bad' as reason, '2025-04' as billing_period"
            + " from values ('openai_costs', 1), ('openai_costs', 2), ('aws_cur', 7) as t(source, id)");
    TestLakes.run(lake, config, List.of("gold"), "2025-03", "2025-04");
  }

  private static RunContext run(String command, String period) {
    return RunContext.of(command, List.of(period), false, false, config);
  }

  private static String status(String period) {
    return spark
        .sql(
            "select concat_ws(' | ', status, cast(forced as string), coalesce(reason, '-'), cast(size(overridden) as string))"
                + " from silver.period_status where billing_period = '"
                + period
                + "'")
        .first()
        .getString(0);
  }

  @Test
  void aPeriodWhoseChecksPassClosesAndIsFinal() {
    ClosePeriodJob job = new ClosePeriodJob(lake, run("close", "2025-03"));
    assertEquals(List.of(), job.failedChecks("2025-03"));

    ClosePeriodJob.Result closed = job.close("2025-03", null);

    assertEquals("closed", closed.status());
    assertEquals("closed | false | - | 0", status("2025-03"));
    assertEquals(
        "final",
        io.cogslake.lake.SqlFiles.query(
                spark, "close/period_status.sql", java.util.Map.of("period", "2025-03"))
            .first()
            .getString(0));
    // the stages now refuse to rewrite it
    CogsException refused =
        assertThrows(
            CogsException.class, () -> TestLakes.run(lake, config, List.of("gold"), "2025-03"));
    assertEquals(3, refused.exitCode());
  }

  @Test
  void
      aPeriodWithAnUntiedInvoiceUnclassifiedCostAndQuarantinedRowsIsRefusedThenForcedWithAReason() {
    ClosePeriodJob job = new ClosePeriodJob(lake, run("close", "2025-04"));
    List<String> expected =
        List.of(
            "provider openai: invoice INV-O is not tied (over by 5.37 USD: ledger 136.47, invoice 131.10)",
            "UNCLASSIFIED cost of 2.50 USD: no classification rule matches it",
            "3 quarantined rows (aws_cur 1, openai_costs 2): see silver.quarantine");
    assertEquals(expected, job.failedChecks("2025-04"));

    CogsException refused = assertThrows(CogsException.class, () -> job.close("2025-04", null));
    assertEquals(3, refused.exitCode());
    assertEquals(
        String.join(
            System.lineSeparator(),
            "Billing period 2025-04 cannot be closed:",
            "  - " + expected.get(0),
            "  - " + expected.get(1),
            "  - " + expected.get(2),
            "Fix these and re-run the job for the period, or close it anyway with --force --reason TEXT (recorded)"),
        refused.getMessage());
    assertEquals(
        0L,
        spark.sql("select * from silver.period_status where billing_period = '2025-04'").count());

    ClosePeriodJob.Result forced =
        job.close("2025-04", "credit note CN-7 for INV-O agreed with openai");
    assertEquals(expected, forced.overridden());
    assertEquals(
        "closed | true | credit note CN-7 for INV-O agreed with openai | 3", status("2025-04"));
    assertEquals(
        expected,
        spark
            .sql("select overridden from silver.period_status where billing_period = '2025-04'")
            .first()
            .getList(0));
    assertEquals(
        "close | true | credit note CN-7 for INV-O agreed with openai",
        spark
            .sql(
                "select concat_ws(' | ', command, cast(forced as string), reason) from silver.run_log"
                    + " where stage = 'close' and billing_period = '2025-04'")
            .first()
            .getString(0));

    // Reopened, it is provisional again and its forced close stays in the run log.
    new ClosePeriodJob(lake, run("reopen", "2025-04")).reopen("2025-04");
    assertEquals("open | false | - | 0", status("2025-04"));
    assertEquals(
        2L,
        spark
            .sql(
                "select * from silver.run_log where billing_period = '2025-04' and stage in ('close', 'reopen')")
            .count());
  }

  @Test
  void aPeriodWithoutGoldFiguresIsNotReadyToClose() {
    assertEquals(
        List.of("no gold figures for the period: run the job for it first"),
        new ClosePeriodJob(lake, run("close", "2025-09")).failedChecks("2025-09"));
  }
}
