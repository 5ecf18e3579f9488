package io.cogslake.lake;

import java.util.List;

/** The silver and gold tables of the contract, created with their schema when a lake is opened. */
public final class Tables {
  private Tables() {}

  public static final TableSpec INGEST_LOG =
      TableSpec.silver("ingest_log", "billing_period", "source");
  public static final TableSpec QUARANTINE =
      TableSpec.silver("quarantine", "billing_period", "source");
  public static final TableSpec LEDGER = TableSpec.silver("ledger", "billing_period", "x_Source");
  public static final TableSpec RUN_LOG = TableSpec.silver("run_log", "billing_period");
  public static final TableSpec PERIOD_STATUS = TableSpec.silver("period_status", "billing_period");
  public static final TableSpec USAGE = TableSpec.silver("usage", "billing_period", "x_Source");
  public static final TableSpec PROVIDER_USAGE =
      TableSpec.silver("provider_usage", "billing_period", "x_Source");
  public static final TableSpec USAGE_METRICS =
      TableSpec.silver("usage_metrics", "billing_period", "x_Source");
  public static final TableSpec USAGE_GAPS = TableSpec.silver("usage_gaps", "billing_period");
  public static final TableSpec REVENUE = TableSpec.silver("revenue", "billing_period", "x_Source");
  public static final TableSpec INVOICES =
      TableSpec.silver("invoices", "billing_period", "x_Source");
  public static final TableSpec CUSTOMERS =
      TableSpec.silver("customers", "billing_period", "x_Source");
  public static final TableSpec BUDGET = TableSpec.silver("budget", "billing_period", "x_Source");
  public static final TableSpec ALLOCATION_POOLS =
      TableSpec.silver("allocation_pools", "billing_period");
  public static final TableSpec COST_ALLOCATED =
      TableSpec.silver("cost_allocated", "billing_period");
  public static final TableSpec COST_CLASSIFIED =
      TableSpec.silver("cost_classified", "billing_period");
  public static final TableSpec AMORTIZATION_SCHEDULE =
      TableSpec.silver("amortization_schedule", "billing_period");
  public static final TableSpec RULES_VERSIONS =
      TableSpec.silver("rules_versions", "billing_period");
  public static final TableSpec REQUEST_COSTS = TableSpec.silver("request_costs", "billing_period");

  public static final TableSpec GOLD_COGS = TableSpec.gold("cogs", "billing_period");
  public static final TableSpec GROSS_MARGIN = TableSpec.gold("gross_margin", "billing_period");
  public static final TableSpec CUSTOMER_ECONOMICS =
      TableSpec.gold("customer_economics", "billing_period");
  public static final TableSpec FEATURE_ECONOMICS =
      TableSpec.gold("feature_economics", "billing_period");
  public static final TableSpec USER_COST_DISTRIBUTION =
      TableSpec.gold("user_cost_distribution", "billing_period");
  public static final TableSpec COST_TREE = TableSpec.gold("cost_tree", "billing_period");
  public static final TableSpec STRESS = TableSpec.gold("stress", "billing_period");
  public static final TableSpec RECONCILIATION = TableSpec.gold("reconciliation", "billing_period");
  public static final TableSpec ALLOCATION_COVERAGE =
      TableSpec.gold("allocation_coverage", "billing_period");
  public static final TableSpec CLASSIFICATION_DIFF =
      TableSpec.gold("classification_diff", "billing_period");
  public static final TableSpec PRICING_SCENARIOS =
      TableSpec.gold("pricing_scenarios", "billing_period");
  public static final TableSpec LTV_CAC = TableSpec.gold("ltv_cac", "billing_period");
  public static final TableSpec USER_TENURE = TableSpec.gold("user_tenure", "billing_period");
  public static final TableSpec DAILY_COST = TableSpec.gold("daily_cost", "billing_period");
  public static final TableSpec MONTH_TO_DATE = TableSpec.gold("month_to_date", "billing_period");
  public static final TableSpec COST_ANOMALIES = TableSpec.gold("cost_anomalies", "billing_period");
  public static final TableSpec FORECAST_VS_ACTUAL =
      TableSpec.gold("forecast_vs_actual", "billing_period");
  public static final TableSpec COGS_BRIDGE = TableSpec.gold("cogs_bridge", "billing_period");

  /** Written by the simulate stage (after gold), not by gold. */
  public static final TableSpec SIMULATION = TableSpec.gold("simulation", "billing_period");

  public static final TableSpec SIMULATION_CUSTOMERS =
      TableSpec.gold("simulation_customers", "billing_period");

  /** The gold tables built from silver.request_costs and the classified cost, in build order. */
  public static List<TableSpec> gold() {
    return List.of(
        GOLD_COGS,
        GROSS_MARGIN,
        CUSTOMER_ECONOMICS,
        FEATURE_ECONOMICS,
        USER_COST_DISTRIBUTION,
        COST_TREE,
        STRESS,
        RECONCILIATION,
        ALLOCATION_COVERAGE,
        PRICING_SCENARIOS,
        LTV_CAC,
        USER_TENURE,
        DAILY_COST,
        MONTH_TO_DATE,
        COST_ANOMALIES,
        FORECAST_VS_ACTUAL,
        COGS_BRIDGE);
  }

  /**
   * The gold tables whose rows of a period read earlier months too (a user's first month, the
   * trailing churn, the month before, an anomaly window): built before those months exist, or at
   * the same time, they see less of them. The others depend on their period's inputs alone.
   */
  public static List<TableSpec> goldReadingEarlierMonths() {
    return List.of(LTV_CAC, USER_TENURE, MONTH_TO_DATE, COST_ANOMALIES, COGS_BRIDGE);
  }

  /** The gold tables a period's own inputs decide, whatever else the lake holds. */
  public static List<TableSpec> goldOfThePeriodAlone() {
    return gold().stream().filter(t -> !goldReadingEarlierMonths().contains(t)).toList();
  }

  /** Every fixed table, in the order they are created. */
  public static List<TableSpec> all() {
    return List.of(
        INGEST_LOG,
        QUARANTINE,
        LEDGER,
        RUN_LOG,
        PERIOD_STATUS,
        USAGE,
        PROVIDER_USAGE,
        USAGE_METRICS,
        USAGE_GAPS,
        REVENUE,
        INVOICES,
        CUSTOMERS,
        BUDGET,
        ALLOCATION_POOLS,
        COST_ALLOCATED,
        COST_CLASSIFIED,
        AMORTIZATION_SCHEDULE,
        RULES_VERSIONS,
        REQUEST_COSTS,
        GOLD_COGS,
        GROSS_MARGIN,
        CUSTOMER_ECONOMICS,
        FEATURE_ECONOMICS,
        USER_COST_DISTRIBUTION,
        COST_TREE,
        STRESS,
        RECONCILIATION,
        ALLOCATION_COVERAGE,
        CLASSIFICATION_DIFF,
        PRICING_SCENARIOS,
        LTV_CAC,
        USER_TENURE,
        DAILY_COST,
        MONTH_TO_DATE,
        COST_ANOMALIES,
        FORECAST_VS_ACTUAL,
        COGS_BRIDGE,
        SIMULATION,
        SIMULATION_CUSTOMERS);
  }
}
