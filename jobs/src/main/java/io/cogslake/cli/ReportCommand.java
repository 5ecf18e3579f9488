package io.cogslake.cli;

import io.cogslake.pipeline.Pipeline;
import io.cogslake.report.BuildMonthEndReportJob;
import io.cogslake.stage.RunContext;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the month-end pack of a period: a workbook (.xlsx) and an HTML page with charts. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Write the month-end pack of a period: a workbook (.xlsx) and an HTML page with charts.")
final class ReportCommand implements Callable<Integer> {
  @Option(
      names = "--conf",
      required = true,
      paramLabel = "FILE",
      description = "Configuration file (YAML).")
  Path conf;

  @Option(
      names = "--period",
      required = true,
      paramLabel = "YYYY-MM",
      description = "The billing period to report.")
  String period;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder to write the workbook, the page and its charts into.")
  Path out;

  @Option(names = "--verbose", description = "Stack traces and Spark logs.")
  boolean verbose;

  @Override
  public Integer call() {
    CommonOptions.requirePeriod(period);
    var config = LakeSession.loadConfig(conf);
    try (LakeSession session = LakeSession.open(config, verbose, true)) {
      RunContext run = RunContext.of("report", java.util.List.of(period), false, false, config);
      var result =
          Pipeline.read(
              session.lake,
              run,
              "report",
              () ->
                  new BuildMonthEndReportJob(session.lake, config.reportingCurrency)
                      .run(period, out));
      System.out.println(result.workbook());
      System.out.println(result.page());
    }
    return 0;
  }
}
