package io.cogslake.cli;

import io.cogslake.generate.GenerateLandingJob;
import io.cogslake.generate.GenerateLandingJob.Spec;
import io.cogslake.lake.SparkSessions;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/cogs generate}: a synthetic landing zone in the providers' formats, deterministic per
 * seed.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Write a synthetic landing zone (FOCUS bills for AWS, Azure and GCP, usage events, usage metrics, revenue, invoices).")
final class GenerateCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Landing folder to write (each source's folder is replaced).")
  String out;

  @Option(
      names = "--customers",
      paramLabel = "N",
      description = "Customers (default ${DEFAULT-VALUE}).")
  int customers = Spec.DEFAULT_CUSTOMERS;

  @Option(
      names = "--months",
      paramLabel = "N",
      description = "Billing periods from 2025-01 (default ${DEFAULT-VALUE}).")
  int months = Spec.DEFAULT_MONTHS;

  @Option(
      names = "--ledger-lines",
      paramLabel = "N",
      description = "FOCUS lines over the three bills (default ${DEFAULT-VALUE}).")
  long ledgerLines = Spec.DEFAULT_LEDGER_LINES;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Usage events, one per model call (default ${DEFAULT-VALUE}).")
  long events = Spec.DEFAULT_EVENTS;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed: the same seed writes the same files (default ${DEFAULT-VALUE}).")
  long seed = Spec.DEFAULT_SEED;

  @Option(
      names = "--unbilled-days",
      paramLabel = "N",
      description =
          "Leave the last month open: its bills stop N days before its calls do, with no tax, credit,"
              + " rounding or invoice yet (default ${DEFAULT-VALUE}).")
  int unbilledDays = 0;

  @Option(names = "--verbose", description = "Stack traces and Spark logs.")
  boolean verbose;

  @Override
  public Integer call() {
    Spec spec = new Spec(out, customers, months, ledgerLines, events, seed, false, unbilledDays);
    if (verbose) {
      Configurator.setRootLevel(Level.INFO);
    }
    boolean ownsSpark = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.getOrCreate("local[*]", Map.of());
    if (!verbose && ownsSpark) {
      spark.sparkContext().setLogLevel("ERROR");
    }
    try {
      GenerateLandingJob.Result result = new GenerateLandingJob(spark, spec).run();
      result.rows().forEach((output, rows) -> System.out.printf("%s=%d%n", output, rows));
      System.out.printf(
          "ledger_lines=%d%nfiles=%d%nperiods=%s%n",
          result.ledgerLines(), result.files(), String.join(",", result.periods()));
    } finally {
      if (ownsSpark) {
        spark.stop();
      }
    }
    return 0;
  }
}
