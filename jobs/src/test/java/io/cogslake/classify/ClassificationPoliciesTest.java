package io.cogslake.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.errors.CogsException;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import io.cogslake.pipeline.Pipeline;
import io.cogslake.stage.RunContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 8: the classification policies are versioned with the rules. A switch of
 * fine_tuning or useful_life_months re-classifies only with a gold.classification_diff row and a
 * run-log entry, never a closed period; a month classified before the month of a capitalized line
 * still gets its charge.
 */
class ClassificationPoliciesTest extends SparkTestBase {
  private static final String EXPENSE_12 =
      "fine_tuning=expense, useful_life_months=12, credits=net";
  private static final String CAPITALIZE_3 =
      "fine_tuning=capitalize, useful_life_months=3, credits=net";

  @TempDir Path dir;
  Lake lake;
  CogsConfig config;

  @BeforeEach
  void lake() {
    config = TestLakes.config(dir.resolve("lake"));
    lake = TestLakes.open(spark, config);
    TestTables.put(
        spark,
        lake,
        Tables.REVENUE,
        "select 'P' as customer, 'assistant' as product, 'paid' as plan, billing_period from values ('2025-01'), ('2025-02') as t(billing_period)");
  }

  private List<String> classified(String period) {
    return rows(
        "select x_LedgerId, rule_id, pnl_category, amount from silver.cost_classified where billing_period = '"
            + period
            + "' order by 1, 2");
  }

  private List<String> rows(String sql) {
    return spark.sql(sql).collectAsList().stream()
        .map(
            r -> {
              StringBuilder s = new StringBuilder();
              for (int i = 0; i < r.length(); i++) {
                Object v = r.get(i);
                s.append(i == 0 ? "" : " | ")
                    .append(
                        v instanceof java.math.BigDecimal d
                            ? d.toPlainString()
                            : String.valueOf(v));
              }
              return s.toString();
            })
        .toList();
  }

  @Test
  void switchingFineTuningToCapitalizeReclassifiesWithADiffAndARunLogEntryButNotAClosedPeriod() {
    // January: a fine-tuning job of 12.00 (no customer) and 5.00 of a paid customer's production
    // inference.
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        "select * from values"
            + " ('ft', 'unallocated', null, 'fine_tuning', 12.00, '2025-01'),"
            + " ('inf', 'P', 'm', 'inference', 5.00, '2025-01')"
            + " as t(x_LedgerId, customer, x_Model, x_Workload, amount, billing_period)");
    TestLakes.run(lake, config, List.of("classify"), "2025-01");
    assertEquals(
        List.of(
            "ft | fine_tuning | RND | 12.0000000000",
            "inf | production_inference | COGS | 5.0000000000"),
        classified("2025-01"));

    // Finance capitalizes fine-tuning over 3 months: January keeps 12.00 CAPITALIZED and is charged
    // 12.00 / 3 = 4.00 of amortization (COGS); February and March 4.00 each.
    config.classification.policies.fineTuning = "capitalize";
    config.classification.policies.usefulLifeMonths = 3;
    TestLakes.run(lake, config, List.of("classify"), "2025-01");
    assertEquals(
        List.of(
            "ft | amortization | COGS | 4.0000000000",
            "ft | fine_tuning | CAPITALIZED | 12.0000000000",
            "inf | production_inference | COGS | 5.0000000000"),
        classified("2025-01"));
    // What moved, under the same rules version: 12.00 RND -> CAPITALIZED, the new 4.00 charge none
    // -> COGS;
    // the 5.00 of inference stays COGS (listed, as a rules change lists it).
    assertEquals(
        List.of(
            "2025-01 | "
                + EXPENSE_12
                + " | "
                + CAPITALIZE_3
                + " | RND | CAPITALIZED | 12.0000000000",
            "2025-01 | " + EXPENSE_12 + " | " + CAPITALIZE_3 + " | COGS | COGS | 5.0000000000",
            "2025-01 | " + EXPENSE_12 + " | " + CAPITALIZE_3 + " | none | COGS | 4.0000000000"),
        rows(
            "select billing_period, from_policies, to_policies, from_category, to_category, amount"
                + " from gold.classification_diff order by amount desc"));
    // the rules themselves did not change
    assertEquals(
        0L,
        spark
            .sql(
                "select * from gold.classification_diff where from_version <> 'none' and from_version <> to_version")
            .count());
    // silver.run_log names the policies each classify ran under
    assertEquals(
        List.of("expense | 12", "capitalize | 3"),
        rows(
            "select policies['fine_tuning'], policies['useful_life_months'] from silver.run_log where stage = 'classify' order by started_at"));
    // both applications stay in the rules' history
    assertEquals(
        List.of(EXPENSE_12, CAPITALIZE_3),
        rows(
            "select policies from silver.rules_versions where billing_period = '2025-01' order by applied_at"));

    // A re-run under the same policies moves nothing more: the diff stays as it was.
    TestLakes.run(lake, config, List.of("classify"), "2025-01");
    assertEquals(3L, spark.sql("select * from gold.classification_diff").count());

    // January is closed; switching back to expense leaves it as it is (a run over every period
    // skips it,
    // a run naming it is refused).
    TestTables.put(
        spark,
        lake,
        Tables.PERIOD_STATUS,
        "select 'closed' as status, '2025-01' as billing_period");
    config.classification.policies.fineTuning = "expense";
    TestLakes.run(lake, config, List.of("classify"));
    assertEquals("ft | fine_tuning | CAPITALIZED | 12.0000000000", classified("2025-01").get(1));
    CogsException refused =
        assertThrows(
            CogsException.class, () -> TestLakes.run(lake, config, List.of("classify"), "2025-01"));
    assertEquals(3, refused.exitCode());
    assertEquals(3L, spark.sql("select * from gold.classification_diff").count());
  }

  @Test
  void aMonthClassifiedBeforeTheMonthOfACapitalizedLineGetsItsChargeAndLosesItOnASwitchBack() {
    config.classification.policies.fineTuning = "capitalize";
    config.classification.policies.usefulLifeMonths = 3;
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        "select * from values"
            + " ('ft', 'unallocated', null, 'fine_tuning', 9.00, '2025-01'),"
            + " ('inf2', 'P', 'm', 'inference', 3.00, '2025-02')"
            + " as t(x_LedgerId, customer, x_Model, x_Workload, amount, billing_period)");
    // February first (its own inference only), then January, whose 9.00 is charged 3.00 a month.
    TestLakes.run(lake, config, List.of("classify"), "2025-02");
    assertEquals(
        List.of("inf2 | production_inference | COGS | 3.0000000000"), classified("2025-02"));
    RunContext january = RunContext.of("test", List.of("2025-01"), false, false, config);
    io.cogslake.stage.StageResult result = Pipeline.runStage("classify", lake, january);

    assertEquals(List.of("2025-01", "2025-02"), result.periods());
    assertEquals(
        List.of(
            "ft | amortization | COGS | 3.0000000000",
            "inf2 | production_inference | COGS | 3.0000000000"),
        classified("2025-02"));
    // March was never classified: its charge waits in the schedule for March's own run.
    assertEquals(List.of(), classified("2025-03"));
    assertEquals(
        List.of("2025-01 | 3.0000000000", "2025-02 | 3.0000000000", "2025-03 | 3.0000000000"),
        rows("select billing_period, amount from silver.amortization_schedule order by 1"));

    // Back to expensing: January's schedule goes, and February's charge with it.
    config.classification.policies.fineTuning = "expense";
    TestLakes.run(lake, config, List.of("classify"), "2025-01");
    assertEquals(
        List.of("inf2 | production_inference | COGS | 3.0000000000"), classified("2025-02"));
    assertEquals(List.of("ft | fine_tuning | RND | 9.0000000000"), classified("2025-01"));
    // February's diff shows its 3.00 charge going: COGS -> none
    assertEquals(
        List.of("2025-02 | COGS | none | 3.0000000000"),
        rows(
            "select billing_period, from_category, to_category, amount from gold.classification_diff"
                + " where billing_period = '2025-02' and from_category <> to_category"));
  }
}
