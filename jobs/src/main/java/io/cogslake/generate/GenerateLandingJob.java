package io.cogslake.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.cogslake.config.CogsConfig;
import io.cogslake.errors.Errors;
import io.cogslake.lake.Parallel;
import io.cogslake.lake.SqlFiles;
import io.cogslake.reference.ReferenceData;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Writes a synthetic landing zone, deterministic per seed, in the providers' formats: FOCUS 1.2
 * bills for AWS (Bedrock), Azure (Azure OpenAI) and GCP (Vertex AI) with their infrastructure, tax,
 * credit and rounding lines; the product's usage events (OTel GenAI names); vector-query metrics; a
 * Pinecone usage report and a Deepgram billing breakdown in their own layouts; revenue; and one
 * invoice per provider and period equal to its bill. Every row is computed by Spark from {@code
 * spark.range} ids with seeded hash expressions ({@code sql/generate/*.sql}); the bills' token
 * lines are the events summed per day, account, model and token type, so usage covers them exactly.
 */
public final class GenerateLandingJob {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateLandingJob.class);

  /** The first generated billing period; prices in the shipped price book start here. */
  static final YearMonth FIRST_PERIOD = YearMonth.of(2025, 1);

  static final List<String> PROVIDERS = List.of("aws", "azure", "gcp");

  /** Rows one generating task (and so at most one file per period) takes. */
  static final long ROWS_PER_TASK = 1_000_000L;

  /** Infrastructure cost as a share of the AI cost (the model bill). */
  static final double INFRA_SHARE_OF_AI = 0.4;

  /**
   * What to generate; the defaults are the command line's. {@code disputedInvoice}: the second
   * month's GCP invoice bills {@link #DISPUTED_AMOUNT} the billing export does not show (the demo's
   * close refused). {@code unbilledDays}: the last month is still open and its bills lag its calls
   * by that many days (the calls run to the month's end, the bills stop before it): no tax, credit
   * or rounding line yet and no invoice, as a FOCUS export read before the month is invoiced.
   */
  public record Spec(
      String out,
      int customers,
      int months,
      long ledgerLines,
      long events,
      long seed,
      boolean disputedInvoice,
      int unbilledDays) {
    /** A charge on the disputed invoice that the bill lacks. */
    public static final java.math.BigDecimal DISPUTED_AMOUNT = new java.math.BigDecimal("250.00");

    public Spec(String out, int customers, int months, long ledgerLines, long events, long seed) {
      this(out, customers, months, ledgerLines, events, seed, false, 0);
    }

    public static final int DEFAULT_CUSTOMERS = 50;
    public static final int DEFAULT_MONTHS = 3;
    public static final long DEFAULT_LEDGER_LINES = 20_000L;
    public static final long DEFAULT_EVENTS = 100_000L;
    public static final long DEFAULT_SEED = 42L;

    public Spec {
      if (customers < 1) {
        throw Errors.config("--customers must be at least 1, not %d", customers);
      }
      if (months < 1 || months > 120) {
        throw Errors.config("--months must be between 1 and 120, not %d", months);
      }
      if (events < 0 || ledgerLines < 0) {
        throw Errors.config("--events and --ledger-lines cannot be negative");
      }
      int lastMonthDays = FIRST_PERIOD.plusMonths(months - 1L).lengthOfMonth();
      if (unbilledDays < 0 || unbilledDays >= lastMonthDays) {
        throw Errors.config(
            "--unbilled-days must be between 0 and %d (the last month's days less one), not %d",
            lastMonthDays - 1, unbilledDays);
      }
    }

    /** The last day the bills cover: the span's last day, less the open month's unbilled days. */
    LocalDate billedThrough() {
      return FIRST_PERIOD.plusMonths(months).atDay(1).minusDays(unbilledDays + 1L);
    }

    /** The period still open (bills lagging, no invoice), or '' when every period is invoiced. */
    String openPeriod() {
      return unbilledDays > 0 ? FIRST_PERIOD.plusMonths(months - 1L).toString() : "";
    }

    /** Periods with their tax, credit and rounding lines and an invoice. */
    int invoicedMonths() {
      return unbilledDays > 0 ? months - 1 : months;
    }

    List<String> periods() {
      List<String> periods = new ArrayList<>();
      for (int i = 0; i < months; i++) {
        periods.add(FIRST_PERIOD.plusMonths(i).toString());
      }
      return periods;
    }

    int days() {
      return (int)
          ChronoUnit.DAYS.between(FIRST_PERIOD.atDay(1), FIRST_PERIOD.plusMonths(months).atDay(1));
    }

    /** Heavy customers are indexes 2, 52, 102… below the number of customers. */
    int heavyCustomers() {
      return customers < 3 ? 0 : (customers - 3) / 50 + 1;
    }
  }

  /** Rows written per output (focus_aws, usage_events, …) and the number of files. */
  public record Result(List<String> periods, Map<String, Long> rows, int files) {
    public long ledgerLines() {
      return PROVIDERS.stream().mapToLong(p -> rows.getOrDefault("focus_" + p, 0L)).sum();
    }
  }

  private final SparkSession spark;
  private final Spec spec;
  private final LandingWriter writer;
  private static final int WRITERS = 3;

  /** One landing source to write. */
  private record Output(Dataset<Row> rows, String folder, String prefix, String format) {}

  public GenerateLandingJob(SparkSession spark, Spec spec) {
    this.spark = spark;
    this.spec = spec;
    this.writer = new LandingWriter(spark, spec.out());
  }

  public Result run() {
    long started = System.nanoTime();
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    new ReferenceData(spark, new CogsConfig()).registerViews();
    view("generate/models.sql", Map.of(), "gen_models");
    view("generate/bill_skus.sql", Map.of(), "gen_bill_skus");
    view("generate/infra_catalog.sql", Map.of(), "gen_infra_catalog");
    periodsView();

    Map<String, Long> rows = new LinkedHashMap<>();
    int files = 0;

    spark.range(0, spec.customers(), 1, 1).createOrReplaceTempView("gen_customer_ids");
    Dataset<Row> customers =
        SqlFiles.query(spark, "generate/customers.sql", Map.of("seed", spec.seed()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    customers.createOrReplaceTempView("gen_customers");

    // 1. Usage events: one pass sums them per day and keys (the cube), one pass writes them.
    ids(spec.events(), "gen_event_ids");
    Map<String, Object> eventParams = new HashMap<>();
    eventParams.put("seed", spec.seed());
    eventParams.put("customers", spec.customers());
    eventParams.put("heavy_count", spec.heavyCustomers());
    eventParams.put("traces", Math.max(1L, (spec.events() + 3) / 4));
    eventParams.put(
        "start_epoch", FIRST_PERIOD.atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
    eventParams.put("span_seconds", spec.days() * 86_400L);
    // A runaway week in the last month (days 8-14): one customer's agent loops and its prompts grow
    // 60-fold,
    // the spike gold.cost_anomalies is there to catch (none when the span is a single month: no
    // history)
    java.time.LocalDate runaway = FIRST_PERIOD.plusMonths(spec.months() - 1L).atDay(8);
    eventParams.put(
        "runaway_from_epoch",
        spec.months() > 1 ? runaway.atStartOfDay().toEpochSecond(ZoneOffset.UTC) : 0L);
    eventParams.put(
        "runaway_to_epoch",
        spec.months() > 1 ? runaway.plusDays(7).atStartOfDay().toEpochSecond(ZoneOffset.UTC) : 0L);
    Dataset<Row> events = SqlFiles.query(spark, "generate/usage_events.sql", eventParams);
    events.createOrReplaceTempView("gen_events");
    spark.sparkContext().setJobDescription("generate: sum the usage events per day and keys");
    Dataset<Row> cube =
        SqlFiles.query(spark, "generate/event_cube.sql", Map.of())
            .persist(StorageLevel.MEMORY_AND_DISK());
    cube.createOrReplaceTempView("gen_cube");

    // 2. The bills' token lines, from the cube.
    Dataset<Row> aiLines =
        SqlFiles.query(
                spark,
                "generate/focus_ai_lines.sql",
                Map.of("billed_through", spec.billedThrough()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, BigDecimal> aiTotals = new HashMap<>();
    Map<String, Long> aiLinesPerProvider = new HashMap<>();
    BigDecimal aiTotal = BigDecimal.ZERO;
    for (Row r :
        aiLines
            .groupBy("_provider", "_period")
            .agg(sum("BilledCost"), count(lit(1)))
            .collectAsList()) {
      aiTotals.put(r.getString(0) + "|" + r.getString(1), r.getDecimal(2));
      aiTotal = aiTotal.add(r.getDecimal(2));
      aiLinesPerProvider.merge(r.getString(0), r.getLong(3), Long::sum);
    }
    long aiCount = aiLinesPerProvider.values().stream().mapToLong(Long::longValue).sum();

    // 3. Infrastructure fills the ledger lines up to --ledger-lines; charges are 7 per invoiced
    // month.
    long charges = 7L * spec.invoicedMonths();
    long infra = spec.ledgerLines() - aiCount - charges;
    int billedDays = spec.days() - spec.unbilledDays();
    long minimumInfra = 4L * billedDays;
    if (infra < minimumInfra) {
      throw Errors.config(
          "--ledger-lines %d is too few: the bills need at least %d (%d token lines from the events, %d tax, credit and rounding lines, %d infrastructure lines to cover %d days on three clouds)",
          spec.ledgerLines(),
          aiCount + charges + minimumInfra,
          aiCount,
          charges,
          minimumInfra,
          billedDays);
    }
    long[] perProvider = {infra / 2, infra / 4, infra - infra / 2 - infra / 4};
    double budgetPerLine = Math.max(aiTotal.doubleValue(), 1000.0) * INFRA_SHARE_OF_AI / infra;
    Map<String, Dataset<Row>> infraLines = new LinkedHashMap<>();
    Dataset<Row> allInfra = null;
    for (int i = 0; i < PROVIDERS.size(); i++) {
      Dataset<Row> lines = infraLines(PROVIDERS.get(i), perProvider[i], budgetPerLine);
      infraLines.put(PROVIDERS.get(i), lines);
      Dataset<Row> totals = lines.select("_provider", "_period", "BilledCost");
      allInfra = allInfra == null ? totals : allInfra.unionByName(totals);
    }
    spark.sparkContext().setJobDescription("generate: total the infrastructure lines");
    Map<String, BigDecimal> infraTotals = new HashMap<>();
    allInfra
        .groupBy("_provider", "_period")
        .agg(sum("BilledCost"))
        .collectAsList()
        .forEach(r -> infraTotals.put(r.getString(0) + "|" + r.getString(1), r.getDecimal(2)));
    List<Row> usageTotals = new ArrayList<>();
    for (String provider : PROVIDERS) {
      for (String period : spec.periods()) {
        String key = provider + "|" + period;
        BigDecimal total =
            infraTotals
                .getOrDefault(key, BigDecimal.ZERO)
                .add(aiTotals.getOrDefault(key, BigDecimal.ZERO));
        usageTotals.add(RowFactory.create(provider, period, total));
      }
    }
    StructType totalsSchema =
        new StructType()
            .add("provider", DataTypes.StringType)
            .add("billing_period", DataTypes.StringType)
            .add("usage_total", DataTypes.createDecimalType(38, 10));
    spark.createDataFrame(usageTotals, totalsSchema).createOrReplaceTempView("gen_usage_totals");
    Dataset<Row> chargeLines =
        SqlFiles.query(
                spark, "generate/focus_charges.sql", Map.of("open_period", spec.openPeriod()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    chargeLines.createOrReplaceTempView("gen_charges");

    // 4. The bills, one FOCUS export per provider (each query binds its view as it is built).
    List<Output> outputs = new ArrayList<>();
    for (String provider : PROVIDERS) {
      Dataset<Row> small =
          aiLines
              .filter(col("_provider").equalTo(provider))
              .unionByName(chargeLines.filter(col("_provider").equalTo(provider)), true)
              .coalesce(1)
              .sortWithinPartitions(
                  "_period", "_kind", "_day", "SubAccountId", "SkuId", "ChargeCategory");
      infraLines.get(provider).unionByName(small, true).createOrReplaceTempView("gen_focus_lines");
      Dataset<Row> bill =
          SqlFiles.query(
              spark, "generate/focus_bill.sql", Map.of("seed", spec.seed(), "provider", provider));
      outputs.add(
          new Output(
              FocusColumns.select(bill, provider),
              "focus/" + provider,
              "focus-" + provider,
              "csv"));
      // tax and rounding every month, and on AWS a credit (focus_charges.sql)
      long chargeCount = (provider.equals("aws") ? 3L : 2L) * spec.invoicedMonths();
      rows.put(
          "focus_" + provider,
          perProvider[PROVIDERS.indexOf(provider)]
              + aiLinesPerProvider.getOrDefault(provider, 0L)
              + chargeCount);
    }

    // 5. The company's data: events, metrics, revenue, invoices, budget.
    outputs.add(new Output(events, "usage_events", "usage_events", "json"));
    rows.put("usage_events", spec.events());
    Dataset<Row> metrics =
        SqlFiles.query(spark, "generate/usage_metrics.sql", Map.of())
            .coalesce(1)
            .persist(StorageLevel.MEMORY_AND_DISK());
    outputs.add(new Output(metrics, "usage_metrics", "usage_metrics", "csv"));
    view("generate/customer_cost.sql", Map.of(), "gen_customer_cost");
    Dataset<Row> revenue =
        SqlFiles.query(spark, "generate/revenue.sql", Map.of())
            .withColumn("_period", col("billing_period"))
            .coalesce(1)
            .persist(StorageLevel.MEMORY_AND_DISK());
    outputs.add(new Output(revenue, "revenue", "revenue", "csv"));
    // The vendors beside the clouds: the vector database's usage report and the transcription API's
    // billing breakdown, from the same calls (read by conf/demo.yaml as mapped_csv sources).
    Map<String, Object> vendorParams =
        Map.of("seed", spec.seed(), "billed_through", spec.billedThrough());
    Dataset<Row> pinecone = kept("generate/pinecone_usage.sql", vendorParams, "gen_pinecone");
    outputs.add(new Output(pinecone, "pinecone", "pinecone-usage", "csv"));
    Dataset<Row> deepgram = kept("generate/deepgram_breakdown.sql", vendorParams, "gen_deepgram");
    outputs.add(new Output(deepgram, "deepgram", "deepgram-billing-breakdown", "csv"));
    view("generate/bill_totals.sql", Map.of(), "gen_bill_totals");
    Dataset<Row> invoices =
        SqlFiles.query(
                spark,
                "generate/invoices.sql",
                Map.of(
                    "seed",
                    spec.seed(),
                    "disputed_period",
                    spec.disputedInvoice() && spec.months() > 1
                        ? FIRST_PERIOD.plusMonths(1).toString()
                        : "",
                    "disputed_amount",
                    Spec.DISPUTED_AMOUNT,
                    "open_period",
                    spec.openPeriod()))
            .withColumn("_period", col("billing_period"))
            .coalesce(1)
            .persist(StorageLevel.MEMORY_AND_DISK());
    outputs.add(new Output(invoices, "invoices", "invoices", "csv"));
    Dataset<Row> budget =
        SqlFiles.query(spark, "generate/budget.sql", Map.of())
            .withColumn("_period", col("billing_period"))
            .coalesce(1)
            .persist(StorageLevel.MEMORY_AND_DISK());
    outputs.add(new Output(budget, "budget", "budget", "csv"));
    // The files are independent: written at once (the small ones are mostly driver work).
    files +=
        Parallel.map(
                outputs, WRITERS, o -> writer.write(o.rows(), o.folder(), o.prefix(), o.format()))
            .stream()
            .mapToInt(Integer::intValue)
            .sum();
    rows.put("usage_metrics", metrics.count());
    rows.put("revenue", revenue.count());
    rows.put("invoices", invoices.count());
    rows.put("budget", budget.count());
    rows.put("pinecone", pinecone.count());
    rows.put("deepgram", deepgram.count());

    for (Dataset<Row> d :
        List.of(
            customers,
            cube,
            aiLines,
            chargeLines,
            metrics,
            revenue,
            pinecone,
            deepgram,
            invoices,
            budget)) {
      d.unpersist();
    }
    LOG.info(
        "generate: {} files, {} under {} in {} s",
        files,
        rows,
        spec.out(),
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return new Result(spec.periods(), rows, files);
  }

  private Dataset<Row> infraLines(String provider, long lines, double budgetPerLine) {
    String view = "gen_infra_ids_" + provider;
    ids(lines, view);
    Map<String, Object> params = new HashMap<>();
    params.put("seed", spec.seed());
    params.put("provider", provider);
    params.put("lines", Math.max(lines, 1L));
    params.put("days", spec.days() - spec.unbilledDays());
    params.put("start_day", FIRST_PERIOD.atDay(1));
    params.put("budget_per_line", budgetPerLine);
    params.put("customers", spec.customers());
    String sql =
        SqlFiles.text("generate/focus_infra_lines.sql")
            .replace("from gen_infra_ids", "from " + view);
    return spark.sql(sql, params);
  }

  /**
   * spark.range(n) as a view, one task per {@link #ROWS_PER_TASK} ids (a count that does not depend
   * on the machine).
   */
  private void ids(long n, String view) {
    int tasks = (int) Math.max(1, (n + ROWS_PER_TASK - 1) / ROWS_PER_TASK);
    spark.range(0, n, 1, tasks).createOrReplaceTempView(view);
  }

  /**
   * A small source (one file per period) as a view, kept: its totals are read again (bill totals).
   */
  private Dataset<Row> kept(String sql, Map<String, Object> params, String name) {
    Dataset<Row> rows =
        SqlFiles.query(spark, sql, params).coalesce(1).persist(StorageLevel.MEMORY_AND_DISK());
    rows.createOrReplaceTempView(name);
    return rows;
  }

  private void view(String sql, Map<String, Object> params, String name) {
    SqlFiles.query(spark, sql, params).createOrReplaceTempView(name);
  }

  private void periodsView() {
    List<Row> periods = new ArrayList<>();
    spec.periods().forEach(p -> periods.add(RowFactory.create(p)));
    spark
        .createDataFrame(periods, new StructType().add("billing_period", DataTypes.StringType))
        .createOrReplaceTempView("gen_periods");
  }

  static LocalDate firstDay() {
    return FIRST_PERIOD.atDay(1);
  }
}
