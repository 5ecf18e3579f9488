package io.cogslake.revenue;

import static org.apache.spark.sql.functions.col;

import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import io.cogslake.ledger.BronzeBatches;
import io.cogslake.reference.ReferenceData;
import io.cogslake.sources.SourceType;
import io.cogslake.sources.SourceType.Feeds;
import io.cogslake.sources.SourceTypes;
import io.cogslake.stage.PeriodGuard;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.SourcesWritten;
import io.cogslake.stage.Stage;
import io.cogslake.stage.TableWrites;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalizes the company's revenue, the providers' invoice totals, the customer list and the budget
 * into silver.revenue, silver.invoices, silver.customers and silver.budget.
 */
public final class NormalizeCompanyDataJob extends Stage {
  private static final Logger LOG = LoggerFactory.getLogger(NormalizeCompanyDataJob.class);

  /** The silver tables this job feeds (a source type's is declared in {@link SourceTypes}). */
  private static final Set<Feeds> FEEDS =
      EnumSet.of(Feeds.REVENUE, Feeds.INVOICES, Feeds.CUSTOMERS, Feeds.BUDGET);

  public NormalizeCompanyDataJob(Lake lake, RunContext run) {
    super("normalize", lake, run);
  }

  @Override
  public SourcesWritten run() {
    new ReferenceData(spark, run.config()).registerViews(); // fx_rates, provider_aliases
    PeriodGuard guard = guard();
    List<SourcesWritten.Source> results = new ArrayList<>();
    TableWrites writes = new TableWrites(lake); // one commit per table for all sources
    for (SourceConfig source : run.config().sources) {
      SourceType type = SourceTypes.of(source.type);
      TableSpec bronze = type.bronze(source.name);
      if (!FEEDS.contains(type.feeds()) || !lake.exists(bronze)) {
        continue;
      }
      Set<String> periods = BronzeBatches.periods(lake, bronze, run);
      periods.removeIf(p -> !guard.mayRewrite(p, "normalize of " + source.name));
      if (periods.isEmpty()) {
        continue;
      }
      describe(source.name + " " + periods);
      Dataset<Row> batch = BronzeBatches.goodRows(lake, bronze, periods);
      BronzeBatches.requireExchangeRates(spark, batch, "currency", run.config().reportingCurrency);
      batch.createOrReplaceTempView("bronze_batch");
      TableSpec target = type.feeds().table();
      Dataset<Row> rows =
          SqlFiles.query(
              spark,
              type.transformSql().get(0),
              Map.of("reporting_currency", run.config().reportingCurrency.toUpperCase()));
      // planned now (the views it reads are this source's), written below with the other sources'
      writes.add(
          target,
          col("x_Source").equalTo(source.name).and(col("billing_period").isin(periods.toArray())),
          rows);
      results.add(new SourcesWritten.Source(source.name, periods));
    }
    long written = writes.write().values().stream().mapToLong(Long::longValue).sum();
    LOG.info("normalize: {} rows for {}", written, results);
    return new SourcesWritten(results, written);
  }
}
