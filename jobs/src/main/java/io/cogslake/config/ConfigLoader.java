package io.cogslake.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cogslake.errors.Errors;
import io.cogslake.ingest.mapped.SourceMapping;
import io.cogslake.sources.SourceTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a YAML configuration: unknown keys rejected by name, {@code ${ENV}} (or {@code
 * ${ENV:-default}}) substituted, relative paths resolved against the working directory.
 */
public final class ConfigLoader {
  private static final Pattern ENV_REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private final Function<String, String> environment;

  public ConfigLoader() {
    this(System::getenv);
  }

  public ConfigLoader(Function<String, String> environment) {
    this.environment = environment;
  }

  static ObjectMapper yamlMapper() {
    return new ObjectMapper(new YAMLFactory())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  public CogsConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw Errors.config("Configuration file %s not found", file);
    }
    try {
      return parse(Files.readString(file), Path.of("").toAbsolutePath(), file.toString());
    } catch (IOException e) {
      throw Errors.config("Cannot read configuration file %s: %s", file, e.getMessage());
    }
  }

  /** Parses YAML text; relative paths resolve against {@code baseDir}. */
  public CogsConfig parse(String yaml, Path baseDir, String origin) {
    ObjectMapper mapper = yamlMapper();
    JsonNode tree;
    try {
      tree = mapper.readTree(yaml);
    } catch (IOException e) {
      throw Errors.config(
          "Configuration %s is not valid YAML: %s", origin, firstLine(e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw Errors.config("Configuration %s is empty: it needs at least 'lake'", origin);
    }
    substituteEnvironment(tree, "");
    CogsConfig config;
    try {
      config = mapper.treeToValue(tree, CogsConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw Errors.unknownConfigKey(e.getPropertyName(), pathOf(e));
    } catch (InvalidFormatException e) {
      throw Errors.config(
          "Configuration key '%s' has an invalid value '%s'", pathOf(e), e.getValue());
    } catch (MismatchedInputException e) {
      throw Errors.config("Configuration key '%s' has the wrong type", pathOf(e));
    } catch (IOException e) {
      throw Errors.config("Configuration %s: %s", origin, firstLine(e.getMessage()));
    }
    config.origin = origin;
    String lakeOverride = environment.apply("COGS_LAKE");
    if (lakeOverride != null && !lakeOverride.isBlank()) {
      config.lake = lakeOverride;
    }
    validate(config);
    resolvePaths(config, baseDir);
    return config;
  }

  private void substituteEnvironment(JsonNode node, String path) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (field.getValue().isTextual()) {
          field.setValue(new TextNode(expand(field.getValue().asText(), key)));
        } else {
          substituteEnvironment(field.getValue(), key);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode element = node.get(i);
        String key = path + "[" + i + "]";
        if (element.isTextual()) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) node)
              .set(i, new TextNode(expand(element.asText(), key)));
        } else {
          substituteEnvironment(element, key);
        }
      }
    }
  }

  private String expand(String value, String key) {
    Matcher matcher = ENV_REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String resolved = environment.apply(matcher.group(1));
      if (resolved == null || resolved.isEmpty()) {
        resolved = matcher.group(2); // ${NAME:-default}
      }
      if (resolved == null) {
        throw Errors.missingEnvironmentVariable(matcher.group(1), key);
      }
      // In a SQL-valued key the value is data, never SQL: it becomes one quoted string literal.
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(isSqlKey(key) ? sqlStringLiteral(resolved) : resolved));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * Keys whose value is SQL text (allocation {@code where}, and any later {@code where} / predicate
   * key).
   */
  static boolean isSqlKey(String key) {
    String last = key.substring(key.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
    return last.equals("where")
        || last.equals("predicate")
        || last.endsWith("expression")
        || key.matches(
            "sources\\[\\d+]\\.(columns\\.[^.]+|tags\\.[^.]+|billing_period)"); // a mapped_csv
    // source's
    // expressions
  }

  /** A Spark SQL string literal holding exactly {@code value} (backslash and quote escaped). */
  static String sqlStringLiteral(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static void validate(CogsConfig config) {
    if (config.reportingCurrency == null
        || !config.reportingCurrency.matches("[A-Z]{3}")
        || !isIsoCurrency(config.reportingCurrency)) {
      throw Errors.config(
          "Configuration key 'reporting_currency' must be a 3-letter ISO 4217 currency code such as USD or EUR, not '%s'",
          config.reportingCurrency);
    }
    if (config.lake == null || config.lake.isBlank()) {
      throw Errors.missingConfigKey("lake");
    }
    if (!"in-memory".equals(config.catalog)) {
      // Tables are registered from the lake's folders at start-up; a Hive metastore is not on this
      // build's
      // classpath, so accepting 'hive' would only pretend to use one.
      throw Errors.config(
          "Configuration key 'catalog' must be in-memory (tables are registered from the lake's folders), not '%s'",
          config.catalog);
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < config.sources.size(); i++) {
      SourceConfig source = config.sources.get(i);
      String where = "sources[" + i + "]";
      if (source.name == null || !source.name.matches("[A-Za-z][A-Za-z0-9_]*")) {
        throw Errors.config(
            "Configuration key '%s.name' must be a name of letters, digits and _ (it becomes bronze.<name>), not '%s'",
            where, source.name);
      }
      if (!names.add(source.name)) {
        throw Errors.config("Source name '%s' is used twice", source.name);
      }
      if (source.type == null || !SourceTypes.isDeclared(source.type)) {
        throw Errors.config(
            "Configuration key '%s.type' must be one of %s, not '%s'",
            where,
            SourceTypes.names().stream().sorted().collect(Collectors.joining(", ")),
            source.type);
      }
      if (source.path == null || source.path.isBlank()) {
        throw Errors.missingConfigKey(where + ".path");
      }
      if (source.dataset != null && !Set.of("actual", "amortized").contains(source.dataset)) {
        throw Errors.config(
            "Configuration key '%s.dataset' must be actual or amortized, not '%s'",
            where, source.dataset);
      }
      source.columns =
          source.columns == null
              ? new java.util.LinkedHashMap<>()
              : source.columns; // "columns:" with nothing under it
      source.tags = source.tags == null ? new java.util.LinkedHashMap<>() : source.tags;
      if (SourceMapping.TYPE.equals(source.type)) {
        SourceMapping.of(
            source, where); // the file's columns are checked against its header at ingest
      } else if (source.provider != null
          || source.currency != null
          || !source.columns.isEmpty()
          || !source.tags.isEmpty()
          || source.workload != null
          || source.billingPeriod != null) {
        throw Errors.config(
            "Configuration key '%s': provider, currency, columns, tags, workload and billing_period are for type %s sources only, not %s",
            where, SourceMapping.TYPE, source.type);
      }
    }
    var policies = config.classification.policies;
    if (!Set.of("expense", "capitalize").contains(policies.fineTuning)) {
      throw Errors.config(
          "Configuration key 'classification.policies.fine_tuning' must be expense or capitalize, not '%s'",
          policies.fineTuning);
    }
    if (!Set.of("net", "gross").contains(policies.credits)) {
      throw Errors.config(
          "Configuration key 'classification.policies.credits' must be net or gross, not '%s'",
          policies.credits);
    }
    if (policies.usefulLifeMonths < 1) {
      throw Errors.config(
          "Configuration key 'classification.policies.useful_life_months' must be at least 1");
    }
    for (CogsConfig.StressScenario scenario : config.stress.scenarios) {
      // gold.stress computes in DECIMAL(12,10): a parameter outside these ranges would overflow to
      // null
      requireRange(
          "stress.scenarios[" + scenario.name + "].token_price_change",
          scenario.tokenPriceChange,
          "-1",
          "99");
      requireRange(
          "stress.scenarios[" + scenario.name + "].variance_buffer",
          scenario.varianceBuffer,
          "0",
          "99");
      requireRange(
          "stress.scenarios[" + scenario.name + "].heavy_user_multiplier",
          scenario.heavyUserMultiplier,
          "0",
          "99");
      requireRange(
          "stress.scenarios[" + scenario.name + "].heavy_user_share",
          scenario.heavyUserShare,
          "0",
          "1");
    }
    Set<String> simulationNames = new HashSet<>();
    for (CogsConfig.Simulation simulation : config.simulations) {
      if (simulation.name == null
          || !simulation.name.matches("[A-Za-z][A-Za-z0-9_]*")
          || !simulationNames.add(simulation.name)) {
        throw Errors.config(
            "Configuration key 'simulations[].name' must be a name of letters, digits and _, used once, not '%s'",
            simulation.name);
      }
      String key = "simulations[" + simulation.name + "]";
      SafePredicate.check("Simulation " + simulation.name + ": 'where'", simulation.where);
      if (simulation.model != null
          && (simulation.model.provider == null
              || simulation.model.provider.isBlank()
              || simulation.model.model == null
              || simulation.model.model.isBlank())) {
        throw Errors.config(
            "Configuration key '%s.model' needs a provider and a model, as the price book names them",
            key);
      }
      // gold.simulation scales in DECIMAL(20,10): larger factors would overflow to null
      requireRange(key + ".calls_factor", simulation.callsFactor, "0", "1000");
      requireRange(key + ".input_tokens_factor", simulation.inputTokensFactor, "0", "1000");
      requireRange(key + ".output_tokens_factor", simulation.outputTokensFactor, "0", "1000");
      requireRange(key + ".cache_read_share", simulation.cacheReadShare, "0", "1");
      requireRange(key + ".response_cache_hit_rate", simulation.responseCacheHitRate, "0", "1");
    }
    Set<String> scenarioNames = new HashSet<>();
    for (CogsConfig.PricingScenario scenario : config.pricingScenarios) {
      if (scenario.name == null
          || !scenario.name.matches("[A-Za-z][A-Za-z0-9_]*")
          || scenario.name.equals("actual")
          || !scenarioNames.add(scenario.name)) {
        throw Errors.config(
            "Configuration key 'pricing_scenarios[].name' must be a name of letters, digits and _, used once and not 'actual', not '%s'",
            scenario.name);
      }
      String key = "pricing_scenarios[" + scenario.name + "]";
      if (scenario.perUser == null
          && scenario.perAction == null
          && scenario.platformFee == null
          && scenario.markup == null) {
        throw Errors.config(
            "Configuration key '%s' needs a price: per_user, per_action, platform_fee or markup",
            key);
      }
      // gold.pricing_scenarios prices in DECIMAL(20,10): larger terms would overflow to null
      Map<String, java.math.BigDecimal> terms = new java.util.LinkedHashMap<>();
      terms.put("per_user", scenario.perUser);
      terms.put("per_action", scenario.perAction);
      terms.put("platform_fee", scenario.platformFee);
      terms.put("markup", scenario.markup);
      terms.forEach(
          (term, value) -> {
            if (value != null) {
              requireRange(key + "." + term, value, "0", "1000000");
            }
          });
    }
    // gold.ltv_cac divides by the churn: a churn of 0 would leave LTV without a value
    checkUnitEconomics(
        "unit_economics", config.unitEconomics.cacPerCustomer, config.unitEconomics.monthlyChurn);
    config.unitEconomics.plans.forEach(
        (plan, economics) -> {
          if (economics == null) {
            throw Errors.config(
                "Configuration key 'unit_economics.plans.%s' needs cac_per_customer or monthly_churn",
                plan);
          }
          checkUnitEconomics(
              "unit_economics.plans." + plan, economics.cacPerCustomer, economics.monthlyChurn);
        });
    requireRange("anomalies.factor", config.anomalies.factor, "1", "1000");
    requireRange("anomalies.min_amount", config.anomalies.minAmount, "0", "1000000000");
    if (config.anomalies.windowDays == null
        || config.anomalies.windowDays < 1
        || config.anomalies.windowDays > 366) {
      throw Errors.config(
          "Configuration key 'anomalies.window_days' must be a number of days from 1 to 366, not '%s'",
          config.anomalies.windowDays);
    }
    config.aiRevenue.shares.forEach(
        (product, share) -> {
          if (share == null
              || share.signum() < 0
              || share.compareTo(java.math.BigDecimal.ONE) > 0) {
            throw Errors.config(
                "Configuration key 'ai_revenue.shares.%s' must be a share from 0 to 1, not '%s'",
                product, share);
          }
        });
  }

  private static void checkUnitEconomics(
      String key, java.math.BigDecimal cac, java.math.BigDecimal churn) {
    if (cac != null) {
      requireRange(key + ".cac_per_customer", cac, "0", "1000000000");
    }
    if (churn != null && (churn.signum() <= 0 || churn.compareTo(java.math.BigDecimal.ONE) > 0)) {
      throw Errors.config(
          "Configuration key '%s.monthly_churn' must be a share above 0, at most 1, not '%s'",
          key, churn);
    }
  }

  private static void requireRange(String key, java.math.BigDecimal value, String min, String max) {
    if (value == null
        || value.compareTo(new java.math.BigDecimal(min)) < 0
        || value.compareTo(new java.math.BigDecimal(max)) > 0) {
      throw Errors.config(
          "Configuration key '%s' must be from %s to %s, not '%s'", key, min, max, value);
    }
  }

  private static boolean isIsoCurrency(String code) {
    try {
      java.util.Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void resolvePaths(CogsConfig config, Path baseDir) {
    config.lake = resolve(config.lake, baseDir);
    config.fxRates = resolve(config.fxRates, baseDir);
    config.prices = resolve(config.prices, baseDir);
    config.models.aliases = resolve(config.models.aliases, baseDir);
    config.classification.rules = resolve(config.classification.rules, baseDir);
    for (SourceConfig source : config.sources) {
      source.path = resolve(source.path, baseDir);
    }
  }

  /**
   * A URI with a scheme is kept; a relative local path is made absolute against the config's
   * folder.
   */
  static String resolve(String path, Path baseDir) {
    if (path == null || path.isBlank()) {
      return null;
    }
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || path.startsWith("file:")) {
      return path;
    }
    Path p = Path.of(path);
    return (p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p)).normalize().toString();
  }

  private static String pathOf(MismatchedInputException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    // The last element is the unknown key itself.
    String full = path.toString();
    if (e instanceof UnrecognizedPropertyException u) {
      int cut = full.lastIndexOf(u.getPropertyName());
      String parent = cut > 0 ? full.substring(0, cut) : "";
      return parent.endsWith(".") ? parent.substring(0, parent.length() - 1) : parent;
    }
    return full;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
