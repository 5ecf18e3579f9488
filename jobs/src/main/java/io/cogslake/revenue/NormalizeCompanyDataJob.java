package io.cogslake.revenue;

import static org.apache.spark.sql.functions.col;

import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import io.cogslake.ledger.BronzeBatches;
import io.cogslake.pipeline.PeriodGuard;
import io.cogslake.pipeline.RunContext;
import io.cogslake.reference.ReferenceData;
import io.cogslake.sources.SourceType;
import io.cogslake.sources.SourceType.Feeds;
import io.cogslake.sources.SourceTypes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Normalizes the company's revenue and the providers' invoice totals into silver.revenue / silver.invoices. */
public final class NormalizeCompanyDataJob {
  private static final Logger LOG = LoggerFactory.getLogger(NormalizeCompanyDataJob.class);

  /** The silver tables this job feeds (a source type's is declared in {@link SourceTypes}). */
  private static final Set<Feeds> FEEDS = EnumSet.of(Feeds.REVENUE, Feeds.INVOICES);

  public record SourceResult(String source, Set<String> periods, long rows) {}

  private final SparkSession spark;
  private final Lake lake;
  private final RunContext run;

  public NormalizeCompanyDataJob(Lake lake, RunContext run) {
    this.spark = lake.spark();
    this.lake = lake;
    this.run = run;
  }

  public List<SourceResult> run() {
    new ReferenceData(spark, run.config()).registerViews(); // fx_rates, provider_aliases
    PeriodGuard guard = new PeriodGuard(lake, run);
    List<SourceResult> results = new ArrayList<>();
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
      spark.sparkContext().setJobDescription("normalize " + source.name + " " + periods);
      Dataset<Row> batch = BronzeBatches.goodRows(lake, bronze, periods);
      BronzeBatches.requireExchangeRates(spark, batch, "currency", run.config().reportingCurrency);
      batch.createOrReplaceTempView("bronze_batch");
      TableSpec target = type.feeds().table();
      Dataset<Row> rows =
          SqlFiles.query(spark, type.transformSql().get(0), Map.of("reporting_currency", run.config().reportingCurrency.toUpperCase()));
      long written = lake.replace(target, rows, col("x_Source").equalTo(source.name).and(col("billing_period").isin(periods.toArray())));
      LOG.info("normalize {}: {} rows into {} for {}", source.name, written, target.qualifiedName(), periods);
      results.add(new SourceResult(source.name, periods, written));
    }
    return results;
  }
}
