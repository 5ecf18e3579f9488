package io.cogslake.ledger;

import static org.apache.spark.sql.functions.col;

import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Parallel;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import io.cogslake.pipeline.PeriodGuard;
import io.cogslake.pipeline.RunContext;
import io.cogslake.sources.SourceType.Feeds;
import io.cogslake.sources.SourceTypes;
import io.cogslake.reference.ReferenceData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalizes each billing source's bronze rows into silver.ledger, one (source, period) partition at a
 * time: {@code sql/silver/ledger_from_<type>.sql} maps the source's columns, {@code sql/silver/ledger.sql}
 * resolves provider, model, tokens, tags and reporting-currency amounts for every source alike.
 */
public final class NormalizeLedgerJob {
  private static final Logger LOG = LoggerFactory.getLogger(NormalizeLedgerJob.class);

  private static final int SOURCES_AT_ONCE = 3;

  /** rowsIn: the bronze rows normalized; rows: the ledger lines written. */
  public record SourceResult(String source, Set<String> periods, long rowsIn, long rows) {}

  public record Result(List<SourceResult> sources) {
    public long rows() {
      return sources.stream().mapToLong(SourceResult::rows).sum();
    }

    public long rowsIn() {
      return sources.stream().mapToLong(SourceResult::rowsIn).sum();
    }
  }

  private final SparkSession spark;
  private final Lake lake;
  private final RunContext run;

  public NormalizeLedgerJob(Lake lake, RunContext run) {
    this.spark = lake.spark();
    this.lake = lake;
    this.run = run;
  }

  public Result run() {
    PeriodGuard guard = new PeriodGuard(lake, run);
    List<SourceConfig> billing = run.config().sources.stream().filter(s -> SourceTypes.feeds(s.type, Feeds.LEDGER)).toList();
    // Each source replaces its own partitions (billing_period x x_Source) of the ledger: normalized at once,
    // each in a session of its own, since every ledger_from_<type>.sql reads the views bronze_batch and ledger_base.
    List<SourceResult> results =
        Parallel.map(billing, SOURCES_AT_ONCE, source -> new NormalizeLedgerJob(lake.inNewSession(), run).normalize(source, guard));
    return new Result(results.stream().filter(java.util.Objects::nonNull).toList());
  }

  /** The source's ledger lines for its periods that may be rewritten; null when there are none. */
  private SourceResult normalize(SourceConfig source, PeriodGuard guard) {
    TableSpec bronze = SourceTypes.of(source.type).bronze(source.name);
    if (!lake.exists(bronze)) {
      LOG.info("normalize {}: nothing ingested yet", source.name);
      return null;
    }
    Set<String> periods = BronzeBatches.periods(lake, bronze, run);
    periods.removeIf(p -> !guard.mayRewrite(p, "normalize of " + source.name));
    if (periods.isEmpty()) {
      return null;
    }
    new ReferenceData(spark, run.config()).registerViews();
    AzureDatasets.registerViews(lake, run.config());
    return normalize(source, bronze, periods);
  }

  private SourceResult normalize(SourceConfig source, TableSpec bronze, Set<String> periods) {
    long started = System.nanoTime();
    spark.sparkContext().setJobDescription("normalize " + source.name + " " + periods);
    Dataset<Row> batch = BronzeBatches.goodRows(lake, bronze, periods);
    batch.createOrReplaceTempView("bronze_batch");
    List<String> transform = SourceTypes.of(source.type).transformSql(); // ledger_from_<type>.sql, then ledger.sql
    SqlFiles.query(spark, transform.get(0), Map.of()).createOrReplaceTempView("ledger_base");
    // Every ledger_from_<type>.sql names the currency BillingCurrency, whatever the source calls it.
    BronzeBatches.requireExchangeRates(spark, spark.table("ledger_base"), "BillingCurrency", run.config().reportingCurrency);
    Dataset<Row> ledger =
        SqlFiles.query(spark, transform.get(1), Map.of("reporting_currency", run.config().reportingCurrency.toUpperCase()));
    long rows = lake.replace(
        Tables.LEDGER, ledger, col("x_Source").equalTo(source.name).and(col("billing_period").isin(periods.toArray())));
    LOG.info(
        "normalize {}: {} ledger lines for {} in {} s",
        source.name, rows, periods, String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return new SourceResult(source.name, periods, batch.count(), rows);
  }
}
