package io.cogslake.classify;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.cogslake.config.SafePredicate;
import io.cogslake.errors.Errors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * A classification rules file (format: sql/classification/README.md): a declared label, then rules
 * in order, each a P&L category, a cost component and a SQL predicate that may only test the row.
 * The rules version is the label plus a hash of the content, so the same label cannot hide other
 * rules.
 */
public final class RulesFile {
  public static final Set<String> CATEGORIES =
      Set.of("COGS", "OPEX_SM", "OPEX_GA", "RND", "CAPITALIZED", "UNCLASSIFIED");
  public static final String POLICY_FINE_TUNING = "POLICY_FINE_TUNING";
  public static final Set<String> COMPONENTS =
      Set.of(
          "inference",
          "infrastructure",
          "retrieval",
          "third_party_ai",
          "human_review",
          "eval",
          "training",
          "fine_tuning",
          "credits_fees",
          "other");
  private static final Pattern LABEL = Pattern.compile("^--\\s*rules_version:\\s*(\\S+)\\s*$");
  private static final Pattern RULE =
      Pattern.compile(
          "^--\\s*rule:\\s*([A-Za-z0-9_]+)\\s*\\|\\s*category:\\s*([A-Z_]+)\\s*\\|\\s*component:\\s*([a-z_]+)\\s*$");

  /** One rule: its predicate text and where it lands. */
  public record Rule(String id, String category, String component, String predicate) {}

  private final String origin;
  private final String label;
  private final String content;
  private final List<Rule> rules;

  private RulesFile(String origin, String label, String content, List<Rule> rules) {
    this.origin = origin;
    this.label = label;
    this.content = content;
    this.rules = rules;
  }

  public static RulesFile parse(String content, String origin) {
    String label = null;
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    String[] header = null;
    StringBuilder predicate = new StringBuilder();
    for (String line :
        (content + "\n-- rule: end_of_file | category: COGS | component: other").lines().toList()) {
      String trimmed = line.strip();
      Matcher labelMatch = LABEL.matcher(trimmed);
      Matcher ruleMatch = RULE.matcher(trimmed);
      if (labelMatch.matches()) {
        label = labelMatch.group(1);
      } else if (ruleMatch.matches()) {
        if (header != null) {
          rules.add(check(header, predicate.toString().strip(), origin));
        }
        header = new String[] {ruleMatch.group(1), ruleMatch.group(2), ruleMatch.group(3)};
        if (!ruleMatch.group(1).equals("end_of_file") && !ids.add(ruleMatch.group(1))) {
          throw Errors.config(
              "Rules file %s: rule %s is defined twice", origin, ruleMatch.group(1));
        }
        predicate.setLength(0);
      } else if (!trimmed.startsWith("--") && !trimmed.isEmpty()) {
        if (header == null) {
          throw Errors.config(
              "Rules file %s: '%s' stands before the first '-- rule:' line", origin, trimmed);
        }
        predicate.append(line).append('\n');
      }
    }
    if (label == null) {
      throw Errors.config("Rules file %s has no '-- rules_version: <label>' line", origin);
    }
    if (rules.isEmpty()) {
      throw Errors.config("Rules file %s has no rules", origin);
    }
    return new RulesFile(origin, label, content, List.copyOf(rules));
  }

  private static Rule check(String[] header, String predicate, String origin) {
    String id = header[0];
    if (!CATEGORIES.contains(header[1]) && !header[1].equals(POLICY_FINE_TUNING)) {
      throw Errors.config(
          "Rules file %s, rule %s: category must be one of %s, not %s",
          origin, id, CATEGORIES, header[1]);
    }
    if (!COMPONENTS.contains(header[2])) {
      throw Errors.config(
          "Rules file %s, rule %s: component must be one of %s, not %s",
          origin, id, COMPONENTS, header[2]);
    }
    if (predicate.isEmpty() || predicate.contains(";")) {
      throw Errors.config(
          "Rules file %s, rule %s: a rule is one SQL predicate that tests a row", origin, id);
    }
    SafePredicate.check(subject(origin, id), predicate);
    return new Rule(id, header[1], header[2], predicate);
  }

  public String label() {
    return label;
  }

  public String content() {
    return content;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** Declared label + the first 12 hex digits of the content's SHA-256. */
  public String version() {
    return label + "+" + contentHash().substring(0, 12);
  }

  public String contentHash() {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The id of the first rule whose predicate holds; {@code unclassified} when none does. */
  public Column firstMatchingRule() {
    Column chosen = null;
    for (Rule rule : rules) {
      Column predicate = SafePredicate.column(subject(origin, rule.id()), rule.predicate());
      chosen =
          chosen == null ? when(predicate, lit(rule.id())) : chosen.when(predicate, lit(rule.id()));
    }
    return chosen.otherwise(lit("unclassified")).cast(DataTypes.StringType);
  }

  public String origin() {
    return origin;
  }

  private static String subject(String origin, String id) {
    return "Rules file " + origin + ", rule " + id + ": the predicate";
  }
}
