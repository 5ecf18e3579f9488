package io.cogslake.classify;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cogslake.config.CogsConfig;
import io.cogslake.errors.Errors;
import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.Tables;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies the allocated cost of each period by the rules file (first match wins) into
 * silver.cost_classified, with rule_id and rules_version on every row; capitalized lines get an
 * amortization schedule whose monthly charges are rows of their own (rule_id = amortization). When
 * a period was classified under another rules version, what moved is written to
 * gold.classification_diff.
 */
public final class ClassifyCostsJob extends Stage {
  private static final Logger LOG = LoggerFactory.getLogger(ClassifyCostsJob.class);
  public static final String DEFAULT_RULES = "classification/default_rules.sql";

  /**
   * rowsIn: allocated rows classified; rowsOut: rows of silver.cost_classified (amortization
   * charges included).
   */
  public record Result(List<String> periods, long rowsIn, long rowsOut, String rulesVersion)
      implements Outcome {}

  public ClassifyCostsJob(Lake lake, RunContext run) {
    super("classify", lake, run);
  }

  public static RulesFile rulesFile(SparkSession spark, CogsConfig config) {
    String file = config.classification.rules;
    if (file == null) {
      return RulesFile.parse(SqlFiles.text(DEFAULT_RULES), "sql/" + DEFAULT_RULES);
    }
    // the file's exact bytes: its hash is part of the rules version (sha256sum of the file gives
    // it)
    try {
      Path path = new Path(file);
      try (InputStream in =
          path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
        return RulesFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
      }
    } catch (IOException e) {
      throw Errors.config("Rules file %s cannot be read: %s", file, e.getMessage());
    }
  }

  /**
   * The classification policies that change what a rule books (fine-tuning expensed or capitalized,
   * over how many months; taxes, credits and fees netted into the cost they relate to or kept
   * apart): versioned with the rules, so switching one re-classifies with a diff.
   */
  public static String policiesLabel(CogsConfig config) {
    var p = config.classification.policies;
    return "fine_tuning="
        + p.fineTuning
        + ", useful_life_months="
        + p.usefulLifeMonths
        + ", credits="
        + p.credits;
  }

  @Override
  public Result run() {
    RulesFile rules = rulesFile(spark, run.config());
    String version = rules.version();
    refuseReusedLabel(rules);
    Set<String> periods = periodsToWrite(Tables.COST_ALLOCATED);
    // A capitalized line charges the months after its own: those already classified (a later month
    // run
    // first, a policy switch) are classified again so their amortization charges are up to date.
    Set<String> done = new TreeSet<>();
    long rowsIn = 0;
    long rows = 0;
    Set<String> todo = periods;
    while (!todo.isEmpty()) {
      Pass pass = classify(todo, rules);
      done.addAll(todo);
      rowsIn += pass.rowsIn();
      rows += pass.rows();
      todo = new TreeSet<>(pass.laterMonths());
      todo.removeAll(done);
      todo.removeIf(p -> !guard().mayRewrite(p, "classify (amortization of an earlier month)"));
      if (!todo.isEmpty()) {
        LOG.info(
            "classify: amortization charges reach {}, classified before: classified again", todo);
      }
    }
    return new Result(List.copyOf(done), rowsIn, rows, version);
  }

  /**
   * One classification of some periods: rows in and out, and the later classified months their
   * schedules reach.
   */
  private record Pass(long rowsIn, long rows, Set<String> laterMonths) {}

  private Pass classify(Set<String> periods, RulesFile rules) {
    String version = rules.version();
    if (periods.isEmpty()) {
      return new Pass(0, 0, Set.of());
    }
    Object[] wanted = periods.toArray();
    describe(periods + " with rules " + version);
    var policies = run.config().classification.policies;

    Dataset<Row> allocated =
        lake.read(Tables.COST_ALLOCATED).filter(col("billing_period").isin(wanted));
    registerPeriods("classify_revenue", Tables.REVENUE, periods);
    Dataset<Row> plans =
        broadcast(SqlFiles.query(spark, "classification/customer_plans.sql", Map.of()));
    allocated
        .join(
            plans,
            allocated
                .col("billing_period")
                .equalTo(plans.col("billing_period"))
                .and(allocated.col("customer").equalTo(plans.col("customer"))),
            "left")
        .select(
            allocated.col("*"),
            org.apache.spark.sql.functions.coalesce(plans.col("plan"), lit("unknown")).as("plan"))
        .withColumn("rule_id", rules.firstMatchingRule())
        .createOrReplaceTempView("classify_rows");
    ruleTable(rules, policies.fineTuning).createOrReplaceTempView("classification_rules");
    Map<String, Object> params = Map.of("rules_version", version);
    SqlFiles.query(spark, "classification/classified.sql", params)
        .createOrReplaceTempView("classified_rows");
    Dataset<Row> classified =
        SqlFiles.query(
            spark, "classification/credits_netted.sql", Map.of("credits_policy", policies.credits));

    // Capitalized lines: their schedule, and this period's charges from every schedule reaching it.
    classified
        .filter(col("pnl_category").equalTo("CAPITALIZED"))
        .groupBy(col("pool_id"), col("x_LedgerId"), col("billing_period").as("origin_period"))
        .agg(org.apache.spark.sql.functions.sum("amount").as("amount"))
        .createOrReplaceTempView("capitalized");
    Dataset<Row> schedule =
        SqlFiles.query(
            spark,
            "classification/amortization_schedule.sql",
            Map.of("useful_life_months", policies.usefulLifeMonths, "rules_version", version));
    Set<String> reached =
        monthsReached(wanted); // before: months whose charges the new schedule may remove
    lake.replace(Tables.AMORTIZATION_SCHEDULE, schedule, col("origin_period").isin(wanted));
    reached.addAll(monthsReached(wanted));
    reached.removeAll(periods);
    Set<String> laterMonths = new TreeSet<>();
    if (!reached.isEmpty()) {
      lake.read(Tables.COST_CLASSIFIED)
          .filter(col("billing_period").isin(reached.toArray()))
          .select("billing_period")
          .distinct()
          .collectAsList()
          .forEach(r -> laterMonths.add(r.getString(0)));
    }
    Dataset<Row> charges = amortizationCharges(wanted, version);

    String policiesLabel = policiesLabel(run.config());
    Dataset<Row> after =
        classified
            .unionByName(charges)
            .withColumn("policies", lit(policiesLabel))
            .persist(StorageLevel.MEMORY_AND_DISK());
    long rows;
    try {
      writeDiff(after, wanted, version, policiesLabel);
      rows = replacePeriods(Tables.COST_CLASSIFIED, after, periods);
    } finally {
      after.unpersist();
    }
    recordVersion(rules, periods, policiesLabel);
    LOG.info(
        "classify: {} rows into silver.cost_classified for {} with rules {} ({})",
        rows,
        periods,
        version,
        policiesLabel);
    return new Pass(allocated.count(), rows, laterMonths);
  }

  /**
   * The months charged by the schedules of the given origin months (at most useful_life_months
   * each).
   */
  private Set<String> monthsReached(Object[] origins) {
    Set<String> months = new TreeSet<>();
    lake.read(Tables.AMORTIZATION_SCHEDULE)
        .filter(col("origin_period").isin(origins))
        .select("billing_period")
        .distinct()
        .collectAsList()
        .forEach(r -> months.add(r.getString(0)));
    return months;
  }

  private Dataset<Row> ruleTable(RulesFile rules, String fineTuningPolicy) {
    String fineTuning = fineTuningPolicy.equals("capitalize") ? "CAPITALIZED" : "RND";
    StructType schema =
        new StructType()
            .add("rule_id", DataTypes.StringType)
            .add("category", DataTypes.StringType)
            .add("component", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (RulesFile.Rule r : rules.rules()) {
      String category =
          r.category().equals(RulesFile.POLICY_FINE_TUNING) ? fineTuning : r.category();
      rows.add(RowFactory.create(r.id(), category, r.component()));
    }
    return broadcast(spark.createDataFrame(rows, schema));
  }

  /**
   * This period's monthly charges of capitalized lines, as classified rows (COGS, fine_tuning, AI).
   */
  private Dataset<Row> amortizationCharges(Object[] periods, String version) {
    return lake.read(Tables.AMORTIZATION_SCHEDULE)
        .filter(col("billing_period").isin(periods))
        .select(
            col("pool_id"),
            col("x_LedgerId"),
            lit("unallocated").as("customer"),
            lit(null).cast("string").as("product"),
            lit(null).cast("string").as("feature"),
            lit(null).cast("string").as("team"),
            lit(null).cast("string").as("env"),
            lit("amortization").as("allocation_rule_id"),
            lit("amortization").as("method"),
            lit(null).cast("decimal(38,10)").as("driver_quantity"),
            lit(null).cast("decimal(38,18)").as("share"),
            col("amount"),
            lit(null).cast("string").as("x_Provider"),
            lit(null).cast("string").as("x_Model"),
            lit(null).cast("string").as("x_TokenType"),
            lit("fine_tuning").as("x_Workload"),
            lit(null).cast("boolean").as("x_Delivery"),
            lit(null).cast("string").as("ChargeCategory"),
            lit(null).cast("string").as("ServiceCategory"),
            lit("amortization").as("rule_id"),
            lit(version).as("rules_version"),
            lit("COGS").as("pnl_category"),
            lit("fine_tuning").as("cost_component"),
            lit(true).as("is_ai"),
            col("billing_period"));
  }

  /**
   * Before overwriting: what the new version moves, against the rows of the version(s) it replaces.
   * A first classification, or a re-run under the same version, moves nothing and leaves the diffs
   * already recorded for the period alone.
   */
  private void writeDiff(
      Dataset<Row> after, Object[] periods, String version, String policiesLabel) {
    // The policies each period was last classified with (silver.rules_versions; a lake of an
    // earlier
    // version recorded none: taken as unchanged). A row per period: tiny.
    Dataset<Row> applied =
        lake.read(Tables.RULES_VERSIONS)
            .filter(col("billing_period").isin(periods))
            .withColumn(
                "latest",
                org.apache
                    .spark
                    .sql
                    .functions
                    .row_number()
                    .over(
                        org.apache.spark.sql.expressions.Window.partitionBy("billing_period")
                            .orderBy(col("applied_at").desc())))
            .filter(col("latest").equalTo(1))
            .select(
                col("billing_period"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .coalesce(col("policies"), lit(policiesLabel))
                    .as("policies"));
    Dataset<Row> before =
        lake.read(Tables.COST_CLASSIFIED)
            .filter(col("billing_period").isin(periods))
            .join(broadcast(applied), "billing_period", "left")
            .withColumn(
                "policies",
                org.apache.spark.sql.functions.coalesce(col("policies"), lit(policiesLabel)));
    // at most a few versions per period: a tiny list
    List<String> replaced =
        before.select("rules_version", "policies").distinct().collectAsList().stream()
            .filter(
                r ->
                    r.getString(0) != null
                        && !(r.getString(0).equals(version)
                            && r.getString(1).equals(policiesLabel)))
            .map(r -> r.getString(0) + " (" + r.getString(1) + ")")
            .toList();
    if (replaced.isEmpty()) {
      return;
    }
    before.createOrReplaceTempView("classified_before");
    after.createOrReplaceTempView("classified_after");
    Dataset<Row> diff =
        SqlFiles.query(
            spark,
            "classification/classification_diff.sql",
            Map.of("to_version", version, "to_policies", policiesLabel));
    var sameAsNow =
        col("from_version").equalTo(version).and(col("from_policies").equalTo(policiesLabel));
    lake.replace(
        Tables.CLASSIFICATION_DIFF,
        diff,
        col("billing_period")
            .isin(periods)
            .and(col("to_version").equalTo(version))
            .and(col("to_policies").equalTo(policiesLabel))
            .and(org.apache.spark.sql.functions.not(sameAsNow)));
    LOG.info(
        "classify: classification_diff from {} to {} ({}) for {}",
        replaced,
        version,
        policiesLabel,
        java.util.Arrays.toString(periods));
  }

  /** A label names one content: reusing it for other rules is refused. */
  private void refuseReusedLabel(RulesFile rules) {
    List<Row> other =
        lake.read(Tables.RULES_VERSIONS)
            .filter(
                col("label")
                    .equalTo(rules.label())
                    .and(col("content_hash").notEqual(rules.contentHash())))
            .select("rules_version")
            .limit(1)
            .collectAsList();
    if (!other.isEmpty()) {
      throw Errors.config(
          "Rules file %s declares version label %s, already used by %s with other content: give the changed rules a new label",
          rules.origin(), rules.label(), other.get(0).getString(0));
    }
  }

  private void recordVersion(RulesFile rules, Set<String> periods, String policiesLabel) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    periods.forEach(
        p ->
            rows.add(
                RowFactory.create(
                    rules.version(),
                    rules.label(),
                    rules.contentHash(),
                    rules.content(),
                    policiesLabel,
                    now,
                    p)));
    Dataset<Row> applied = lake.rowsOf(Tables.RULES_VERSIONS, rows);
    lake.replace(
        Tables.RULES_VERSIONS,
        applied,
        col("billing_period")
            .isin(periods.toArray())
            .and(col("rules_version").equalTo(rules.version()))
            .and(col("policies").eqNullSafe(policiesLabel).or(col("policies").isNull())));
  }
}
