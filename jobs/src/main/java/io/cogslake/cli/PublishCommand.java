package io.cogslake.cli;

import io.cogslake.pipeline.Pipeline;
import io.cogslake.publish.PublishGoldJob;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.StageResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Copies a period's gold tables to the warehouse (publish.*), replacing the period in one
 * transaction.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description =
        "Copy a period's gold tables to the warehouse over JDBC, replacing that period in one transaction.")
final class PublishCommand implements Callable<Integer> {
  @Option(
      names = "--conf",
      required = true,
      paramLabel = "FILE",
      description = "Configuration file (YAML) with publish.jdbc_url, user, password, schema.")
  Path conf;

  @Option(
      names = "--period",
      required = true,
      paramLabel = "YYYY-MM",
      description = "The billing period to publish.")
  String period;

  @Option(names = "--verbose", description = "Stack traces and Spark logs.")
  boolean verbose;

  @Override
  public Integer call() {
    CommonOptions.requirePeriod(period);
    var config = LakeSession.loadConfig(conf);
    PublishGoldJob.validate(config.publish);
    try (LakeSession session = LakeSession.open(config, verbose, false)) {
      RunContext run = RunContext.of("publish", List.of(period), false, false, config);
      var published = new AtomicReference<PublishGoldJob.Result>();
      Pipeline.run(
          session.lake,
          run,
          "publish",
          () -> {
            published.set(new PublishGoldJob(session.lake, config.publish).run(period));
            return new StageResult(
                "publish", List.of(period), published.get().total(), published.get().total(), null);
          });
      PublishGoldJob.Result result = published.get();
      System.out.println(
          "published period "
              + period
              + " to schema "
              + result.schema()
              + ": "
              + result.total()
              + " rows");
      result.rows().forEach((table, rows) -> System.out.println("  " + table + " " + rows));
    }
    return 0;
  }
}
