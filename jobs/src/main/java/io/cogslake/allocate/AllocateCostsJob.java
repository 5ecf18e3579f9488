package io.cogslake.allocate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.Tables;
import io.cogslake.pipeline.PeriodGuard;
import io.cogslake.pipeline.RunContext;
import io.cogslake.reference.ReferenceData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the ledger of the periods over customer, product, feature, team and env keys by the first
 * allocation rule that takes each line, into silver.cost_allocated. Lines their own tags attribute are
 * kept whole; every other line is summed into a pool (silver.allocation_pools says which) and pools are
 * split, so the output grows with pools x keys, not lines x keys. Per pool (and per direct line) the
 * parts add up to its amount exactly; what no driver covers stays visible on the key 'unallocated'.
 */
public final class AllocateCostsJob {
  private static final Logger LOG = LoggerFactory.getLogger(AllocateCostsJob.class);

  /** linesIn: the ledger lines allocated (= rows of silver.allocation_pools); rows: rows of silver.cost_allocated. */
  public record Result(List<String> periods, long linesIn, long rows) {}

  private final SparkSession spark;
  private final Lake lake;
  private final RunContext run;

  public AllocateCostsJob(Lake lake, RunContext run) {
    this.spark = lake.spark();
    this.lake = lake;
    this.run = run;
  }

  public Result run() {
    PeriodGuard guard = new PeriodGuard(lake, run);
    Set<String> periods = new TreeSet<>(run.periods());
    if (run.allPeriods()) {
      lake.read(Tables.LEDGER).select("billing_period").distinct().collectAsList().forEach(r -> periods.add(r.getString(0)));
    }
    periods.removeIf(p -> !guard.mayRewrite(p, "allocate"));
    if (periods.isEmpty()) {
      return new Result(List.of(), 0, 0);
    }
    Object[] wanted = periods.toArray();
    AllocationRules rules = AllocationRules.of(run.config().allocation.rules);
    new ReferenceData(spark, run.config()).registerViews();
    spark.sparkContext().setJobDescription("allocate " + periods);

    Dataset<Row> ledger = lake.read(Tables.LEDGER).filter(col("billing_period").isin(wanted)).withColumn("rule_id", rules.firstMatchingRule());
    Dataset<Row> ruleTable = rules.asTable(spark);
    ledger.join(broadcast(ruleTable), ledger.col("rule_id").equalTo(ruleTable.col("rule_id")), "left")
        .drop(ruleTable.col("rule_id"))
        .createOrReplaceTempView("alloc_lines");
    // Materialized once (executor memory / disk, not the driver): pools and the line-to-pool map both read
    // the lines, and a checkpoint keeps the ledger scan and the query plans from multiplying.
    SqlFiles.query(spark, "allocation/pool_lines.sql", Map.of()).localCheckpoint().createOrReplaceTempView("pool_lines");
    // Pools are few (period x provider x rule x attributes [x day]): the driver splits them, not the lines.
    SqlFiles.query(spark, "allocation/pools.sql", Map.of()).localCheckpoint().createOrReplaceTempView("alloc_pools");
    lake.read(Tables.USAGE).filter(col("billing_period").isin(wanted)).createOrReplaceTempView("alloc_usage");
    lake.read(Tables.USAGE_METRICS).filter(col("billing_period").isin(wanted)).createOrReplaceTempView("alloc_metrics");
    rules.weights(spark).createOrReplaceTempView("alloc_weights");

    // Driven parts first: the proportional pools are spread like the cost they allocate (direct included).
    Dataset<Row> direct = SqlFiles.query(spark, "allocation/direct_parts.sql", Map.of());
    SqlFiles.query(spark, "allocation/driven_parts.sql", Map.of()).createOrReplaceTempView("alloc_parts");
    Dataset<Row> driven = SqlFiles.query(spark, "allocation/largest_remainder.sql", Map.of()).unionByName(direct).localCheckpoint();
    driven.createOrReplaceTempView("alloc_driven");
    SqlFiles.query(spark, "allocation/proportional_parts.sql", Map.of()).createOrReplaceTempView("alloc_parts");
    Dataset<Row> proportional = SqlFiles.query(spark, "allocation/largest_remainder.sql", Map.of());
    long lines = lake.replace(Tables.ALLOCATION_POOLS, spark.table("pool_lines"), col("billing_period").isin(wanted));
    long rows = lake.replace(Tables.COST_ALLOCATED, driven.unionByName(proportional), col("billing_period").isin(wanted));
    LOG.info("allocate: {} ledger lines into {} rows of silver.cost_allocated for {}", lines, rows, periods);
    return new Result(List.copyOf(periods), lines, rows);
  }
}
