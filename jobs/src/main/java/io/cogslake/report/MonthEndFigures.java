package io.cogslake.report;

import io.cogslake.lake.SqlFiles;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The month-end pack's figures for one period, from the queries in {@code sql/report/month_end/}:
 * each an aggregate of a few rows (a handful per status, component, model or scenario; one per
 * customer).
 */
public record MonthEndFigures(
    String period,
    Section status,
    Section margin,
    Section cogsByCategory,
    Section cogsByComponent,
    Section reconciliation,
    Section allocationCoverage,
    Section customerCosts,
    Section modelMix,
    Section stress,
    Section whatIf,
    Section costPerAction,
    Section pricePlans,
    Section ltvCac,
    Section userTenure,
    Section monthToDate,
    Section forecast,
    Section cogsBridge,
    Section dailyCost,
    Section anomalies) {

  /** One query's result: its schema and rows. */
  public record Section(String title, StructType schema, List<Row> rows) {
    public int index(String column) {
      return schema.fieldIndex(column);
    }
  }

  /**
   * The period's status in words, for the pack's first lines: "Final (closed …)" or "Provisional
   * (…)", and for a close forced over failed checks, the reason; then the checks it overrode, one
   * per line.
   */
  public List<String> statusLines() {
    Row s = status.rows().get(0);
    if (!"final".equals(s.getString(status.index("status")))) {
      return List.of("Provisional: the period is open, its figures may still change");
    }
    String closed =
        "Final: closed "
            + s.getTimestamp(status.index("closed_at"))
                .toInstant()
                .toString()
                .replace('T', ' ')
                .replaceFirst("\\.\\d+Z$|Z$", " UTC");
    if (!s.getBoolean(status.index("forced"))) {
      return List.of(closed);
    }
    List<String> lines = new java.util.ArrayList<>();
    lines.add(closed + ", forced over failed checks: " + s.getString(status.index("reason")));
    String overridden = s.getString(status.index("overridden"));
    if (overridden != null) {
      overridden.lines().forEach(line -> lines.add("  - " + line));
    }
    return lines;
  }

  public static MonthEndFigures load(SparkSession spark, String period) {
    spark.sparkContext().setJobDescription("report period_status " + period);
    Dataset<Row> status =
        SqlFiles.query(spark, "close/period_status.sql", Map.of("period", period));
    return new MonthEndFigures(
        period,
        new Section("Status", status.schema(), status.collectAsList()),
        section(spark, period, "margin", "Gross margin"),
        section(spark, period, "cogs_by_category", "Cost by P&L category"),
        section(spark, period, "cogs_by_component", "COGS by component"),
        section(spark, period, "reconciliation_status", "Reconciliation to invoices"),
        section(spark, period, "allocation_coverage", "Allocation coverage"),
        section(spark, period, "customer_costs", "Cost per customer"),
        section(spark, period, "model_mix", "COGS by model"),
        section(spark, period, "stress", "AI gross margin under stress"),
        periodOf(
            spark,
            period,
            "simulation_summary",
            "What if: the configured simulations (bin/cogs simulate)"),
        section(
            spark,
            period,
            "cost_per_action",
            "What if: cost per action before and after, per feature"),
        periodOf(
            spark,
            period,
            "pricing_scenarios_summary",
            "What if: each price plan on the actual cost, and the customers under water"),
        section(
            spark, period, "ltv_cac", "LTV:CAC per plan, on the actual margin and under stress"),
        section(
            spark,
            period,
            "user_tenure",
            "Cost per user by tenure: each cohort (first month seen) over its months since"),
        section(
            spark,
            period,
            "month_to_date",
            "Month to date: billed, estimated from the priced calls, and the run-rate projection"),
        periodOf(
            spark,
            period,
            "forecast_summary",
            "Budget against actual, per budget line (and the open month's run rate)"),
        periodOf(
            spark,
            period,
            "cogs_bridge_summary",
            "Why COGS moved from the month before: volume, intensity, model mix, price and the rest"),
        section(spark, period, "daily_cost", "Cost per day, billed and estimated"),
        section(
            spark,
            period,
            "cost_anomalies",
            "Cost anomalies: days above their trailing median by the configured factor"));
  }

  /**
   * One period of a summary the demo prints for every period ({@code sql/report/<file>.sql}): one
   * definition for both.
   */
  private static Section periodOf(SparkSession spark, String period, String file, String title) {
    spark.sparkContext().setJobDescription("report " + file + " " + period);
    Dataset<Row> rows =
        SqlFiles.query(spark, "report/" + file + ".sql", Map.of())
            .filter(org.apache.spark.sql.functions.col("billing_period").equalTo(period))
            .drop("billing_period");
    return new Section(title, rows.schema(), rows.collectAsList());
  }

  private static Section section(SparkSession spark, String period, String file, String title) {
    spark.sparkContext().setJobDescription("report " + file + " " + period);
    Dataset<Row> rows =
        SqlFiles.query(spark, "report/month_end/" + file + ".sql", Map.of("period", period));
    return new Section(title, rows.schema(), rows.collectAsList());
  }
}
