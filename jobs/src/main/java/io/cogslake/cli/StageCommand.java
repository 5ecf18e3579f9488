package io.cogslake.cli;

import io.cogslake.config.CogsConfig;
import io.cogslake.errors.Errors;
import io.cogslake.pipeline.Pipeline;
import io.cogslake.stage.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One stage for one period: the unit an Airflow task runs. */
abstract class StageCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  abstract String stage();

  /** The configuration the stage runs with; a stage's own options may narrow it. */
  CogsConfig configured(CogsConfig config) {
    return config;
  }

  @Override
  public Integer call() {
    var config = configured(LakeSession.loadConfig(options.conf));
    var periods = options.periods();
    try (LakeSession session = LakeSession.open(config, options.verbose, false)) {
      Pipeline.runStage(
          stage(),
          session.lake,
          RunContext.of(stage(), periods, options.strict, options.reopen, config));
    }
    return 0;
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = "Ingest the landing files of every source into bronze (and quarantine).")
  static final class Ingest extends StageCommand {
    @Override
    String stage() {
      return "ingest";
    }
  }

  @Command(
      name = "normalize",
      mixinStandardHelpOptions = true,
      description = "Normalize bronze billing rows into silver.ledger.")
  static final class Normalize extends StageCommand {
    @Override
    String stage() {
      return "normalize";
    }
  }

  @Command(
      name = "gold",
      mixinStandardHelpOptions = true,
      description = "Build the gold tables (and the reconciliation to invoices).")
  static final class Gold extends StageCommand {
    @Override
    String stage() {
      return "gold";
    }
  }

  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      description =
          "Re-price the periods' model calls under the configured simulations (gold.simulation, gold.simulation_customers).")
  static final class Simulate extends StageCommand {
    @Option(
        names = "--scenario",
        paramLabel = "NAME",
        description = "Only these simulations (repeatable); default every configured one.")
    List<String> scenarios = new ArrayList<>();

    @Override
    String stage() {
      return "simulate";
    }

    @Override
    CogsConfig configured(CogsConfig config) {
      if (scenarios.isEmpty()) {
        return config;
      }
      List<String> known = config.simulations.stream().map(s -> s.name).toList();
      for (String name : scenarios) {
        if (!known.contains(name)) {
          throw Errors.config(
              "Unknown simulation '%s': the configuration has %s",
              name, known.isEmpty() ? "none" : String.join(", ", known));
        }
      }
      config.simulations =
          config.simulations.stream().filter(s -> scenarios.contains(s.name)).toList();
      config.simulationsSelected = true;
      return config;
    }
  }

  @Command(
      name = "allocate",
      mixinStandardHelpOptions = true,
      description =
          "Split the ledger over customers, features and products (silver.cost_allocated).")
  static final class Allocate extends StageCommand {
    @Override
    String stage() {
      return "allocate";
    }
  }

  @Command(
      name = "classify",
      mixinStandardHelpOptions = true,
      description =
          "Classify the allocated cost by the versioned SQL rules (silver.cost_classified).")
  static final class Classify extends StageCommand {
    @Override
    String stage() {
      return "classify";
    }
  }
}
