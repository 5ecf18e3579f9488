package io.cogslake.reference;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.cogslake.config.CogsConfig;
import io.cogslake.errors.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The small reference tables the transforms join against (broadcast): provider spellings, model
 * alias patterns, the price book, exchange rates and tag aliases. Shipped defaults live in {@code
 * conf/reference/} on the classpath; the configuration may point to its own files.
 */
public final class ReferenceData {
  /** Tag keys and values understood without configuration. */
  static final Map<String, String> DEFAULT_KEY_ALIASES =
      Map.of("environment", "env", "stage", "env", "cost_center", "team", "application", "product");

  static final Map<String, Map<String, String>> DEFAULT_VALUE_ALIASES =
      Map.of(
          "env",
          Map.of(
              "production",
              "prod",
              "prd",
              "prod",
              "development",
              "dev",
              "stage",
              "staging",
              "stg",
              "staging",
              "testing",
              "test"));

  private final SparkSession spark;
  private final CogsConfig config;

  public ReferenceData(SparkSession spark, CogsConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Registers every reference view the SQL transforms use. */
  public void registerViews() {
    providerAliases();
    modelAliases();
    prices();
    fxRates();
    tagAliases();
  }

  void providerAliases() {
    StructType schema =
        new StructType()
            .add("spelling", DataTypes.StringType)
            .add("provider", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (String[] r : csv(null, "conf/reference/provider_aliases.csv", "spelling", "provider")) {
      rows.add(RowFactory.create(r[0], r[1]));
    }
    spark.createDataFrame(rows, schema).createOrReplaceTempView("provider_aliases");
  }

  void modelAliases() {
    StructType schema =
        new StructType()
            .add("priority", DataTypes.IntegerType)
            .add("provider", DataTypes.StringType)
            .add("raw", DataTypes.StringType)
            .add("pattern", DataTypes.StringType)
            .add("model", DataTypes.StringType)
            .add("token_type", DataTypes.StringType)
            .add("unit_multiplier", DataTypes.createDecimalType(20, 0))
            .add("publisher", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    String file = config.models.aliases;
    int priority = 0;
    for (String[] r :
        csv(
            file,
            "conf/reference/model_aliases.csv",
            "provider",
            "raw",
            "model",
            "token_type",
            "unit_multiplier",
            "publisher?")) {
      // A literal or a regular expression over the whole string, case-insensitive.
      String pattern = "(?i)^(?:" + r[1] + ")$";
      try {
        java.util.regex.Pattern.compile(pattern);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw Errors.config(
            "Model alias '%s' in %s is not a valid pattern: %s",
            r[1], file == null ? "the shipped aliases" : file, e.getDescription());
      }
      BigDecimal multiplier = r[4] == null ? BigDecimal.ONE : new BigDecimal(r[4]);
      rows.add(
          RowFactory.create(
              priority++,
              r[0].toLowerCase(),
              r[1],
              pattern,
              r[2],
              emptyToNull(r[3]),
              multiplier,
              emptyToNull(r[5])));
    }
    spark.createDataFrame(rows, schema).createOrReplaceTempView("model_aliases");
  }

  void prices() {
    StructType schema =
        new StructType()
            .add("provider", DataTypes.StringType)
            .add("model", DataTypes.StringType)
            .add("token_type", DataTypes.StringType)
            .add("price_per_million", DataTypes.createDecimalType(20, 10))
            .add("currency", DataTypes.StringType)
            .add("effective_from", DataTypes.DateType)
            .add("effective_to", DataTypes.DateType)
            .add("tier", DataTypes.StringType)
            .add("context_band", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (String[] r :
        csv(
            config.prices,
            "conf/reference/prices.csv",
            "provider",
            "model",
            "token_type",
            "price_per_million",
            "currency",
            "effective_from",
            "effective_to?",
            "tier?",
            "context_band?")) {
      rows.add(
          RowFactory.create(
              r[0],
              r[1],
              r[2],
              new BigDecimal(r[3]),
              r[4],
              java.sql.Date.valueOf(r[5]),
              r[6] == null ? null : java.sql.Date.valueOf(r[6]),
              emptyToNull(r[7]),
              emptyToNull(r[8])));
    }
    // price_book: every row (tiers such as batch and cache_1h, context bands); prices: the list
    // prices only,
    // one per provider, model, token type and day, which is what the transforms that do not know
    // tiers join to
    spark.createDataFrame(rows, schema).createOrReplaceTempView("price_book");
    spark
        .table("price_book")
        .filter("tier is null and context_band is null")
        .createOrReplaceTempView("prices");
  }

  void fxRates() {
    StructType schema =
        new StructType()
            .add("currency", DataTypes.StringType)
            .add("billing_period", DataTypes.StringType)
            .add("rate", DataTypes.createDecimalType(38, 18));
    List<Row> rows = new ArrayList<>();
    if (config.fxRates != null) {
      for (String[] r : csv(config.fxRates, null, "currency", "billing_period", "rate")) {
        rows.add(RowFactory.create(r[0].toUpperCase(), r[1], new BigDecimal(r[2])));
      }
    }
    spark.createDataFrame(rows, schema).createOrReplaceTempView("fx_rates");
  }

  void tagAliases() {
    StructType keys =
        new StructType()
            .add("provider", DataTypes.StringType)
            .add("their_key", DataTypes.StringType)
            .add("contract_key", DataTypes.StringType);
    List<Row> keyRows = new ArrayList<>();
    DEFAULT_KEY_ALIASES.forEach((k, v) -> keyRows.add(RowFactory.create("*", k, v)));
    config.tags.aliases.forEach(
        (provider, map) ->
            map.forEach((k, v) -> keyRows.add(RowFactory.create(provider.toLowerCase(), k, v))));
    spark.createDataFrame(keyRows, keys).createOrReplaceTempView("tag_key_aliases");

    StructType values =
        new StructType()
            .add("contract_key", DataTypes.StringType)
            .add("their_value", DataTypes.StringType)
            .add("contract_value", DataTypes.StringType);
    Map<String, Map<String, String>> merged = new LinkedHashMap<>();
    DEFAULT_VALUE_ALIASES.forEach(
        (k, m) -> merged.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(m));
    config.tags.values.forEach(
        (k, m) -> merged.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(m));
    List<Row> valueRows = new ArrayList<>();
    merged.forEach(
        (key, m) ->
            m.forEach((theirs, ours) -> valueRows.add(RowFactory.create(key, theirs, ours))));
    spark.createDataFrame(valueRows, values).createOrReplaceTempView("tag_value_aliases");
  }

  /**
   * Rows of a small CSV: the configured file (any Hadoop path) or the shipped resource. Columns are
   * picked by header name; a name ending in ? is optional.
   */
  List<String[]> csv(String file, String resource, String... columns) {
    String origin = file != null ? file : resource;
    try (InputStream in =
        file != null
            ? new Path(file)
                .getFileSystem(spark.sparkContext().hadoopConfiguration())
                .open(new Path(file))
            : getClass().getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw Errors.failure("Reference file %s is missing from the build", resource);
      }
      CsvParserSettings settings = new CsvParserSettings();
      settings.setHeaderExtractionEnabled(true);
      settings.setLineSeparatorDetectionEnabled(true);
      CsvParser parser = new CsvParser(settings);
      List<String[]> all = parser.parseAll(new InputStreamReader(in, StandardCharsets.UTF_8));
      String[] header = parser.getContext().headers();
      int[] index = new int[columns.length];
      for (int i = 0; i < columns.length; i++) {
        String name = columns[i].replace("?", "");
        index[i] = indexOf(header, name);
        if (index[i] < 0 && !columns[i].endsWith("?")) {
          throw Errors.config("Reference file %s has no column '%s'", origin, name);
        }
      }
      List<String[]> out = new ArrayList<>();
      for (String[] line : all) {
        String[] picked = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
          picked[i] = index[i] < 0 || index[i] >= line.length ? null : emptyToNull(line[index[i]]);
        }
        out.add(picked);
      }
      return out;
    } catch (IOException e) {
      throw Errors.config("Cannot read reference file %s: %s", origin, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw Errors.config("Reference file %s has an invalid value: %s", origin, e.getMessage());
    }
  }

  private static int indexOf(String[] header, String name) {
    for (int i = 0; header != null && i < header.length; i++) {
      if (name.equalsIgnoreCase(header[i] == null ? "" : header[i].strip())) {
        return i;
      }
    }
    return -1;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
