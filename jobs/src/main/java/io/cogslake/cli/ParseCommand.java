package io.cogslake.cli;

import io.cogslake.config.SourceConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.DataFrameReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark's baseline: one forced full parse of every landing file with Spark's plain readers,
 * written to the {@code noop} sink. A full {@code run} is measured against it.
 */
@Command(name = "parse", mixinStandardHelpOptions = true, description = "Benchmark baseline: parse every landing file once (write to noop) and print the seconds.")
final class ParseCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ParseCommand.class);

  @Option(names = "--conf", required = true, paramLabel = "FILE") Path conf;
  @Option(names = "--verbose") boolean verbose;

  @Override
  public Integer call() {
    var config = LakeSession.loadConfig(conf);
    try (LakeSession session = LakeSession.open(config, verbose, true)) {
      long started = System.nanoTime();
      for (SourceConfig source : config.sources) {
        long t0 = System.nanoTime();
        DataFrameReader reader = session.spark.read();
        var rows =
            switch (source.type) {
              case "usage_events" -> reader.json(source.path);
              case "openai_usage", "openai_costs", "anthropic_usage", "anthropic_costs", "gcp_billing" -> reader.option("multiLine", "true").json(source.path);
              default -> reader.option("header", "true").option("escape", "\"").csv(source.path);
            };
        rows.write().format("noop").mode("overwrite").save();
        LOG.info("parsed {} in {} s", source.name, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
      }
      System.out.printf("parse_seconds=%.1f%n", (System.nanoTime() - started) / 1e9);
    }
    return 0;
  }
}
