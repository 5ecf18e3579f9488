package io.cogslake.cli;

import static org.apache.spark.sql.functions.col;

import io.cogslake.errors.Errors;
import io.cogslake.report.SafeText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write one table (or one period of it) to a single file outside the lake.")
final class ExportCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ExportCommand.class);

  /**
   * A catalog name, layer.table: no path (delta.`/x`), no second statement, nothing to interpret.
   */
  private static final String TABLE_NAME = "(bronze|silver|gold)\\.[A-Za-z_][A-Za-z0-9_]*";

  private static final UserDefinedFunction SPREADSHEET_CELL =
      functions.udf((UDF1<String, String>) SafeText::spreadsheetCell, DataTypes.StringType);

  @Option(names = "--conf", required = true, paramLabel = "FILE")
  Path conf;

  @Option(
      names = "--table",
      required = true,
      paramLabel = "NAME",
      description = "A lake table, layer.table, e.g. gold.gross_margin")
  String table;

  @Option(names = "--format", required = true, description = "csv, parquet or json")
  String format;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description = "The file to write, outside the lake")
  String out;

  @Option(names = "--period", paramLabel = "YYYY-MM")
  String period;

  @Option(
      names = "--raw",
      description =
          "CSV: keep text that a spreadsheet would read as a formula as it is (default: prefixed with ').")
  boolean raw;

  @Option(names = "--verbose")
  boolean verbose;

  @Override
  public Integer call() {
    if (!java.util.Set.of("csv", "parquet", "json").contains(format)) {
      throw Errors.config("--format must be csv, parquet or json, not '%s'", format);
    }
    if (table == null || !table.matches(TABLE_NAME)) {
      throw Errors.badTableName(table);
    }
    if (period != null) {
      CommonOptions.requirePeriod(period);
    }
    var config = LakeSession.loadConfig(conf);
    try (LakeSession session = LakeSession.open(config, verbose, true)) {
      Configuration hadoop = session.spark.sparkContext().hadoopConfiguration();
      if (isInside(qualified(out, hadoop), qualified(session.lake.root(), hadoop))) {
        throw Errors.config(
            "--out %s is inside the lake %s: an export would overwrite the lake's own files; write it elsewhere",
            out, session.lake.root());
      }
      if (!session.spark.catalog().tableExists(table)) {
        throw Errors.unknownTable(table);
      }
      Dataset<Row> rows = session.spark.table(table);
      if (period != null) {
        rows = rows.filter(col("billing_period").equalTo(period));
      }
      if (format.equals("csv") && !raw) {
        rows = neutralised(rows);
      }
      if (!format.equals("parquet")) {
        rows = ResultPrinter.printable(rows); // decimals plain, maps as JSON
      }
      writeSingleFile(session, rows.coalesce(1));
      LOG.info("exported {}{} to {}", table, period == null ? "" : " for " + period, out);
    }
    return 0;
  }

  /**
   * Text columns through the workbook's formula neutraliser (numbers, maps and dates are not text a
   * user typed).
   */
  private static Dataset<Row> neutralised(Dataset<Row> rows) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      Column c = col("`" + f.name().replace("`", "``") + "`");
      columns.add(
          f.dataType().equals(DataTypes.StringType) ? SPREADSHEET_CELL.apply(c).as(f.name()) : c);
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  /**
   * Fully qualified; on the local file system with symbolic links resolved (a link into the lake is
   * the lake).
   */
  static org.apache.hadoop.fs.Path qualified(String location, Configuration hadoop) {
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
      FileSystem fs = path.getFileSystem(hadoop);
      org.apache.hadoop.fs.Path q = fs.makeQualified(path);
      if (!"file".equals(q.toUri().getScheme())) {
        return q;
      }
      Path local = Path.of(q.toUri().getPath());
      Path existing = local;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      Path real =
          existing == null ? local : existing.toRealPath().resolve(existing.relativize(local));
      return fs.makeQualified(new org.apache.hadoop.fs.Path(real.normalize().toUri()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isInside(org.apache.hadoop.fs.Path target, org.apache.hadoop.fs.Path root) {
    var t = target.toUri();
    var r = root.toUri();
    if (!java.util.Objects.equals(t.getScheme(), r.getScheme())
        || !java.util.Objects.equals(t.getAuthority(), r.getAuthority())) {
      return false;
    }
    String rootPath = r.getPath().endsWith("/") ? r.getPath() : r.getPath() + "/";
    return t.getPath().equals(r.getPath()) || (t.getPath() + "/").startsWith(rootPath);
  }

  /**
   * Spark writes a folder of parts; one part is written next to the target, then moved into place.
   */
  private void writeSingleFile(LakeSession session, Dataset<Row> rows) {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(out);
    org.apache.hadoop.fs.Path staging =
        new org.apache.hadoop.fs.Path(
            target.getParent(), "." + target.getName() + "-" + UUID.randomUUID());
    FileSystem fs;
    try {
      fs = staging.getFileSystem(session.spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      rows.write()
          .mode(SaveMode.Overwrite)
          .format(format)
          .option("header", "true")
          .save(staging.toString());
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(fs, staging); // a failed export leaves nothing behind
    }
  }

  private static void deleteQuietly(FileSystem fs, org.apache.hadoop.fs.Path staging) {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      LOG.warn("could not remove the export's staging folder {}: {}", staging, e.getMessage());
    }
  }
}
