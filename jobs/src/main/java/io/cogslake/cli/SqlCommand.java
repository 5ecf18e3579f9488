package io.cogslake.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description =
        "Run one read-only query (SELECT, WITH, SHOW, DESCRIBE) against the lake's tables and print the result on stdout.")
final class SqlCommand implements Callable<Integer> {
  @Option(names = "--conf", required = true, paramLabel = "FILE")
  Path conf;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (JSON lines).")
  String format;

  @Option(names = "--verbose")
  boolean verbose;

  @Parameters(
      paramLabel = "QUERY",
      description = "A Spark SQL query, e.g. \"select * from gold.gross_margin\".")
  String query;

  @Override
  public Integer call() {
    if (!java.util.Set.of("table", "csv", "json").contains(format)) {
      throw io.cogslake.errors.Errors.config(
          "--format must be table, csv or json, not '%s'", format);
    }
    var config = LakeSession.loadConfig(conf);
    try (LakeSession session = LakeSession.open(config, verbose, true)) {
      ReadOnlySql.check(session.spark, query); // writing is what the stages do
      ResultPrinter.print(session.spark.sql(query), format, System.out);
    }
    return 0;
  }
}
