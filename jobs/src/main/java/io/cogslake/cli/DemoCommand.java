package io.cogslake.cli;

import io.cogslake.config.CogsConfig;
import io.cogslake.config.ConfigLoader;
import io.cogslake.config.SourceConfig;
import io.cogslake.generate.GenerateLandingJob;
import io.cogslake.generate.GenerateLandingJob.Spec;
import io.cogslake.ingest.SourceReaders;
import io.cogslake.lake.SqlFiles;
import io.cogslake.pipeline.Pipeline;
import io.cogslake.pipeline.RunContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/cogs demo}: no configuration needed. Generates a small landing zone under
 * {@code <lake>/landing}, runs every stage for every period with the shipped {@code conf/demo.yaml},
 * then prints the margin summary per period on stdout (logs go to stderr).
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Generate demo data, run every stage for every period, print the margin summary.")
final class DemoCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  /** The demo's size: a few customers, three months, fast. */
  static final int CUSTOMERS = 12;
  static final int MONTHS = 3;
  static final long LEDGER_LINES = 3_000L;
  static final long EVENTS = 20_000L;
  static final long SEED = 42L;

  @Option(names = "--lake", paramLabel = "DIR", description = "Lake folder (default ${DEFAULT-VALUE}); the landing zone goes to DIR/landing.")
  Path lake = Path.of("lake");

  @Option(names = "--verbose", description = "Stack traces and Spark logs.")
  boolean verbose;

  @Override
  public Integer call() {
    CogsConfig config = demoConfig(lake.toAbsolutePath().normalize());
    try (LakeSession session = LakeSession.open(config, verbose, false)) {
      String landing = lake.toAbsolutePath().normalize().resolve("landing").toString();
      new GenerateLandingJob(session.spark, new Spec(landing, CUSTOMERS, MONTHS, LEDGER_LINES, EVENTS, SEED)).run();
      Pipeline.runAll(session.lake, RunContext.of("demo", List.of(), false, false, config));
      printSummary(session, System.out);
    }
    return 0;
  }

  /**
   * conf/demo.yaml (from the build) with its lake at {@code lakeDir}, keeping only the sources whose type
   * this build reads: the others are skipped with a warning.
   */
  static CogsConfig demoConfig(Path lakeDir) {
    ConfigLoader loader = new ConfigLoader(name -> name.equals("COGS_DEMO_LAKE") ? lakeDir.toString() : System.getenv(name));
    CogsConfig config = loader.parse(SqlFiles.resource("conf/demo.yaml"), Path.of("").toAbsolutePath(), "conf/demo.yaml");
    config.lake = lakeDir.toString();
    List<SourceConfig> supported = config.sources.stream().filter(s -> SourceReaders.supports(s.type)).toList();
    config.sources.stream()
        .filter(s -> !SourceReaders.supports(s.type))
        .forEach(s -> LOG.warn("demo: skipping source {} ({}): this build does not read source type {} yet", s.name, s.path, s.type));
    config.sources = new java.util.ArrayList<>(supported);
    return config;
  }

  static void printSummary(LakeSession session, PrintStream out) {
    section(out, "Margin summary per period (reporting currency)");
    ResultPrinter.print(SqlFiles.query(session.spark, "report/demo_summary.sql", Map.of()), "table", out);
    section(out, "The three customers with the worst margin, per period");
    ResultPrinter.print(SqlFiles.query(session.spark, "report/worst_customers.sql", Map.of()), "table", out);
    section(out, "Reconciliation to invoices and allocation coverage, per period and provider");
    ResultPrinter.print(SqlFiles.query(session.spark, "report/reconciliation_status.sql", Map.of()), "table", out);
    section(out, "Cost by provider and service category, and the AI share of each period's cost");
    ResultPrinter.print(SqlFiles.query(session.spark, "report/cost_summary.sql", Map.of()), "table", out);
    out.flush();
  }

  private static void section(PrintStream out, String title) {
    out.println();
    out.println("== " + title);
  }
}
