package io.cogslake.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved configuration (conf/*.yaml). Field names are the YAML keys in snake_case; every key
 * but {@code lake} has the default written beside it. Precedence: file &lt; environment ({@code
 * COGS_LAKE}) &lt; command line ({@code --lake}). Relative paths are resolved against the
 * configuration file's folder.
 */
public final class CogsConfig {
  /** Root of the lake: a folder or a Hadoop file system URI (s3a://, abfss://, gs://). */
  public String lake;

  /** {@code in-memory} (default): tables are registered from the lake's folders at start-up. */
  public String catalog = "in-memory";

  public SparkSettings spark = new SparkSettings();
  public String reportingCurrency = "USD";

  /**
   * CSV {@code currency,billing_period,rate}; needed only when a line is not in the reporting
   * currency.
   */
  public String fxRates;

  public List<SourceConfig> sources = new ArrayList<>();
  public TagSettings tags = new TagSettings();
  public ModelSettings models = new ModelSettings();

  /** Price book CSV overriding the shipped one. */
  public String prices;

  public AllocationSettings allocation = new AllocationSettings();
  public ClassificationSettings classification = new ClassificationSettings();

  /** Kept as an alias of {@code ai_revenue.products}. */
  public List<String> aiProducts = new ArrayList<>();

  public AiRevenueSettings aiRevenue = new AiRevenueSettings();
  public StressSettings stress = new StressSettings();

  /** What-if re-pricings of the period's model calls (gold.simulation, bin/cogs simulate). */
  public List<Simulation> simulations = new ArrayList<>();

  /**
   * Price plans tried against each customer's actual cost of the period (gold.pricing_scenarios).
   */
  public List<PricingScenario> pricingScenarios = new ArrayList<>();

  public UnitEconomics unitEconomics = new UnitEconomics();
  public ReconciliationSettings reconciliation = new ReconciliationSettings();

  /** What makes a day's cost an anomaly (gold.cost_anomalies). */
  public AnomalySettings anomalies = new AnomalySettings();

  public PublishSettings publish = new PublishSettings();

  /**
   * True when `simulate --scenario` narrowed {@code simulations} to the named ones; not a YAML key.
   */
  @com.fasterxml.jackson.annotation.JsonIgnore public boolean simulationsSelected;

  /** Where the configuration came from, for messages; not a YAML key. */
  @com.fasterxml.jackson.annotation.JsonIgnore public String origin = "";

  public static final class SparkSettings {
    public String master = "local[*]";
    public Map<String, String> conf = new LinkedHashMap<>();
  }

  public static final class TagSettings {
    /** provider (or {@code *}) → {their tag key: contract key}. */
    public Map<String, Map<String, String>> aliases = new LinkedHashMap<>();

    /** contract key → {their value: contract value}. */
    public Map<String, Map<String, String>> values = new LinkedHashMap<>();
  }

  public static final class ModelSettings {
    /** Model alias CSV overriding the shipped one. */
    public String aliases;
  }

  public static final class AllocationSettings {
    public List<AllocationRuleConfig> rules = new ArrayList<>();
  }

  public static final class AllocationRuleConfig {
    public String id;

    /** SQL predicate over ledger columns choosing the lines this rule splits. */
    public String where = "true";

    /** direct, usage, proportional, fixed, even. */
    public String method;

    /** For usage: tokens (price-weighted), requests, or a usage_metrics metric name. */
    public String driver;

    /** day or month. */
    public String grain = "day";

    /** The keys the split lands on. */
    public List<String> keys =
        new ArrayList<>(List.of("customer", "product", "feature", "team", "env"));

    /** For fixed: key value → weight. */
    public Map<String, BigDecimal> weights = new LinkedHashMap<>();

    /** For fixed and even: the key the weights name (default customer). */
    public String key = "customer";

    /**
     * For usage: the models whose calls split the lines, when the lines name no model themselves
     * (GPU nodes, a model-serving cluster): their cost follows the tokens (or requests) those
     * models served.
     */
    public Serves serves;
  }

  /**
   * The self-hosted models a rule's lines serve: calls of {@code provider} with one of {@code
   * models}.
   */
  public static final class Serves {
    public String provider;
    public List<String> models = new ArrayList<>();
  }

  public static final class ClassificationSettings {
    /** The rules file; default the shipped {@code sql/classification/default_rules.sql}. */
    public String rules;

    public Policies policies = new Policies();
  }

  public static final class Policies {
    /** expense (RND) or capitalize (CAPITALIZED, amortized into COGS). */
    public String fineTuning = "expense";

    public int usefulLifeMonths = 12;

    /**
     * Taxes, credits and fees. net: split into the cost they relate to (AI included), in
     * proportion; gross: component credits_fees of their own.
     */
    public String credits = "net";
  }

  /**
   * Which revenue is AI revenue, for the gross margin's {@code ai} layer: a revenue row whose
   * stream is one of {@code streams}, every row of {@code products}, and the {@code shares} part (a
   * management assumption, 0 to 1) of a product's other rows.
   */
  public static final class AiRevenueSettings {
    public List<String> streams = new ArrayList<>(List.of("ai"));
    public List<String> products = new ArrayList<>();
    public Map<String, BigDecimal> shares = new LinkedHashMap<>();
  }

  /**
   * A what-if over the period's model calls: the calls {@code where} selects (a predicate over
   * silver.usage columns) re-priced on {@code model} (default: their own) with their tokens and
   * number scaled, at the price book in effect on each call's day and the billed-to-list ratio the
   * call has today.
   */
  public static final class Simulation {
    public String name;
    public String where = "true";
    public SimulatedModel model;

    /** Model calls per original call after the change. */
    public BigDecimal callsFactor = BigDecimal.ONE;

    public BigDecimal inputTokensFactor = BigDecimal.ONE;
    public BigDecimal outputTokensFactor = BigDecimal.ONE;

    /** Share of uncached input that becomes cache reads, at the cache-read price. */
    public BigDecimal cacheReadShare = BigDecimal.ZERO;

    /** Share of calls answered from a response cache: no model call. */
    public BigDecimal responseCacheHitRate = BigDecimal.ZERO;
  }

  /** The model a simulation moves calls to: price-book provider and canonical model name. */
  public static final class SimulatedModel {
    public String provider;
    public String model;
  }

  /**
   * A price plan for the AI product: a customer would pay {@code platform_fee} + {@code per_user} x
   * its active users + {@code per_action} x its actions + (with {@code markup}) its AI COGS x (1 +
   * markup), on top of its actual platform (non-AI) revenue. Terms left out count zero.
   */
  public static final class PricingScenario {
    public String name;
    public BigDecimal perUser;
    public BigDecimal perAction;
    public BigDecimal platformFee;
    public BigDecimal markup;
  }

  /**
   * What gold.ltv_cac needs beyond the lake's figures: the cost of acquiring a customer and the
   * share of customers lost a month, for every plan, with {@code plans} overriding either per plan
   * (paid, trial…).
   */
  public static final class UnitEconomics {
    public BigDecimal cacPerCustomer;
    public BigDecimal monthlyChurn;
    public Map<String, PlanEconomics> plans = new LinkedHashMap<>();
  }

  public static final class PlanEconomics {
    public BigDecimal cacPerCustomer;
    public BigDecimal monthlyChurn;
  }

  public static final class StressSettings {
    public List<StressScenario> scenarios = new ArrayList<>(StressScenario.defaults());
  }

  public static final class StressScenario {
    public String name;
    public BigDecimal tokenPriceChange = BigDecimal.ZERO;
    public BigDecimal varianceBuffer = BigDecimal.ONE;
    public BigDecimal heavyUserMultiplier = BigDecimal.ONE;
    public BigDecimal heavyUserShare = new BigDecimal("0.01");

    static List<StressScenario> defaults() {
      StressScenario price = new StressScenario();
      price.name = "token_price_plus_50pct";
      price.tokenPriceChange = new BigDecimal("0.5");
      StressScenario buffer = new StressScenario();
      buffer.name = "variance_buffer_1_2x";
      buffer.varianceBuffer = new BigDecimal("1.2");
      StressScenario heavy = new StressScenario();
      heavy.name = "heavy_users_3x_top_1pct";
      heavy.heavyUserMultiplier = new BigDecimal("3");
      return List.of(price, buffer, heavy);
    }
  }

  public static final class ReconciliationSettings {
    public BigDecimal tolerance = new BigDecimal("0.01");
  }

  /**
   * A day's cost of a provider account, feature or customer is an anomaly when it is above {@code
   * factor} times the median of its {@code window_days} days before (days without cost count as 0)
   * and above {@code min_amount} (reporting currency).
   */
  public static final class AnomalySettings {
    public BigDecimal factor = new BigDecimal("3");
    public Integer windowDays = 14;
    public BigDecimal minAmount = new BigDecimal("100");
  }

  public static final class PublishSettings {
    public String jdbcUrl;
    public String user;
    public String password;
    public String schema = "public";
  }

  /**
   * The products whose whole revenue is AI revenue: {@code ai_revenue.products} and {@code
   * ai_products}.
   */
  public List<String> aiRevenueProducts() {
    List<String> all = new ArrayList<>(aiRevenue.products);
    aiProducts.stream().filter(p -> !all.contains(p)).forEach(all::add);
    return all;
  }

  /** The configured source with this name, or null. */
  public SourceConfig source(String name) {
    return sources.stream().filter(s -> s.name.equals(name)).findFirst().orElse(null);
  }
}
