package io.cogslake.ledger;

import static org.apache.spark.sql.functions.col;

import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Parallel;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import io.cogslake.reference.ReferenceData;
import io.cogslake.sources.SourceType.Feeds;
import io.cogslake.sources.SourceTypes;
import io.cogslake.stage.PeriodGuard;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.Stage;
import io.cogslake.stage.TableWrites;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalizes each billing source's bronze rows into silver.ledger, one (source, period) partition
 * at a time: {@code sql/silver/ledger_from_<type>.sql} maps the source's columns, {@code
 * sql/silver/ledger.sql} resolves provider, model, tokens, tags and reporting-currency amounts for
 * every source alike.
 */
public final class NormalizeLedgerJob extends Stage {
  private static final Logger LOG = LoggerFactory.getLogger(NormalizeLedgerJob.class);

  private static final int SOURCES_AT_ONCE = 3;

  /** rowsIn: the bronze rows normalized. */
  public record SourceResult(String source, Set<String> periods, long rowsIn) {}

  /** rowsIn: the bronze rows normalized; rowsOut: the ledger lines written for every source. */
  public record Result(List<SourceResult> sources, long rowsOut) implements Outcome {
    @Override
    public Set<String> periods() {
      return sources.stream()
          .flatMap(s -> s.periods().stream())
          .collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public long rowsIn() {
      return sources.stream().mapToLong(SourceResult::rowsIn).sum();
    }
  }

  public NormalizeLedgerJob(Lake lake, RunContext run) {
    super("normalize", lake, run);
  }

  @Override
  public Result run() {
    PeriodGuard guard = guard();
    List<SourceConfig> billing =
        run.config().sources.stream().filter(s -> SourceTypes.feeds(s.type, Feeds.LEDGER)).toList();
    // Every ledger_from_<type>.sql reads the views bronze_batch and ledger_base: each source's
    // lines are
    // planned (and their exchange rates checked) at once, each in a session of its own; then
    // written in one
    // commit that replaces each source's own partitions (billing_period x x_Source) of the ledger.
    List<SourceLines> sources =
        Parallel.map(
                billing,
                SOURCES_AT_ONCE,
                source -> new NormalizeLedgerJob(lake.inNewSession(), run).lines(source, guard))
            .stream()
            .filter(java.util.Objects::nonNull)
            .toList();
    if (sources.isEmpty()) {
      return new Result(List.of(), 0);
    }
    TableWrites writes = new TableWrites(lake);
    for (SourceLines source : sources) {
      writes.add(
          Tables.LEDGER,
          col("x_Source")
              .equalTo(source.result().source())
              .and(col("billing_period").isin(source.result().periods().toArray())),
          source.lines());
    }
    describe("ledger of " + sources.stream().map(s -> s.result().source()).toList());
    long rows = writes.write().get(Tables.LEDGER);
    LOG.info(
        "normalize: {} ledger lines for {}",
        rows,
        sources.stream().map(s -> s.result().source() + " " + s.result().periods()).toList());
    return new Result(sources.stream().map(SourceLines::result).toList(), rows);
  }

  /** One source's ledger lines, planned, not yet written. */
  private record SourceLines(SourceResult result, Dataset<Row> lines) {}

  /** The source's ledger lines for its periods that may be rewritten; null when there are none. */
  private SourceLines lines(SourceConfig source, PeriodGuard guard) {
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
    describe(source.name + " " + periods);
    Dataset<Row> batch = BronzeBatches.goodRows(lake, bronze, periods);
    batch.createOrReplaceTempView("bronze_batch");
    List<String> transform =
        SourceTypes.of(source.type).transformSql(); // ledger_from_<type>.sql, then ledger.sql
    SqlFiles.query(spark, transform.get(0), Map.of()).createOrReplaceTempView("ledger_base");
    // Every ledger_from_<type>.sql names the currency BillingCurrency, whatever the source calls
    // it.
    BronzeBatches.requireExchangeRates(
        spark, spark.table("ledger_base"), "BillingCurrency", run.config().reportingCurrency);
    // analyzed now, in this session: the views it reads are this source's
    Dataset<Row> ledger =
        SqlFiles.query(
            spark,
            transform.get(1),
            Map.of("reporting_currency", run.config().reportingCurrency.toUpperCase()));
    return new SourceLines(new SourceResult(source.name, periods, batch.count()), ledger);
  }
}
