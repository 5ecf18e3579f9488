package io.cogslake.cli;

import static org.apache.spark.sql.functions.col;

import io.cogslake.lake.Tables;
import io.cogslake.pipeline.RunContext;
import io.cogslake.pipeline.RunLog;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Marks a billing period closed (final) or open again; both are recorded. */
abstract class PeriodStatusCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodStatusCommand.class);

  @Option(names = "--conf", required = true, paramLabel = "FILE") Path conf;
  @Option(names = "--period", required = true, paramLabel = "YYYY-MM") String period;
  @Option(names = "--verbose") boolean verbose;

  abstract String status();

  @Override
  public Integer call() {
    CommonOptions.requirePeriod(period);
    var config = LakeSession.loadConfig(conf);
    try (LakeSession session = LakeSession.open(config, verbose, false)) {
      String command = status().equals("closed") ? "close" : "reopen";
      RunContext run = RunContext.of(command, List.of(period), false, command.equals("reopen"), config);
      Instant started = Instant.now();
      var row = RowFactory.create(status(), Timestamp.from(started), run.runId(), period);
      var schema = session.lake.read(Tables.PERIOD_STATUS).schema();
      session.lake.replace(Tables.PERIOD_STATUS, session.spark.createDataFrame(List.of(row), schema), col("billing_period").equalTo(period));
      RunLog.record(session.lake, run, command, List.of(period), RunLog.inputChecksums(session.lake, List.of(period)), 0, 0, null, started);
      LOG.info("billing period {} is now {}", period, status());
    }
    return 0;
  }

  @Command(name = "close", mixinStandardHelpOptions = true, description = "Mark a billing period final: stages refuse to rewrite it without --reopen.")
  static final class Close extends PeriodStatusCommand {
    @Override
    String status() {
      return "closed";
    }
  }

  @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Open a closed billing period again.")
  static final class Reopen extends PeriodStatusCommand {
    @Override
    String status() {
      return "open";
    }
  }
}
