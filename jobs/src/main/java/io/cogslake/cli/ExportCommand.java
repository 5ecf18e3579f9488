package io.cogslake.cli;

import static org.apache.spark.sql.functions.col;

import io.cogslake.errors.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Write one table (or one period of it) to a single file.")
final class ExportCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ExportCommand.class);

  @Option(names = "--conf", required = true, paramLabel = "FILE") Path conf;
  @Option(names = "--table", required = true, paramLabel = "NAME", description = "e.g. gold.gross_margin") String table;
  @Option(names = "--format", required = true, description = "csv, parquet or json") String format;
  @Option(names = "--out", required = true, paramLabel = "PATH") String out;
  @Option(names = "--period", paramLabel = "YYYY-MM") String period;
  @Option(names = "--verbose") boolean verbose;

  @Override
  public Integer call() {
    if (!java.util.Set.of("csv", "parquet", "json").contains(format)) {
      throw Errors.config("--format must be csv, parquet or json, not '%s'", format);
    }
    if (period != null) {
      CommonOptions.requirePeriod(period);
    }
    var config = LakeSession.loadConfig(conf);
    try (LakeSession session = LakeSession.open(config, verbose, true)) {
      if (!session.spark.catalog().tableExists(table)) {
        throw Errors.unknownTable(table);
      }
      Dataset<Row> rows = session.spark.table(table);
      if (period != null) {
        rows = rows.filter(col("billing_period").equalTo(period));
      }
      if (!format.equals("parquet")) {
        rows = ResultPrinter.printable(rows); // decimals plain, maps as JSON
      }
      writeSingleFile(session, rows.coalesce(1));
      LOG.info("exported {}{} to {}", table, period == null ? "" : " for " + period, out);
    }
    return 0;
  }

  /** Spark writes a folder of parts; one part is written next to the target, then moved into place. */
  private void writeSingleFile(LakeSession session, Dataset<Row> rows) {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(out);
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + "-" + UUID.randomUUID());
    rows.write().mode(SaveMode.Overwrite).format(format).option("header", "true").save(staging.toString());
    try {
      FileSystem fs = staging.getFileSystem(session.spark.sparkContext().hadoopConfiguration());
      FileStatus part = null;
      for (FileStatus s : fs.listStatus(staging)) {
        if (s.getPath().getName().startsWith("part-")) {
          part = s;
        }
      }
      if (part == null) {
        throw Errors.failure("Export of %s wrote no file", table);
      }
      fs.delete(target, false);
      if (!fs.rename(part.getPath(), target)) {
        throw Errors.failure("Cannot move the export to %s", out);
      }
      fs.delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
