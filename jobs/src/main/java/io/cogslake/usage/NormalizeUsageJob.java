package io.cogslake.usage;

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
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normalizes usage sources, one (source, periods) partition at a time: the product's events into
 * silver.usage, other drivers into silver.usage_metrics, the providers' usage reports into
 * silver.provider_usage (via {@code sql/silver/provider_usage_from_<type>.sql}, then priced by
 * {@code sql/silver/provider_usage.sql}).
 */
public final class NormalizeUsageJob {
  private static final Logger LOG = LoggerFactory.getLogger(NormalizeUsageJob.class);

  /** The silver tables this job feeds (a source type's is declared in {@link SourceTypes}). */
  private static final Set<Feeds> FEEDS = EnumSet.of(Feeds.USAGE, Feeds.USAGE_METRICS, Feeds.PROVIDER_USAGE);

  public record SourceResult(String source, Set<String> periods, long rows) {}

  public record Result(List<SourceResult> sources) {
    public Set<String> periods() {
      Set<String> all = new TreeSet<>();
      sources.forEach(s -> all.addAll(s.periods()));
      return all;
    }

    public long rows() {
      return sources.stream().mapToLong(SourceResult::rows).sum();
    }
  }

  private final SparkSession spark;
  private final Lake lake;
  private final RunContext run;

  public NormalizeUsageJob(Lake lake, RunContext run) {
    this.spark = lake.spark();
    this.lake = lake;
    this.run = run;
  }

  public Result run() {
    new ReferenceData(spark, run.config()).registerViews();
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
      BronzeBatches.goodRows(lake, bronze, periods).createOrReplaceTempView("bronze_batch");
      TableSpec target = type.feeds().table();
      List<String> transform = type.transformSql(); // provider usage: provider_usage_from_<type>.sql, then provider_usage.sql
      if (transform.size() > 1) {
        SqlFiles.query(spark, transform.get(0), Map.of()).createOrReplaceTempView("provider_usage_base");
      }
      Dataset<Row> rows = SqlFiles.query(spark, transform.get(transform.size() - 1), Map.of());
      long written = lake.replace(target, rows, col("x_Source").equalTo(source.name).and(col("billing_period").isin(periods.toArray())));
      LOG.info("normalize {}: {} rows into {} for {}", source.name, written, target.qualifiedName(), periods);
      results.add(new SourceResult(source.name, periods, written));
    }
    return new Result(results);
  }
}
