package io.cogslake.cli;

import io.cogslake.errors.Errors;
import io.cogslake.pipeline.ClosePeriodJob;
import io.cogslake.stage.RunContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Marks a billing period closed (final) or open again; both are recorded. */
abstract class PeriodStatusCommand implements Callable<Integer> {
  @Option(names = "--conf", required = true, paramLabel = "FILE")
  Path conf;

  @Option(names = "--period", required = true, paramLabel = "YYYY-MM")
  String period;

  @Option(names = "--verbose")
  boolean verbose;

  abstract ClosePeriodJob.Result apply(ClosePeriodJob job);

  abstract String command();

  /** Usage checks before Spark starts. */
  void validate() {}

  @Override
  public Integer call() {
    CommonOptions.requirePeriod(period);
    validate();
    var config = LakeSession.loadConfig(conf);
    try (LakeSession session = LakeSession.open(config, verbose, false)) {
      RunContext run =
          RunContext.of(command(), List.of(period), false, command().equals("reopen"), config);
      ClosePeriodJob.Result result = apply(new ClosePeriodJob(session.lake, run));
      if (result.reason() != null) {
        System.out.printf(
            "billing period %s closed, forced over %d failed checks (%s):%n",
            period, result.overridden().size(), result.reason());
        result.overridden().forEach(line -> System.out.println("  - " + line));
      } else {
        System.out.printf(
            "billing period %s is now %s%n",
            period, result.status().equals("closed") ? "closed (final)" : "open");
      }
    }
    return 0;
  }

  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = {
        "Mark a billing period final: stages refuse to rewrite it without --reopen.",
        "Refused (exit 3, a line per reason) unless gold is built, every invoice is tied, nothing is UNCLASSIFIED and"
            + " nothing is quarantined for the period; --force --reason TEXT closes it anyway and records why."
      })
  static final class Close extends PeriodStatusCommand {
    @Option(names = "--force", description = "Close even though checks fail (needs --reason).")
    boolean force;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Why the period is closed over failed checks (recorded).")
    String reason;

    @Override
    void validate() {
      if (force && (reason == null || reason.isBlank())) {
        throw Errors.forceWithoutReason();
      }
      if (!force && reason != null) {
        throw Errors.config(
            "--reason goes with --force: a period whose checks pass needs no reason");
      }
    }

    @Override
    ClosePeriodJob.Result apply(ClosePeriodJob job) {
      return job.close(period, force ? reason.strip() : null);
    }

    @Override
    String command() {
      return "close";
    }
  }

  @Command(
      name = "reopen",
      mixinStandardHelpOptions = true,
      description = "Open a closed billing period again.")
  static final class Reopen extends PeriodStatusCommand {
    @Override
    ClosePeriodJob.Result apply(ClosePeriodJob job) {
      return job.reopen(period);
    }

    @Override
    String command() {
      return "reopen";
    }
  }
}
