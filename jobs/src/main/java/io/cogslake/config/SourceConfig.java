package io.cogslake.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** One landing-zone source: a name of the user's, a source type of the contract, a path. */
public final class SourceConfig {
  public String name;
  public String type;
  public String path;

  /** For azure_cost: actual or amortized. */
  public String dataset;

  // For mapped_csv (README, "A vendor's own export: mapped_csv"):
  /** x_Provider and ServiceProviderName of every line. */
  public String provider;

  /** The billing currency of every line, unless {@code columns.BillingCurrency} maps it. */
  public String currency;

  /**
   * Ledger column → the file's column, or an expression over the file's columns (the rule-predicate
   * allow-list).
   */
  public Map<String, String> columns = new LinkedHashMap<>();

  /** Tag key → the file's column (or an expression) carrying its value. */
  public Map<String, String> tags = new LinkedHashMap<>();

  /** A default workload for every line (retrieval, third_party_ai, inference…). */
  public String workload;

  /**
   * The file's column (or an expression) whose date decides the billing period; default the
   * ChargePeriodStart mapping.
   */
  public String billingPeriod;

  public SourceConfig() {}

  public SourceConfig(String name, String type, String path) {
    this.name = name;
    this.type = type;
    this.path = path;
  }
}
