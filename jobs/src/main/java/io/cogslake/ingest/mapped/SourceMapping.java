package io.cogslake.ingest.mapped;

import io.cogslake.config.SafePredicate;
import io.cogslake.config.SourceConfig;
import io.cogslake.errors.Errors;
import io.cogslake.lake.SqlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.StructField;
import scala.collection.JavaConverters;

/**
 * The configuration of a {@code mapped_csv} source, checked: each ledger column it fills and the
 * expression over the file's columns that fills it (a bare column name is the simplest expression),
 * its tags, its provider, currency and workload. Every expression passes {@link SafePredicate}'s
 * allow-list, the one rule predicates pass: a mapping reads the row, it never runs code.
 * Configuration validation builds it (unknown ledger column, missing required mapping: exit 2),
 * ingest builds it again and checks it against each file's header ({@link #requireFileColumns}: a
 * file column the file lacks is exit 2, before a row is read).
 */
public final class SourceMapping {
  public static final String TYPE = "mapped_csv";
  static final String BRONZE_DDL = "tables/bronze/" + TYPE + ".ddl";

  /** Ledger columns every mapping fills. */
  static final List<String> REQUIRED = List.of("ChargePeriodStart", "BilledCost");

  /**
   * Bronze columns filled from other keys than {@code columns}: provider, tags and workload,
   * billing_period.
   */
  private static final Set<String> NOT_MAPPABLE = Set.of("Provider", "Tags", "PeriodDate");

  /** The contract's workload values (CONTRACT.md, tag keys). */
  static final Set<String> WORKLOADS =
      Set.of(
          "inference",
          "retrieval",
          "hosting",
          "third_party_ai",
          "human_review",
          "eval",
          "training",
          "fine_tuning",
          "labeling",
          "internal_tool",
          "experiment");

  /**
   * One configured expression: where it came from (for messages), its checked tree, the file
   * columns it reads.
   */
  public record Mapped(String what, Expression expression, Set<String> fileColumns) {}

  private final String source;
  private final String provider;
  private final String currency;
  private final String workload;
  private final Map<String, Mapped> columns;
  private final Map<String, Mapped> tags;
  private final Mapped periodDate;

  private SourceMapping(
      String source,
      String provider,
      String currency,
      String workload,
      Map<String, Mapped> columns,
      Map<String, Mapped> tags,
      Mapped periodDate) {
    this.source = source;
    this.provider = provider;
    this.currency = currency;
    this.workload = workload;
    this.columns = columns;
    this.tags = tags;
    this.periodDate = periodDate;
  }

  /** The ledger columns {@code columns} may name, in the bronze schema's order. */
  public static List<String> ledgerColumns() {
    List<String> names = new ArrayList<>();
    for (StructField f : SqlFiles.schema(BRONZE_DDL).fields()) {
      if (!f.name().startsWith("_")
          && !f.name().equals("billing_period")
          && !NOT_MAPPABLE.contains(f.name())) {
        names.add(f.name());
      }
    }
    return names;
  }

  /**
   * Checks the source's mapping keys; {@code where} names the source's place in the file ({@code
   * sources[2]}).
   */
  public static SourceMapping of(SourceConfig source, String where) {
    String name = source.name;
    if (source.provider == null || source.provider.isBlank()) {
      throw Errors.config(
          "Source %s: configuration key '%s.provider' is missing: a %s source names its provider (x_Provider, ServiceProviderName)",
          name, where, TYPE);
    }
    List<String> ledger = ledgerColumns();
    Map<String, Mapped> columns = new LinkedHashMap<>();
    source.columns.forEach(
        (column, text) -> {
          if (!ledger.contains(column)) {
            throw Errors.config(
                "Source %s: columns.%s is not a ledger column a %s source can fill (it maps file column %s); the ledger columns are %s",
                name, column, TYPE, text, String.join(", ", ledger));
          }
          columns.put(column, parse(name, "ledger column " + column, "columns." + column, text));
        });
    for (String required : REQUIRED) {
      if (!columns.containsKey(required)) {
        throw Errors.config(
            "Source %s: columns.%s is missing: a %s source maps %s to its file's columns",
            name, required, TYPE, String.join(" and ", REQUIRED));
      }
    }
    if (source.currency != null && columns.containsKey("BillingCurrency")) {
      throw Errors.config("Source %s: set currency or columns.BillingCurrency, not both", name);
    }
    if (source.currency == null && !columns.containsKey("BillingCurrency")) {
      throw Errors.config(
          "Source %s: the billing currency is missing: set currency (e.g. USD) or columns.BillingCurrency",
          name);
    }
    if (source.currency != null && !isIsoCurrency(source.currency)) {
      throw Errors.config(
          "Source %s: currency must be a 3-letter ISO 4217 code such as USD, not '%s'",
          name, source.currency);
    }
    if (source.workload != null && !WORKLOADS.contains(source.workload)) {
      throw Errors.config(
          "Source %s: workload must be one of %s, not '%s'",
          name, String.join(", ", new TreeSet<>(WORKLOADS)), source.workload);
    }
    Map<String, Mapped> tags = new LinkedHashMap<>();
    source.tags.forEach(
        (key, text) -> {
          if (!key.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw Errors.config(
                "Source %s: tags.%s is not a tag key (letters, digits and _)", name, key);
          }
          tags.put(key, parse(name, "tag " + key, "tags." + key, text));
        });
    Mapped periodDate =
        source.billingPeriod == null
            ? columns.get("ChargePeriodStart")
            : parse(name, "billing_period", "billing_period", source.billingPeriod);
    return new SourceMapping(
        name, source.provider.strip(), source.currency, source.workload, columns, tags, periodDate);
  }

  private static Mapped parse(String source, String what, String key, String text) {
    Expression expression = SafePredicate.check("Source " + source + ": " + key, text);
    Set<String> fileColumns = new LinkedHashSet<>();
    collectColumns(expression, fileColumns);
    return new Mapped(what, expression, fileColumns);
  }

  private static void collectColumns(Expression node, Set<String> out) {
    if (node instanceof UnresolvedAttribute a) {
      out.add(String.join(".", JavaConverters.seqAsJavaListConverter(a.nameParts()).asJava()));
    }
    for (Expression child : JavaConverters.seqAsJavaListConverter(node.children()).asJava()) {
      collectColumns(child, out);
    }
  }

  /**
   * Every file column the mapping reads is in the file's header (matched ignoring case, as Spark
   * resolves them); otherwise exit 2 naming the source, what maps the column, the column and the
   * file.
   */
  public void requireFileColumns(List<String> header, String file) {
    Set<String> present =
        header.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    for (Mapped mapped : all()) {
      for (String column : mapped.fileColumns()) {
        if (!present.contains(column.toLowerCase(Locale.ROOT))) {
          throw Errors.config(
              "Source %s: %s maps file column %s, which file %s does not have (its columns: %s)%s",
              source,
              mapped.what(),
              column,
              file,
              String.join(", ", header),
              column.contains(".")
                  ? "; a column name with dots or spaces goes in backticks: `" + column + "`"
                  : "");
        }
      }
    }
  }

  private List<Mapped> all() {
    List<Mapped> all = new ArrayList<>(columns.values());
    all.addAll(tags.values());
    all.add(periodDate);
    return all;
  }

  /** The file columns some mapping reads, lower-cased. */
  public Set<String> fileColumnsRead() {
    return all().stream()
        .flatMap(m -> m.fileColumns().stream())
        .map(c -> c.toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }

  public String source() {
    return source;
  }

  public String provider() {
    return provider;
  }

  /** The constant billing currency, or null when a column carries it. */
  public String currency() {
    return currency;
  }

  /** The default workload of every line, or null. */
  public String workload() {
    return workload;
  }

  /** Ledger column → its mapping, as configured (defaults are the reader's). */
  public Map<String, Mapped> columns() {
    return columns;
  }

  public Map<String, Mapped> tags() {
    return tags;
  }

  /**
   * What decides the billing period: {@code billing_period}, else the ChargePeriodStart mapping.
   */
  public Mapped periodDate() {
    return periodDate;
  }

  private static boolean isIsoCurrency(String code) {
    if (!code.matches("[A-Z]{3}")) {
      return false;
    }
    try {
      java.util.Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
