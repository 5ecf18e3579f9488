package io.cogslake.cli;

import io.cogslake.errors.Errors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that run stages. */
public final class CommonOptions {
  @Option(
      names = "--conf",
      required = true,
      paramLabel = "FILE",
      description = "Configuration file (YAML).")
  Path conf;

  @Option(
      names = "--period",
      paramLabel = "YYYY-MM",
      description = "Billing period(s) to process; default: every period found.")
  List<String> periods = new ArrayList<>();

  @Option(names = "--strict", description = "Fail (exit 3) instead of quarantining bad rows.")
  boolean strict;

  @Option(
      names = "--reopen",
      description = "Allow rewriting a closed period (recorded in silver.run_log).")
  boolean reopen;

  @Option(names = "--verbose", description = "Stack traces and Spark logs.")
  boolean verbose;

  List<String> periods() {
    for (String p : periods) {
      requirePeriod(p);
    }
    return periods.stream().distinct().sorted().toList();
  }

  /** A calendar day, YYYY-MM-DD (2025-02-30 is refused, not moved to March). */
  static java.time.LocalDate day(String option, String value) {
    try {
      return java.time.LocalDate.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw Errors.badDay(option, value);
    }
  }

  static String requirePeriod(String value) {
    if (value == null || !value.matches("\\d{4}-(0[1-9]|1[0-2])")) {
      throw Errors.badPeriod(value);
    }
    return value;
  }
}
