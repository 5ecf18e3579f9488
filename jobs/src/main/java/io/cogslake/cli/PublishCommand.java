package io.cogslake.cli;

import io.cogslake.pipeline.RunContext;
import io.cogslake.pipeline.RunLog;
import io.cogslake.publish.PublishGoldJob;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Copies a period's gold tables to the warehouse (publish.*), replacing the period in one transaction. */
@Command(name = "publish", mixinStandardHelpOptions = true, description = "Copy a period's gold tables to the warehouse over JDBC, replacing that period in one transaction.")
final class PublishCommand implements Callable<Integer> {
  @Option(names = "--conf", required = true, paramLabel = "FILE", description = "Configuration file (YAML) with publish.jdbc_url, user, password, schema.")
  Path conf;

  @Option(names = "--period", required = true, paramLabel = "YYYY-MM", description = "The billing period to publish.")
  String period;

  @Option(names = "--verbose", description = "Stack traces and Spark logs.")
  boolean verbose;

  @Override
  public Integer call() {
    CommonOptions.requirePeriod(period);
    var config = LakeSession.loadConfig(conf);
    PublishGoldJob.validate(config.publish);
    try (LakeSession session = LakeSession.open(config, verbose, false)) {
      Instant started = Instant.now();
      PublishGoldJob.Result result = new PublishGoldJob(session.lake, config.publish).run(period);
      RunContext run = RunContext.of("publish", List.of(period), false, false, config);
      RunLog.record(session.lake, run, "publish", List.of(period), RunLog.inputChecksums(session.lake, List.of(period)), result.total(), result.total(), null, started);
      System.out.println("published period " + period + " to schema " + result.schema() + ": " + result.total() + " rows");
      result.rows().forEach((table, rows) -> System.out.println("  " + table + " " + rows));
    }
    return 0;
  }
}
