package io.cogslake.cli;

import io.cogslake.config.CogsConfig;
import io.cogslake.config.ConfigLoader;
import io.cogslake.generate.GenerateLandingJob;
import io.cogslake.generate.GenerateLandingJob.Spec;
import io.cogslake.lake.SqlFiles;
import io.cogslake.pipeline.ClosePeriodJob;
import io.cogslake.pipeline.Pipeline;
import io.cogslake.stage.PeriodGuard;
import io.cogslake.stage.RunContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/cogs demo}: no configuration needed. Generates a small landing zone under {@code
 * <lake>/landing}, runs every stage for every period with the shipped {@code conf/demo.yaml}, then
 * prints the margin summary per period on stdout (logs go to stderr).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Generate demo data, run every stage for every period, print the margin summary.")
final class DemoCommand implements Callable<Integer> {

  /** The demo's size: a few customers, three months, fast. */
  static final int CUSTOMERS = 12;

  static final int MONTHS = 3;
  static final long LEDGER_LINES = 3_000L;
  static final long EVENTS = 20_000L;
  static final long SEED = 42L;

  /**
   * The demo runs as on the open month's last day: its calls are all logged, its bills lag three
   * days behind (gold.daily_cost estimates those days from the priced calls) and it has no invoice.
   */
  static final int UNBILLED_DAYS = 3;

  @Option(
      names = "--lake",
      paramLabel = "DIR",
      description = "Lake folder (default ${DEFAULT-VALUE}); the landing zone goes to DIR/landing.")
  Path lake = Path.of("lake");

  @Option(names = "--verbose", description = "Stack traces and Spark logs.")
  boolean verbose;

  @Override
  public Integer call() {
    CogsConfig config = demoConfig(lake.toAbsolutePath().normalize());
    try (LakeSession session = LakeSession.open(config, verbose, false)) {
      String landing = lake.toAbsolutePath().normalize().resolve("landing").toString();
      new GenerateLandingJob(
              session.spark,
              new Spec(landing, CUSTOMERS, MONTHS, LEDGER_LINES, EVENTS, SEED, true, UNBILLED_DAYS))
          .run();
      Pipeline.runAll(session.lake, RunContext.of("demo", List.of(), false, false, config));
      printSummary(session, System.out);
      closeTheBooks(session, config, System.out);
    }
    return 0;
  }

  /** conf/demo.yaml (from the build) with its lake at {@code lakeDir}. */
  static CogsConfig demoConfig(Path lakeDir) {
    ConfigLoader loader =
        new ConfigLoader(
            name -> name.equals("COGS_DEMO_LAKE") ? lakeDir.toString() : System.getenv(name));
    CogsConfig config =
        loader.parse(
            SqlFiles.resource("conf/demo.yaml"), Path.of("").toAbsolutePath(), "conf/demo.yaml");
    config.lake = lakeDir.toString();
    return config;
  }

  /** The summary's sections, in order: title, then the report SQL that prints it. */
  private static final List<List<String>> SUMMARY =
      List.of(
          List.of("Margin summary per period (reporting currency)", "report/demo_summary.sql"),
          List.of(
              "The three customers with the worst margin, per period",
              "report/worst_customers.sql"),
          List.of(
              "Reconciliation to invoices and allocation coverage, per period and provider",
              "report/reconciliation_status.sql"),
          List.of(
              "Cost by provider and service category, and the AI share of each period's cost",
              "report/cost_summary.sql"),
          List.of(
              "AI COGS in its four parts (inference, infrastructure, retrieval, third-party AI), per period",
              "report/ai_cogs_parts.sql"),
          List.of(
              "Price plans tried on each customer's actual cost (pricing_scenarios), per period",
              "report/pricing_scenarios_summary.sql"),
          List.of(
              "What if: the shipped simulations on this company's calls (bin/cogs simulate), per period",
              "report/simulation_summary.sql"),
          List.of(
              "The open month so far (gold.month_to_date): billed, estimated from the priced calls, projected",
              "report/month_to_date_summary.sql"),
          List.of(
              "Budget against actual (gold.forecast_vs_actual), per period and budget line",
              "report/forecast_summary.sql"),
          List.of(
              "Why COGS moved from the month before (gold.cogs_bridge): volume, intensity, model mix, price and the rest",
              "report/cogs_bridge_summary.sql"),
          List.of(
              "Cost anomalies (gold.cost_anomalies): days above 3x their trailing 14-day median",
              "report/anomalies_summary.sql"),
          List.of(
              "Cost per user by tenure (gold.user_tenure): each cohort's mean cost per user, month by month",
              "report/user_tenure_summary.sql"));

  static void printSummary(LakeSession session, PrintStream out) {
    for (List<String> s : SUMMARY) {
      section(out, s.get(0));
      ResultPrinter.print(SqlFiles.query(session.spark, s.get(1), Map.of()), "table", out);
    }
    out.flush();
  }

  /**
   * Why the demo forces its second month closed: the generator's disputed GCP invoice
   * (Spec.disputedInvoice).
   */
  static final String DISPUTE_REASON =
      "gcp invoice disputed: it bills "
          + Spec.DISPUTED_AMOUNT
          + " USD the billing export does not show; credit note requested";

  /**
   * Month-end as finance runs it: every period but the last (the open month) is closed when its
   * checks pass; the one whose GCP invoice is disputed is refused, then forced with the reason, so
   * the lake holds a final, a forced final and a provisional period. A period closed by an earlier
   * demo run stays as it is.
   */
  static void closeTheBooks(LakeSession session, CogsConfig config, PrintStream out) {
    section(out, "Closing the books: every period but the open month (bin/cogs close)");
    List<String> periods =
        session
            .spark
            .sql("select distinct billing_period from gold.gross_margin order by 1")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList(); // one row per period
    ClosePeriodJob close =
        new ClosePeriodJob(session.lake, RunContext.of("demo", List.of(), false, false, config));
    for (String period : periods.subList(0, Math.max(periods.size() - 1, 0))) {
      if (new PeriodGuard(
              session.lake, RunContext.of("demo", List.of(period), false, false, config))
          .isClosed(period)) {
        out.printf("%s: closed by an earlier run%n", period);
        continue;
      }
      List<String> failed = close.failedChecks(period);
      if (failed.isEmpty()) {
        close.close(period, null);
        out.printf("%s: closed (final), every check passed%n", period);
      } else if (failed.stream().allMatch(line -> line.startsWith("provider gcp: "))) {
        out.printf("%s: close refused:%n", period);
        failed.forEach(line -> out.printf("  - %s%n", line));
        close.close(period, DISPUTE_REASON);
        out.printf("%s: closed (final) with --force --reason \"%s\"%n", period, DISPUTE_REASON);
      } else {
        out.printf("%s: close refused, left open:%n", period);
        failed.forEach(line -> out.printf("  - %s%n", line));
      }
    }
    if (!periods.isEmpty()) {
      out.printf(
          "%s: open (provisional): the month is still running%n", periods.get(periods.size() - 1));
    }
    ResultPrinter.print(
        SqlFiles.query(session.spark, "report/period_statuses.sql", Map.of()), "table", out);
  }

  private static void section(PrintStream out, String title) {
    out.println();
    out.println("== " + title);
  }
}
