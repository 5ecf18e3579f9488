package io.cogslake.usage;

import static org.apache.spark.sql.functions.col;

import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.Tables;
import io.cogslake.reference.ReferenceData;
import io.cogslake.stage.RunContext;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage vs bill check: per day, provider and model, the billed cost (silver.ledger) against the
 * provider's priced usage report (silver.provider_usage) and the product's own priced events
 * (silver.usage), into silver.usage_gaps ({@code sql/silver/usage_gaps.sql}), replaced per period.
 */
public final class CheckUsageGapsJob {
  private static final Logger LOG = LoggerFactory.getLogger(CheckUsageGapsJob.class);

  public record Result(Set<String> periods, long rows) {}

  private final SparkSession spark;
  private final Lake lake;
  private final RunContext run;

  public CheckUsageGapsJob(Lake lake, RunContext run) {
    this.spark = lake.spark();
    this.lake = lake;
    this.run = run;
  }

  /**
   * @param periods the periods normalized in this run (closed ones already left out)
   */
  public Result run(Set<String> periods) {
    if (periods.isEmpty()) {
      return new Result(periods, 0);
    }
    Object[] wanted = periods.toArray();
    new ReferenceData(spark, run.config()).registerViews();
    spark.sparkContext().setJobDescription("usage gaps " + periods);
    lake.read(Tables.LEDGER)
        .filter(col("billing_period").isin(wanted))
        .createOrReplaceTempView("gap_ledger");
    lake.read(Tables.PROVIDER_USAGE)
        .filter(col("billing_period").isin(wanted))
        .createOrReplaceTempView("gap_provider_usage");
    lake.read(Tables.USAGE)
        .filter(col("billing_period").isin(wanted))
        .createOrReplaceTempView("gap_usage");
    long rows =
        lake.replace(
            Tables.USAGE_GAPS,
            SqlFiles.query(spark, "silver/usage_gaps.sql", Map.of()),
            col("billing_period").isin(wanted));
    LOG.info("usage gaps: {} rows into silver.usage_gaps for {}", rows, periods);
    return new Result(periods, rows);
  }
}
