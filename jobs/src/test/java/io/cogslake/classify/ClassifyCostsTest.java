package io.cogslake.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.errors.CogsException;
import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.Tables;
import io.cogslake.pipeline.Pipeline;
import io.cogslake.stage.RunContext;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCostsTest extends SparkTestBase {
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
        "select 'P' as customer, 'assistant' as product, 'paid' as plan, '2025-03' as billing_period"
            + " union all select 'F', 'assistant', 'free', '2025-03'");
  }

  private List<String> classified(String period) {
    return spark
        .sql(
            "select x_LedgerId, rule_id, pnl_category, cost_component, is_ai, amount from silver.cost_classified"
                + " where billing_period = '"
                + period
                + "' order by 1, 2")
        .collectAsList()
        .stream()
        .map(
            r ->
                String.join(
                    " ",
                    r.getString(0),
                    r.getString(1),
                    r.getString(2),
                    r.getString(3),
                    String.valueOf(r.get(4)),
                    r.getDecimal(5).toPlainString()))
        .toList();
  }

  @Test
  void everyDefaultRuleTakesTheRowsItDescribes() {
    // Taxes kept as their own component, so each row shows the rule it took (net splits them into
    // the
    // cost they relate to: CreditsPolicyTest).
    config.classification.policies.credits = "gross";
    // given: one allocated row per decision of the default rules (columns: id, customer, env,
    // model, workload, delivery, charge)
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        "select id as x_LedgerId, customer, 'assistant' as product, env, model as x_Model, workload as x_Workload,"
            + " delivery as x_Delivery, charge as ChargeCategory, 1.00 as amount, '2025-03' as billing_period from values"
            + " ('ft', 'P', 'prod', null, 'fine_tuning', null, 'Usage'),"
            + " ('train', 'unallocated', null, null, 'training', null, 'Usage'),"
            + " ('label', 'unallocated', null, null, 'labeling', null, 'Usage'),"
            + " ('exp', 'unallocated', null, 'm', 'experiment', null, 'Usage'),"
            + " ('staging-infra', 'P', 'staging', null, 'hosting', null, 'Usage'),"
            + " ('dev-inference', 'P', 'dev', 'm', 'inference', null, 'Usage'),"
            + " ('internal', 'unallocated', 'prod', 'm', 'internal_tool', null, 'Usage'),"
            + " ('eval-delivery', 'P', 'prod', 'm', 'eval', true, 'Usage'),"
            + " ('eval-other', 'P', 'prod', 'm', 'eval', false, 'Usage'),"
            + " ('review-delivery', 'P', 'prod', null, 'human_review', true, 'Usage'),"
            + " ('review-other', 'unallocated', null, null, 'human_review', null, 'Usage'),"
            + " ('free', 'F', 'prod', 'm', 'inference', null, 'Usage'),"
            + " ('paid', 'P', 'prod', 'm', 'inference', null, 'Usage'),"
            + " ('retrieval', 'P', 'prod', null, 'retrieval', null, 'Usage'),"
            + " ('third-party', 'P', null, null, 'third_party_ai', null, 'Usage'),"
            + " ('hosting', 'P', 'prod', null, 'hosting', null, 'Usage'),"
            + " ('tax', 'P', null, null, null, null, 'Tax'),"
            + " ('untagged', 'unallocated', null, null, null, null, 'Usage'),"
            + " ('unallocated-model', 'unallocated', null, 'm', null, null, 'Usage'),"
            + " ('unallocated-hosting', 'unallocated', 'prod', null, 'hosting', null, 'Usage'),"
            + " ('free-retrieval', 'F', 'prod', null, 'retrieval', null, 'Usage'),"
            + " ('free-hosting', 'F', 'prod', null, 'hosting', null, 'Usage'),"
            + " ('free-third-party', 'F', null, null, 'third_party_ai', null, 'Usage'),"
            + " ('free-tax', 'F', null, null, null, null, 'Tax'),"
            + " ('converted', 'T', 'prod', 'm', 'inference', null, 'Usage')"
            + " as t(id, customer, env, model, workload, delivery, charge)");

    // T started a trial and converted to paid in the month (two revenue rows): paid over trial over
    // free.
    TestTables.put(
        spark,
        lake,
        Tables.REVENUE,
        "select 'T' as customer, 'assistant' as product, 'trial' as plan, '2025-03' as billing_period"
            + " union all select 'T', 'search', 'paid', '2025-03'");
    TestLakes.run(lake, config, List.of("classify"), "2025-03");

    // expect: the rule, P&L category, component and AI flag finance's decision table gives each row
    assertEquals(
        List.of(
            "converted production_inference COGS inference true 1.0000000000",
            "dev-inference non_production_inference RND inference true 1.0000000000",
            "eval-delivery eval_for_delivery COGS eval true 1.0000000000",
            "eval-other eval_not_for_delivery RND eval false 1.0000000000",
            "exp experiments RND other false 1.0000000000",
            // a free or trial customer's serving cost of every kind is acquisition cost
            "free free_and_trial_inference OPEX_SM inference true 1.0000000000",
            "free-hosting free_and_trial_hosting OPEX_SM infrastructure false 1.0000000000",
            "free-retrieval free_and_trial_retrieval OPEX_SM retrieval true 1.0000000000",
            "free-tax free_and_trial_charges OPEX_SM credits_fees false 1.0000000000",
            "free-third-party free_and_trial_third_party_ai OPEX_SM third_party_ai true 1.0000000000",
            "ft fine_tuning RND fine_tuning true 1.0000000000",
            "hosting production_hosting COGS infrastructure false 1.0000000000",
            "internal internal_tools OPEX_GA other false 1.0000000000",
            "label training_and_labeling RND training false 1.0000000000",
            "paid production_inference COGS inference true 1.0000000000",
            "retrieval retrieval_serving COGS retrieval true 1.0000000000",
            "review-delivery human_review_for_delivery COGS human_review true 1.0000000000",
            "review-other human_review_other OPEX_GA human_review false 1.0000000000",
            "staging-infra non_production RND infrastructure false 1.0000000000",
            "tax taxes_credits_fees COGS credits_fees false 1.0000000000",
            "third-party third_party_ai COGS third_party_ai true 1.0000000000",
            "train training_and_labeling RND training false 1.0000000000",
            // production serving cost is COGS whether or not its customer is known (it was
            // UNCLASSIFIED
            // while the rules required a customer: margin rose as tagging got worse)
            "unallocated-hosting production_hosting COGS infrastructure false 1.0000000000",
            "unallocated-model production_inference COGS inference true 1.0000000000",
            // a line no rule understands is reported as it is, never guessed
            "untagged unclassified UNCLASSIFIED other false 1.0000000000"),
        classified("2025-03"));
    String version =
        spark.sql("select distinct rules_version from silver.cost_classified").first().getString(0);
    assertTrue(version.startsWith("default-2026.1+"), version);
    assertEquals(
        1L,
        spark
            .sql("select * from silver.rules_versions where rules_version = '" + version + "'")
            .count());
  }

  @Test
  void capitalizedFineTuningIsAmortizedIntoCogsStraightLine() {
    config.classification.policies.fineTuning = "capitalize";
    config.classification.policies.usefulLifeMonths = 3;
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        "select 'ft' as x_LedgerId, 'unallocated' as customer, 'fine_tuning' as x_Workload, 10.00 as amount, '2025-01' as billing_period");

    TestLakes.run(lake, config, List.of("classify"), "2025-01", "2025-02");

    // 10.00 over 3 months: 3.3333333334 + 3.3333333333 + 3.3333333333, the spare unit in the first
    // month
    assertEquals(
        List.of("2025-01 3.3333333334", "2025-02 3.3333333333", "2025-03 3.3333333333"),
        spark
            .sql("select billing_period, amount from silver.amortization_schedule order by 1")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0) + " " + r.getDecimal(1).toPlainString())
            .toList());
    assertEquals(
        List.of(
            "ft amortization COGS fine_tuning true 3.3333333334",
            "ft fine_tuning CAPITALIZED fine_tuning true 10.0000000000"),
        classified("2025-01"));
    assertEquals(
        List.of("ft amortization COGS fine_tuning true 3.3333333333"), classified("2025-02"));
  }

  @Test
  void aChangedRuleReappliedToHistoryShowsWhatMovedAndKeepsTheOldVersion() throws Exception {
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        "select id as x_LedgerId, customer, 'assistant' as product, 'prod' as env, 'm' as x_Model, 'inference' as x_Workload,"
            + " amount, '2025-03' as billing_period from values ('free', 'F', 2.50), ('paid', 'P', 7.25) as t(id, customer, amount)");
    TestLakes.run(lake, config, List.of("classify"), "2025-03");
    String location = lake.location(Tables.COST_CLASSIFIED);
    long firstVersion = DeltaTable.forPath(spark, location).history(1).first().getLong(0);
    String oldVersion =
        spark.sql("select distinct rules_version from silver.cost_classified").first().getString(0);

    // Finance decides free-plan inference is COGS too: the free-plan rule goes, under a new label.
    String changed =
        SqlFiles.text(ClassifyCostsJob.DEFAULT_RULES)
            .replace("-- rules_version: default-2026.1", "-- rules_version: finance-2025.2")
            .replace(
                "-- rule: free_and_trial_inference | category: OPEX_SM | component: inference\n"
                    + "plan in ('free', 'trial') and x_Model is not null\n",
                "");
    config.classification.rules = Files.writeString(dir.resolve("rules.sql"), changed).toString();
    TestLakes.run(lake, config, List.of("classify"), "2025-03");
    // a re-run under the same version moves nothing and keeps the recorded diff
    TestLakes.run(lake, config, List.of("classify"), "2025-03");

    String newVersion = RulesFile.parse(changed, "rules.sql").version();
    assertEquals(
        List.of(
            "2025-03 " + oldVersion + " " + newVersion + " COGS COGS 7.2500000000",
            "2025-03 " + oldVersion + " " + newVersion + " OPEX_SM COGS 2.5000000000"),
        spark
            .sql(
                "select billing_period, from_version, to_version, from_category, to_category, amount from gold.classification_diff order by 4, 5")
            .collectAsList()
            .stream()
            .map(
                r ->
                    String.join(
                        " ",
                        r.getString(0),
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getDecimal(5).toPlainString()))
            .toList());
    assertEquals(
        List.of(
            "free production_inference COGS inference true 2.5000000000",
            "paid production_inference COGS inference true 7.2500000000"),
        classified("2025-03"));
    // The previous classification stays queryable: Delta time travel to the version before.
    assertEquals(
        "free free_and_trial_inference " + oldVersion,
        spark
            .read()
            .format("delta")
            .option("versionAsOf", firstVersion)
            .load(location)
            .filter("x_LedgerId = 'free'")
            .selectExpr("concat_ws(' ', x_LedgerId, rule_id, rules_version)")
            .first()
            .getString(0));
  }

  @Test
  void aRulesFileThatDoesMoreThanTestARowIsRefused() {
    String header =
        "-- rules_version: bad-1\n-- rule: r1 | category: COGS | component: inference\n";
    CogsException ddl =
        assertThrows(
            CogsException.class,
            () -> RulesFile.parse(header + "drop table silver.ledger\n", "bad.sql"));
    assertTrue(
        ddl.getMessage()
            .startsWith("Rules file bad.sql, rule r1: the predicate does not parse as SQL ("),
        ddl.getMessage());
    assertTrue(ddl.getMessage().endsWith("): drop table silver.ledger"), ddl.getMessage());
    CogsException twoStatements =
        assertThrows(
            CogsException.class,
            () -> RulesFile.parse(header + "true; delete from silver.ledger\n", "bad.sql"));
    assertEquals(
        "Rules file bad.sql, rule r1: a rule is one SQL predicate that tests a row",
        twoStatements.getMessage());
    CogsException subquery =
        assertThrows(
            CogsException.class,
            () ->
                RulesFile.parse(
                    header + "x_LedgerId in (select x_LedgerId from silver.ledger)\n", "bad.sql"));
    assertTrue(
        subquery
            .getMessage()
            .startsWith("Rules file bad.sql, rule r1: the predicate may not use a sub-query"),
        subquery.getMessage());
    CogsException category =
        assertThrows(
            CogsException.class,
            () ->
                RulesFile.parse(
                    "-- rules_version: bad-1\n-- rule: r1 | category: PROFIT | component: inference\ntrue\n",
                    "bad.sql"));
    assertTrue(
        category.getMessage().startsWith("Rules file bad.sql, rule r1: category must be one of"),
        category.getMessage());
    assertEquals(2, ddl.exitCode());
  }

  @Test
  void reusingALabelForOtherRulesAndTouchingAClosedPeriodAreRefused() throws Exception {
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        "select 'paid' as x_LedgerId, 'P' as customer, 'assistant' as product, 'm' as x_Model, 4.00 as amount, '2025-03' as billing_period");
    TestLakes.run(lake, config, List.of("classify"), "2025-03");

    String edited =
        SqlFiles.text(ClassifyCostsJob.DEFAULT_RULES)
            .replace("x_Workload = 'experiment'", "x_Workload in ('experiment', 'research')");
    config.classification.rules = Files.writeString(dir.resolve("edited.sql"), edited).toString();
    CogsException relabel =
        assertThrows(
            CogsException.class, () -> TestLakes.run(lake, config, List.of("classify"), "2025-03"));
    assertTrue(
        relabel
            .getMessage()
            .contains("declares version label default-2026.1, already used by default-2026.1+"),
        relabel.getMessage());

    config.classification.rules = null;
    TestTables.put(
        spark,
        lake,
        Tables.PERIOD_STATUS,
        "select 'closed' as status, '2025-03' as billing_period");
    CogsException closed =
        assertThrows(
            CogsException.class, () -> TestLakes.run(lake, config, List.of("classify"), "2025-03"));
    assertEquals(3, closed.exitCode());
    assertEquals(
        "Billing period 2025-03 is closed: classify would rewrite it; run with --reopen to change a closed period",
        closed.getMessage());
    // --reopen lets the run through
    Pipeline.runStage(
        "classify", lake, RunContext.of("test", List.of("2025-03"), false, true, config));
    assertEquals(
        List.of("paid production_inference COGS inference true 4.0000000000"),
        classified("2025-03"));
  }
}
