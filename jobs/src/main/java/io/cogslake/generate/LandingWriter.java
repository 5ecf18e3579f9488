package io.cogslake.generate;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * Writes one generated source with Spark's own writers, one folder per billing period: the rows of
 * period P land in {@code <out>/<folder>/P/<prefix>-P-NNNNN.<ext>} (files numbered in task order,
 * so the same rows give the same files). The column {@code _period} chooses the folder; other
 * columns starting with {@code _} are not written. Decimals are written in plain notation with
 * their scale.
 */
final class LandingWriter {
  static final Map<String, String> CSV =
      Map.of(
          "header", "true",
          "escape", "\"",
          "ignoreLeadingWhiteSpace", "false",
          "ignoreTrailingWhiteSpace", "false");

  private final SparkSession spark;
  private final String out;

  LandingWriter(SparkSession spark, String out) {
    this.spark = spark;
    this.out = out;
  }

  /** Writes {@code rows} as CSV or JSON lines; returns the number of files written. */
  int write(Dataset<Row> rows, String folder, String prefix, String format) {
    List<Column> columns = new ArrayList<>();
    columns.add(col("_period"));
    for (StructField f : rows.schema().fields()) {
      if (!f.name().startsWith("_")) {
        Column c = col("`" + f.name() + "`");
        columns.add((f.dataType() instanceof DecimalType d ? plain(c, d) : c).as(f.name()));
      }
    }
    Path target = new Path(out, folder);
    Path staging = new Path(out, "_generating_" + folder.replace('/', '_'));
    try {
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(staging, true);
      spark.sparkContext().setJobDescription("generate " + folder);
      var writer =
          rows.select(columns.toArray(Column[]::new))
              .write()
              .mode("overwrite")
              .partitionBy("_period");
      if (format.equals("csv")) {
        writer.options(CSV).csv(staging.toString());
      } else {
        writer.json(staging.toString());
      }
      fs.delete(target, true);
      int files = 0;
      for (FileStatus period : fs.listStatus(staging)) {
        if (!period.isDirectory() || !period.getPath().getName().startsWith("_period=")) {
          continue;
        }
        String name = period.getPath().getName().substring("_period=".length());
        FileStatus[] parts = fs.listStatus(period.getPath(), p -> p.getName().startsWith("part-"));
        Arrays.sort(parts, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        Path dir = new Path(target, name);
        fs.mkdirs(dir);
        for (int i = 0; i < parts.length; i++) {
          String file = String.format("%s-%s-%05d.%s", prefix, name, i, format);
          if (!fs.rename(parts[i].getPath(), new Path(dir, file))) {
            throw new IOException("Cannot move " + parts[i].getPath() + " to " + dir);
          }
          files++;
        }
      }
      fs.delete(staging, true);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target, e);
    }
  }

  /**
   * A decimal as text in plain notation with all of its scale (Spark's own cast may print 1E-10).
   */
  static Column plain(Column value, DecimalType type) {
    int scale = type.scale();
    if (scale == 0) {
      return value.cast(DataTypes.StringType);
    }
    Column magnitude = abs(value);
    Column whole =
        floor(magnitude).cast(DataTypes.createDecimalType(38, 0)).cast(DataTypes.StringType);
    Column fraction =
        magnitude
            .minus(floor(magnitude))
            .cast(DataTypes.createDecimalType(scale + 1, scale))
            .multiply(lit(java.math.BigDecimal.TEN.pow(scale)))
            .cast(DataTypes.LongType)
            .cast(DataTypes.StringType);
    Column text =
        concat(
            when(value.lt(0), lit("-")).otherwise(lit("")),
            whole,
            lit("."),
            lpad(fraction, scale, "0"));
    return when(value.isNull(), lit(null).cast(DataTypes.StringType)).otherwise(text);
  }
}
