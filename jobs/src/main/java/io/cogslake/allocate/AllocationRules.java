package io.cogslake.allocate;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cogslake.config.CogsConfig.AllocationRuleConfig;
import io.cogslake.errors.Errors;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ordered allocation rules (configuration, or the defaults below), checked: each rule's {@code
 * where} must be a plain row predicate over ledger columns, and the first rule whose predicate
 * holds takes a line.
 */
public final class AllocationRules {
  static final Set<String> METHODS = Set.of("direct", "usage", "proportional", "fixed", "even");
  static final Set<String> KEYS = Set.of("customer", "product", "feature", "team", "env");

  private final List<AllocationRuleConfig> rules;

  private AllocationRules(List<AllocationRuleConfig> rules) {
    this.rules = rules;
  }

  /**
   * The configured rules, or the defaults: tagged lines direct, model lines by cost-weighted
   * tokens, charges proportional.
   */
  public static AllocationRules of(List<AllocationRuleConfig> configured) {
    List<AllocationRuleConfig> rules = configured.isEmpty() ? defaults() : configured;
    Set<String> ids = new HashSet<>();
    for (AllocationRuleConfig rule : rules) {
      if (rule.id == null || rule.id.isBlank() || !ids.add(rule.id)) {
        throw Errors.config("Allocation rule id '%s' is missing or used twice", rule.id);
      }
      if (rule.method == null || !METHODS.contains(rule.method)) {
        throw Errors.config(
            "Allocation rule %s: method must be one of %s, not '%s'",
            rule.id, METHODS, rule.method);
      }
      if (!Set.of("day", "month").contains(rule.grain)) {
        throw Errors.config(
            "Allocation rule %s: grain must be day or month, not '%s'", rule.id, rule.grain);
      }
      if (rule.method.equals("usage") && (rule.driver == null || rule.driver.isBlank())) {
        throw Errors.config(
            "Allocation rule %s: method usage needs a driver (tokens, requests or a usage metric)",
            rule.id);
      }
      if (!KEYS.contains(rule.key)) {
        throw Errors.config(
            "Allocation rule %s: key must be one of %s, not '%s'", rule.id, KEYS, rule.key);
      }
      if (rule.method.equals("fixed") && rule.weights.isEmpty()) {
        throw Errors.config("Allocation rule %s: method fixed needs weights", rule.id);
      }
      if (rule.serves != null) {
        checkServes(rule);
      }
    }
    return new AllocationRules(rules);
  }

  private static void checkServes(AllocationRuleConfig rule) {
    if (!rule.method.equals("usage") || !Set.of("tokens", "requests").contains(rule.driver)) {
      throw Errors.config(
          "Allocation rule %s: serves needs method usage with driver tokens or requests", rule.id);
    }
    if (rule.serves.provider == null
        || rule.serves.provider.isBlank()
        || rule.serves.models.isEmpty()
        || rule.serves.models.stream().anyMatch(m -> m == null || m.isBlank())) {
      throw Errors.config(
          "Allocation rule %s: serves needs a provider and at least one model (serves: {provider: self_hosted, models: [...]})",
          rule.id);
    }
  }

  static List<AllocationRuleConfig> defaults() {
    return List.of(
        rule("tagged_customer", "direct", null, "x_Customer is not null"),
        rule("model_tokens", "usage", "tokens", "x_Model is not null"),
        rule(
            "shared_charges",
            "proportional",
            null,
            "ChargeCategory in ('Tax', 'Credit', 'Adjustment') or x_Workload in ('inference', 'retrieval', 'hosting', 'third_party_ai')"));
  }

  private static AllocationRuleConfig rule(String id, String method, String driver, String where) {
    AllocationRuleConfig r = new AllocationRuleConfig();
    r.id = id;
    r.method = method;
    r.driver = driver;
    r.where = where;
    return r;
  }

  /** The id of the first rule whose predicate holds for the row, null when none does. */
  public Column firstMatchingRule() {
    Column chosen = null;
    for (AllocationRuleConfig rule : rules) {
      Column predicate = predicate(rule);
      chosen =
          chosen == null ? when(predicate, lit(rule.id)) : chosen.when(predicate, lit(rule.id));
    }
    return chosen.otherwise(lit(null).cast(DataTypes.StringType));
  }

  private static Column predicate(AllocationRuleConfig rule) {
    // Checked against the predicate allow-list (no reflect / java_method / sub-query), syntax
    // errors exit 2.
    return io.cogslake.config.SafePredicate.column(
        "Allocation rule " + rule.id + ": 'where'", rule.where);
  }

  /**
   * rule_id, method, driver, grain, weight_key, serves_provider, serves_models: joined to each
   * line.
   */
  public Dataset<Row> asTable(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("rule_id", DataTypes.StringType)
            .add("method", DataTypes.StringType)
            .add("driver", DataTypes.StringType)
            .add("grain", DataTypes.StringType)
            .add("weight_key", DataTypes.StringType)
            .add("serves_provider", DataTypes.StringType)
            .add("serves_models", DataTypes.createArrayType(DataTypes.StringType));
    List<Row> rows = new ArrayList<>();
    rules.forEach(
        r ->
            rows.add(
                RowFactory.create(
                    r.id,
                    r.method,
                    r.driver,
                    r.grain,
                    r.key,
                    r.serves == null ? null : r.serves.provider,
                    r.serves == null ? null : r.serves.models.toArray(new String[0]))));
    return spark.createDataFrame(rows, schema);
  }

  /** The fixed weights: rule_id, key_value, weight. */
  public Dataset<Row> weights(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("rule_id", DataTypes.StringType)
            .add("key_value", DataTypes.StringType)
            .add("weight", DataTypes.createDecimalType(38, 10));
    List<Row> rows = new ArrayList<>();
    for (AllocationRuleConfig r : rules) {
      for (Map.Entry<String, BigDecimal> w : r.weights.entrySet()) {
        rows.add(RowFactory.create(r.id, w.getKey(), w.getValue()));
      }
    }
    return spark.createDataFrame(rows, schema);
  }
}
