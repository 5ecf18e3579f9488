package io.cogslake.gold;

import static org.apache.spark.sql.functions.col;

import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Parallel;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import io.cogslake.reference.ReferenceData;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the gold tables for each period from the classified cost, revenue, usage and invoices:
 * first silver.request_costs (each model call's share of allocated COGS), then one table per {@code
 * sql/gold/<table>.sql}, each replacing exactly its periods.
 */
public final class BuildGoldJob extends Stage {
  private static final Logger LOG = LoggerFactory.getLogger(BuildGoldJob.class);

  /** Gold tables written at once: small writes are mostly driver work, so more than the cores. */
  private static final int GOLD_WRITERS = 4;

  /** rowsIn: the classified rows the gold tables were built from; rows: rows written per table. */
  public record Result(List<String> periods, long rowsIn, Map<String, Long> rows)
      implements Outcome {
    @Override
    public long rowsOut() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public BuildGoldJob(Lake lake, RunContext run) {
    super("gold", lake, run);
  }

  @Override
  public Result run() {
    // every period that has ledger lines, revenue or invoices
    Set<String> periods = periodsToWrite(Tables.LEDGER, Tables.REVENUE, Tables.INVOICES);
    Map<String, Long> rows = new LinkedHashMap<>();
    if (periods.isEmpty()) {
      return new Result(List.of(), 0, rows);
    }
    new ReferenceData(spark, run.config()).registerViews();
    registerSettings(spark, run.config());
    registerPeriods("classified", Tables.COST_CLASSIFIED, periods);
    registerPeriods("allocated", Tables.COST_ALLOCATED, periods);
    registerPeriods("ledger", Tables.LEDGER, periods);
    registerPeriods("usage", Tables.USAGE, periods);
    registerPeriods("revenue", Tables.REVENUE, periods);
    registerPeriods("invoices", Tables.INVOICES, periods);
    registerPeriods("customers", Tables.CUSTOMERS, periods);
    registerPeriods("budget", Tables.BUDGET, periods);
    // Up to the last period built: a listed customer's plan when its list names none, its latest
    // revenue
    // month (ltv_cac); a user's first month seen (user_tenure, three columns of the usage)
    String last = java.util.Collections.max(periods);
    lake.read(Tables.REVENUE)
        .filter(col("billing_period").leq(last))
        .select("billing_period", "customer", "plan")
        .createOrReplaceTempView("revenue_history");
    lake.read(Tables.USAGE)
        .filter(col("billing_period").leq(last))
        .select("billing_period", "customer", "user")
        .createOrReplaceTempView("usage_history");

    // The allocation rules that split GPU lines over the calls of self-hosted models they serve:
    // their parts are those calls' cost (request_costs), and the served provider has no bill whose
    // days could be estimated (daily_cost)
    io.cogslake.allocate.AllocationRules.of(run.config().allocation.rules)
        .asTable(spark)
        .where("serves_provider is not null")
        .select("rule_id", "serves_provider")
        .createOrReplaceTempView("serving_rules");
    rows.put(
        Tables.REQUEST_COSTS.qualifiedName(),
        build(Tables.REQUEST_COSTS, "gold/request_costs.sql", Map.of(), periods));
    registerPeriods("request_costs", Tables.REQUEST_COSTS, periods);
    registerDailyInputs(periods);
    // gold.daily_cost first: month_to_date and cost_anomalies read it, as written, rather than each
    // computing it again
    rows.put(
        Tables.DAILY_COST.qualifiedName(),
        build(Tables.DAILY_COST, "gold/daily_cost.sql", Map.of(), periods));
    registerPeriods("daily", Tables.DAILY_COST, periods);
    // One building block for both margin layers and the stress baseline, so they cannot disagree.
    SqlFiles.query(spark, "gold/product_margins.sql", Map.of())
        .createOrReplaceTempView("product_margins");
    // The gold tables read the same inputs and not each other: built at once.
    List<TableSpec> gold = Tables.gold().stream().filter(t -> t != Tables.DAILY_COST).toList();
    List<Long> written =
        Parallel.map(
            gold,
            GOLD_WRITERS,
            table -> {
              return build(table, "gold/" + table.name() + ".sql", parameters(table), periods);
            });
    for (int i = 0; i < gold.size(); i++) {
      rows.put(gold.get(i).qualifiedName(), written.get(i));
    }
    return new Result(List.copyOf(periods), spark.table("classified").count(), rows);
  }

  private Map<String, Object> parameters(TableSpec table) {
    CogsConfig config = run.config();
    if (table == Tables.RECONCILIATION) {
      return Map.of("tolerance", config.reconciliation.tolerance);
    }
    if (table == Tables.MONTH_TO_DATE || table == Tables.FORECAST_VS_ACTUAL) {
      return Map.of("through", run.through() == null ? "" : run.through().toString());
    }
    if (table == Tables.COST_ANOMALIES) {
      return Map.of(
          "factor",
          config.anomalies.factor,
          "window_days",
          config.anomalies.windowDays,
          "min_amount",
          config.anomalies.minAmount);
    }
    return Map.of();
  }

  /**
   * The views of the daily figures besides the periods' own: each line's pool (daily_cost), the
   * classified cost and the calls of the month before each period (month_to_date, cogs_bridge), and
   * the days of gold.daily_cost an anomaly window reaches back to that are not rebuilt
   * (cost_anomalies).
   */
  private void registerDailyInputs(Set<String> periods) {
    registerPeriods("allocation_pools", Tables.ALLOCATION_POOLS, periods);
    Set<String> previous = new java.util.TreeSet<>();
    periods.forEach(p -> previous.add(java.time.YearMonth.parse(p).minusMonths(1).toString()));
    lake.read(Tables.COST_CLASSIFIED)
        .filter(col("billing_period").isin(previous.toArray()))
        .createOrReplaceTempView("previous_classified");
    // the month before's calls, their actions and tokens (cogs_bridge)
    lake.read(Tables.USAGE)
        .filter(col("billing_period").isin(previous.toArray()))
        .select(
            "billing_period",
            "event_id",
            "trace_id",
            "provider",
            "model",
            "product",
            "feature",
            "input_tokens",
            "output_tokens")
        .createOrReplaceTempView("previous_usage");
    // the months the windows reach that are not rebuilt (before the first, or between two periods
    // built)
    java.time.LocalDate from =
        java.time.YearMonth.parse(java.util.Collections.min(periods))
            .atDay(1)
            .minusDays(run.config().anomalies.windowDays);
    String last = java.util.Collections.max(periods);
    lake.read(Tables.DAILY_COST)
        .filter(
            col("billing_period")
                .geq(from.toString().substring(0, 7))
                .and(col("billing_period").leq(last)))
        .filter(col("billing_period").isin(periods.toArray()).unary_$bang())
        .filter(col("usage_date").geq(java.sql.Date.valueOf(from)))
        .createOrReplaceTempView("daily_history");
  }

  private long build(TableSpec table, String sql, Map<String, Object> params, Set<String> periods) {
    long started = System.nanoTime();
    describe(table.qualifiedName());
    long written = replacePeriods(table, SqlFiles.query(spark, sql, params), periods);
    LOG.info(
        "gold {}: {} rows in {} s",
        table.qualifiedName(),
        written,
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return written;
  }

  /**
   * ai_revenue (streams, products, shares), stress_scenarios, pricing_scenarios and unit_economics
   * from the configuration, as views the SQL joins.
   */
  static void registerSettings(SparkSession spark, CogsConfig config) {
    List<Row> products = new ArrayList<>();
    config.aiRevenueProducts().forEach(p -> products.add(RowFactory.create(p)));
    spark
        .createDataFrame(products, new StructType().add("product", DataTypes.StringType))
        .createOrReplaceTempView("ai_products");
    List<Row> streams = new ArrayList<>();
    config.aiRevenue.streams.forEach(
        st -> streams.add(RowFactory.create(st.toLowerCase(java.util.Locale.ROOT))));
    spark
        .createDataFrame(streams, new StructType().add("stream", DataTypes.StringType))
        .createOrReplaceTempView("ai_revenue_streams");
    List<Row> shares = new ArrayList<>();
    config.aiRevenue.shares.forEach(
        (product, share) -> shares.add(RowFactory.create(product, share)));
    spark
        .createDataFrame(
            shares,
            new StructType()
                .add("product", DataTypes.StringType)
                .add("share", DataTypes.createDecimalType(12, 10)))
        .createOrReplaceTempView("ai_revenue_shares");
    List<Object[]> stress = new ArrayList<>();
    config.stress.scenarios.forEach(
        s ->
            stress.add(
                new Object[] {
                  s.name,
                  s.tokenPriceChange,
                  s.varianceBuffer,
                  s.heavyUserMultiplier,
                  s.heavyUserShare
                }));
    namedSettings(
        spark,
        "stress_scenarios",
        List.of(
            "token_price_change", "variance_buffer", "heavy_user_multiplier", "heavy_user_share"),
        stress);
    List<Object[]> plans = new ArrayList<>();
    config.pricingScenarios.forEach(
        p -> plans.add(new Object[] {p.name, p.perUser, p.perAction, p.platformFee, p.markup}));
    namedSettings(
        spark,
        "pricing_scenarios",
        List.of("per_user", "per_action", "platform_fee", "markup"),
        plans);
    // unit_economics: plan '*' holds the settings for every plan, the others a plan's own
    List<Object[]> economics = new ArrayList<>();
    CogsConfig.UnitEconomics unit = config.unitEconomics;
    economics.add(new Object[] {"*", unit.cacPerCustomer, unit.monthlyChurn});
    unit.plans.forEach(
        (plan, p) ->
            economics.add(
                new Object[] {
                  plan.toLowerCase(java.util.Locale.ROOT), p.cacPerCustomer, p.monthlyChurn
                }));
    namedSettings(spark, "unit_economics", List.of("cac_per_customer", "monthly_churn"), economics);
  }

  /**
   * A view of named settings: column name, then one DECIMAL(20,10) column per parameter (null when
   * unset).
   */
  private static void namedSettings(
      SparkSession spark, String view, List<String> parameters, List<Object[]> rows) {
    StructType schema = new StructType().add("name", DataTypes.StringType);
    for (String parameter : parameters) {
      schema = schema.add(parameter, DataTypes.createDecimalType(20, 10));
    }
    List<Row> out = new ArrayList<>();
    rows.forEach(r -> out.add(RowFactory.create(r)));
    spark.createDataFrame(out, schema).createOrReplaceTempView(view);
  }
}
