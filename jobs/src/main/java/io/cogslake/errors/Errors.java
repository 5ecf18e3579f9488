package io.cogslake.errors;

import java.util.Collection;

/**
 * Every user-facing error is made here, so the wording stays consistent and tests can rely on it.
 * Exit codes follow the contract: 2 bad usage or configuration, 3 input that failed validation (or
 * a closed period touched without --reopen), 1 anything else.
 */
public final class Errors {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int VALIDATION = 3;

  private Errors() {}

  public static CogsException config(String format, Object... args) {
    return new CogsException(USAGE, String.format(format, args));
  }

  public static CogsException unknownConfigKey(String key, String where) {
    return config("Unknown configuration key '%s'%s", key, where.isEmpty() ? "" : " in " + where);
  }

  public static CogsException missingConfigKey(String key) {
    return config("Missing configuration key '%s'", key);
  }

  public static CogsException missingEnvironmentVariable(String variable, String key) {
    return config(
        "Configuration key '%s' refers to environment variable %s, which is not set",
        key, variable);
  }

  public static CogsException badPeriod(String value) {
    return config("Invalid billing period '%s': expected YYYY-MM", value);
  }

  public static CogsException badDay(String option, String value) {
    return config("Invalid %s '%s': expected a day, YYYY-MM-DD", option, value);
  }

  public static CogsException throughWithOtherPeriods(
      String day, String month, java.util.List<String> periods) {
    return config(
        "--through %s processes period %s; it cannot be combined with --period %s",
        day, month, String.join(", ", periods));
  }

  public static CogsException missingColumns(
      String file, String sourceType, Collection<String> columns) {
    return new CogsException(
        VALIDATION,
        String.format(
            "File %s is not a %s file: missing mandatory columns %s",
            file, sourceType, String.join(", ", columns)));
  }

  /**
   * A header that names a column twice: which copy holds the figures cannot be known, so neither is
   * guessed.
   */
  public static CogsException duplicateColumn(
      String file, String sourceType, String column, Collection<Integer> positions) {
    return new CogsException(
        VALIDATION,
        String.format(
            "File %s is not a readable %s file: column %s appears at positions %s",
            file, sourceType, column, joinPositions(positions)));
  }

  /**
   * A landing file that cannot be read at all (corrupt or truncated compression, unparsable
   * header).
   */
  public static CogsException unreadableFile(String file, String reason) {
    return new CogsException(VALIDATION, String.format("File %s cannot be read: %s", file, reason));
  }

  private static String joinPositions(Collection<Integer> positions) {
    java.util.List<String> text = positions.stream().map(String::valueOf).toList();
    if (text.size() <= 1) {
      return String.join("", text);
    }
    return String.join(", ", text.subList(0, text.size() - 1))
        + " and "
        + text.get(text.size() - 1);
  }

  public static CogsException quarantined(
      String source, String file, long record, String period, String reason) {
    return new CogsException(
        VALIDATION,
        String.format(
            "Source %s, file %s, record %d (period %s) failed validation: %s (--strict)",
            source, file, record, period, reason));
  }

  public static CogsException periodClosed(String period, String stage) {
    return new CogsException(
        VALIDATION,
        String.format(
            "Billing period %s is closed: %s would rewrite it; run with --reopen to change a closed period",
            period, stage));
  }

  /** close found the period not ready: one line per reason, and how to go ahead anyway. */
  public static CogsException closeRefused(String period, java.util.List<String> reasons) {
    return new CogsException(
        VALIDATION,
        String.format(
            "Billing period %s cannot be closed:%n  - %s%nFix these and re-run the job for the period, or close it anyway with --force --reason TEXT (recorded)",
            period, String.join(String.format("%n  - "), reasons)));
  }

  public static CogsException forceWithoutReason() {
    return config("--force needs --reason TEXT: a period closed over failed checks records why");
  }

  public static CogsException missingFxRate(String currency, String period) {
    return config(
        "No exchange rate for currency %s in billing period %s: add it to the fx_rates file",
        currency, period);
  }

  /** A simulation moves calls to a model the price book cannot price: never a zero. */
  public static CogsException missingSimulationPrice(
      String simulation, String tokenType, String provider, String model, Object day) {
    return config(
        "Simulation %s: the price book has no %s price for model %s of provider %s on %s (add it to prices, or pick a priced model)",
        simulation, tokenType, model, provider, day);
  }

  public static CogsException unknownTable(String name) {
    return config("Unknown table '%s'", name);
  }

  /** export --table takes a catalog name of the lake (layer.table), not a path or SQL. */
  public static CogsException badTableName(String name) {
    return config(
        "--table '%s' is not a lake table name: expected layer.table, e.g. gold.gross_margin (bronze, silver or gold)",
        name);
  }

  /** A rule predicate that does not parse (or is empty); {@code subject} names the rule. */
  public static CogsException badPredicate(String subject, String reason) {
    return config("%s %s", subject, reason);
  }

  /**
   * A rule predicate that uses something beyond the allow-list (a function, a sub-query, a
   * lambda...).
   */
  public static CogsException unsafePredicate(String subject, String what) {
    return config(
        "%s may not use %s: a predicate may only test the row with its columns, literals, comparisons, boolean logic,"
            + " in, like, case, cast and the allowed functions (README, rule predicates)",
        subject, what);
  }

  /** bin/cogs sql refused a statement that is not one read-only query; {@code kind} names it. */
  public static CogsException notReadOnly(String kind, String reason) {
    return config(
        "sql is read-only: %s is refused (%s); run one SELECT, WITH, VALUES, TABLE, SHOW or DESCRIBE statement",
        kind, reason);
  }

  /**
   * bin/cogs sql got text that does not parse as exactly one statement (two statements, a typo).
   */
  public static CogsException notOneStatement(String parseError) {
    return config(
        "sql runs exactly one read-only statement, and this text is not one: %s", parseError);
  }

  public static CogsException failure(String format, Object... args) {
    return new CogsException(FAILURE, String.format(format, args));
  }
}
