package io.cogslake.cli;

import io.cogslake.pipeline.Pipeline;
import io.cogslake.stage.RunContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run every stage, in order, for the given periods (default: every period in the landing zone).")
final class RunCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Override
  public Integer call() {
    var config = LakeSession.loadConfig(options.conf);
    var periods = options.periods();
    try (LakeSession session = LakeSession.open(config, options.verbose, false)) {
      Pipeline.runAll(session.lake, RunContext.of("run", periods, options.strict, options.reopen, config));
    }
    return 0;
  }
}
