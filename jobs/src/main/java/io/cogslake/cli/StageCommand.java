package io.cogslake.cli;

import io.cogslake.pipeline.Pipeline;
import io.cogslake.pipeline.RunContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** One stage for one period: the unit an Airflow task runs. */
abstract class StageCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  abstract String stage();

  @Override
  public Integer call() {
    var config = LakeSession.loadConfig(options.conf);
    var periods = options.periods();
    try (LakeSession session = LakeSession.open(config, options.verbose, false)) {
      Pipeline.runStage(stage(), session.lake, RunContext.of(stage(), periods, options.strict, options.reopen, config));
    }
    return 0;
  }

  @Command(name = "ingest", mixinStandardHelpOptions = true, description = "Ingest the landing files of every source into bronze (and quarantine).")
  static final class Ingest extends StageCommand {
    @Override
    String stage() {
      return "ingest";
    }
  }

  @Command(name = "normalize", mixinStandardHelpOptions = true, description = "Normalize bronze billing rows into silver.ledger.")
  static final class Normalize extends StageCommand {
    @Override
    String stage() {
      return "normalize";
    }
  }

  @Command(name = "gold", mixinStandardHelpOptions = true, description = "Build the gold tables (and the reconciliation to invoices).")
  static final class Gold extends StageCommand {
    @Override
    String stage() {
      return "gold";
    }
  }

  @Command(name = "allocate", mixinStandardHelpOptions = true, description = "Split the ledger over customers, features and products (silver.cost_allocated).")
  static final class Allocate extends StageCommand {
    @Override
    String stage() {
      return "allocate";
    }
  }

  @Command(name = "classify", mixinStandardHelpOptions = true, description = "Classify the allocated cost by the versioned SQL rules (silver.cost_classified).")
  static final class Classify extends StageCommand {
    @Override
    String stage() {
      return "classify";
    }
  }
}
