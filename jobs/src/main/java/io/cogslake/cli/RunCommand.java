package io.cogslake.cli;

import io.cogslake.errors.Errors;
import io.cogslake.pipeline.Pipeline;
import io.cogslake.stage.RunContext;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run every stage, in order, for the given periods (default: every period in the landing zone).")
final class RunCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Option(
      names = "--through",
      paramLabel = "YYYY-MM-DD",
      description =
          "Process the open month so far: its period, with gold.month_to_date as of this day (the daily schedule).")
  String through;

  @Override
  public Integer call() {
    var config = LakeSession.loadConfig(options.conf);
    var periods = options.periods();
    LocalDate day = null;
    if (through != null) {
      day = CommonOptions.day("--through", through);
      String month = day.toString().substring(0, 7);
      if (!periods.isEmpty() && !periods.equals(List.of(month))) {
        throw Errors.throughWithOtherPeriods(through, month, periods);
      }
      periods = List.of(month);
    }
    try (LakeSession session = LakeSession.open(config, options.verbose, false)) {
      Pipeline.runAll(
          session.lake,
          RunContext.of("run", periods, options.strict, options.reopen, config).through(day));
    }
    return 0;
  }
}
