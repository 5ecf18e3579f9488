package io.cogslake.report;

import static org.apache.spark.sql.functions.col;

import io.cogslake.errors.Errors;
import io.cogslake.lake.Lake;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the month-end pack of one period into a folder: {@code cogs-month-end-<period>.xlsx}
 * (summary and one sheet per gold table), {@code cogs-month-end-<period>.html} and its charts in
 * {@code cogs-month-end-<period>-charts/}. Reads the lake only.
 */
public final class BuildMonthEndReportJob {
  private static final Logger LOG = LoggerFactory.getLogger(BuildMonthEndReportJob.class);

  public record Result(
      Path workbook, Path page, List<Path> charts, Map<String, Integer> sheetRows) {}

  private final Lake lake;
  private final String reportingCurrency;

  public BuildMonthEndReportJob(Lake lake, String reportingCurrency) {
    this.lake = lake;
    this.reportingCurrency = reportingCurrency;
  }

  /** The gold tables that get a sheet: every gold table and the classification diff. */
  public static List<TableSpec> tables() {
    List<TableSpec> tables = new ArrayList<>(Tables.gold());
    if (!tables.contains(Tables.CLASSIFICATION_DIFF)) {
      tables.add(Tables.CLASSIFICATION_DIFF);
    }
    return tables;
  }

  public Result run(String period, Path outDir) {
    requireGold(period);
    String stem = "cogs-month-end-" + period;
    Path workbookFile = outDir.resolve(stem + ".xlsx");
    Path pageFile = outDir.resolve(stem + ".html");
    MonthEndFigures figures = MonthEndFigures.load(lake.spark(), period);
    Map<String, Integer> sheetRows = new LinkedHashMap<>();
    try (ReportWorkbook workbook = new ReportWorkbook(reportingCurrency)) {
      workbook.summary(figures);
      for (TableSpec table : tables()) {
        Dataset<Row> rows =
            lake.read(table).filter(col("billing_period").equalTo(period)).drop("billing_period");
        lake.spark()
            .sparkContext()
            .setJobDescription("report sheet " + table.qualifiedName() + " " + period);
        // One partition at a time to the driver: a gold period is small, but never collect a whole
        // table.
        sheetRows.put(
            table.name(), workbook.table(table.name(), rows.schema(), rows.toLocalIterator()));
      }
      workbook.save(workbookFile);
      List<ReportCharts.Chart> charts =
          ReportCharts.write(figures, outDir.resolve(stem + "-charts"), reportingCurrency);
      ReportPage.write(pageFile, figures, charts, reportingCurrency);
      LOG.info("month-end pack of {} written to {}", period, outDir);
      return new Result(
          workbookFile,
          pageFile,
          charts.stream().map(ReportCharts.Chart::file).toList(),
          sheetRows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the month-end pack to " + outDir, e);
    }
  }

  private void requireGold(String period) {
    for (TableSpec table : tables()) {
      if (lake.exists(table)
          && !lake.read(table).filter(col("billing_period").equalTo(period)).isEmpty()) {
        return;
      }
    }
    throw Errors.failure(
        "Nothing to report: the gold tables have no rows for period %s (run gold for it first)",
        period);
  }
}
