package io.cogslake.allocate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.Tables;
import io.cogslake.reference.ReferenceData;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.Stage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the ledger of the periods over customer, product, feature, team and env keys by the first
 * allocation rule that takes each line, into silver.cost_allocated. Lines their own tags attribute
 * are kept whole; every other line is summed into a pool (silver.allocation_pools says which) and
 * pools are split, so the output grows with pools x keys, not lines x keys. Per pool (and per
 * direct line) the parts add up to its amount exactly; what no driver covers stays visible on the
 * key 'unallocated'.
 */
public final class AllocateCostsJob extends Stage {
  private static final Logger LOG = LoggerFactory.getLogger(AllocateCostsJob.class);

  /**
   * rowsIn: the ledger lines allocated (= rows of silver.allocation_pools); rowsOut: rows of
   * silver.cost_allocated.
   */
  public record Result(List<String> periods, long rowsIn, long rowsOut) implements Outcome {}

  public AllocateCostsJob(Lake lake, RunContext run) {
    super("allocate", lake, run);
  }

  @Override
  public Result run() {
    Set<String> periods = periodsToWrite(Tables.LEDGER);
    if (periods.isEmpty()) {
      return new Result(List.of(), 0, 0);
    }
    AllocationRules rules = AllocationRules.of(run.config().allocation.rules);
    new ReferenceData(spark, run.config()).registerViews();
    describe(periods.toString());

    Dataset<Row> ledger =
        lake.read(Tables.LEDGER)
            .filter(col("billing_period").isin(periods.toArray()))
            .withColumn("rule_id", rules.firstMatchingRule());
    Dataset<Row> ruleTable = rules.asTable(spark);
    ledger
        .join(broadcast(ruleTable), ledger.col("rule_id").equalTo(ruleTable.col("rule_id")), "left")
        .drop(ruleTable.col("rule_id"))
        .createOrReplaceTempView("alloc_lines");
    // Materialized once (executor memory / disk, not the driver): pools and the line-to-pool map
    // both read
    // the lines, and a checkpoint keeps the ledger scan and the query plans from multiplying.
    SqlFiles.query(spark, "allocation/pool_lines.sql", Map.of())
        .localCheckpoint()
        .createOrReplaceTempView("pool_lines");
    // Pools are few (period x provider x rule x attributes [x day]): the driver splits them, not
    // the lines.
    SqlFiles.query(spark, "allocation/pools.sql", Map.of())
        .localCheckpoint()
        .createOrReplaceTempView("alloc_pools");
    registerPeriods("alloc_usage", Tables.USAGE, periods);
    registerPeriods("alloc_metrics", Tables.USAGE_METRICS, periods);
    rules.weights(spark).createOrReplaceTempView("alloc_weights");

    // Driven parts first: the proportional pools are spread like the cost they allocate (direct
    // included).
    Dataset<Row> direct = SqlFiles.query(spark, "allocation/direct_parts.sql", Map.of());
    SqlFiles.query(spark, "allocation/driven_parts.sql", Map.of())
        .createOrReplaceTempView("alloc_parts");
    Dataset<Row> driven =
        SqlFiles.query(spark, "allocation/largest_remainder.sql", Map.of())
            .unionByName(direct)
            .localCheckpoint();
    driven.createOrReplaceTempView("alloc_driven");
    SqlFiles.query(spark, "allocation/proportional_parts.sql", Map.of())
        .createOrReplaceTempView("alloc_parts");
    Dataset<Row> proportional = SqlFiles.query(spark, "allocation/largest_remainder.sql", Map.of());
    long lines = replacePeriods(Tables.ALLOCATION_POOLS, spark.table("pool_lines"), periods);
    long rows = replacePeriods(Tables.COST_ALLOCATED, driven.unionByName(proportional), periods);
    LOG.info(
        "allocate: {} ledger lines into {} rows of silver.cost_allocated for {}",
        lines,
        rows,
        periods);
    return new Result(List.copyOf(periods), lines, rows);
  }
}
