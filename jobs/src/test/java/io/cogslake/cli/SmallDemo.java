package io.cogslake.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.generate.GenerateLandingJob;
import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import io.cogslake.pipeline.Pipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A small demo landing zone (the demo's sources, 4 customers, three months) and the lake of its
 * periods run one after the other, made once per JVM for the slow tests of concurrent, killed and
 * repeated runs, with the comparison of two lakes they share.
 */
final class SmallDemo {
  static final List<String> PERIODS = List.of("2025-01", "2025-02", "2025-03");

  private static SmallDemo made;

  final Path dir;
  final Path landing;

  /** The lake after {@code run --period P} for each period in turn, in this JVM. */
  final Path sequential;

  private SmallDemo(Path dir) {
    this.dir = dir;
    this.landing = dir.resolve("landing");
    this.sequential = dir.resolve("sequential");
  }

  static synchronized SmallDemo get(SparkSession spark) {
    if (made == null) {
      try {
        SmallDemo demo = new SmallDemo(Files.createTempDirectory("cogs-small-demo"));
        new GenerateLandingJob(
                spark,
                new GenerateLandingJob.Spec(demo.landing.toString(), 4, 3, 3_000L, 2_000L, 42L))
            .run();
        CogsConfig config = LakeSession.loadConfig(demo.conf(demo.sequential));
        Lake lake = TestLakes.open(spark, config);
        for (String period : PERIODS) {
          TestLakes.run(lake, config, Pipeline.stages(), period);
        }
        made = demo;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return made;
  }

  /**
   * conf/demo.yaml with its lake at {@code lake}, the landing zone here, two cores and two shuffle
   * partitions.
   */
  Path conf(Path lake) {
    String yaml =
        SqlFiles.resource("conf/demo.yaml")
            .replace("${COGS_DEMO_LAKE:-lake}/landing", landing.toString())
            .replace("${COGS_DEMO_LAKE:-lake}", lake.toString())
            .replace(
                "  master: local[*]",
                "  master: local[2]\n  conf:\n    spark.sql.shuffle.partitions: \"2\"\n    spark.default.parallelism: \"2\"");
    try {
      Files.createDirectories(dir.resolve("conf"));
      return Files.writeString(dir.resolve("conf").resolve(lake.getFileName() + ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sum of the COGS per period in a lake's gold.cogs (read by path), to the cent. */
  static Map<String, BigDecimal> cogsPerPeriod(SparkSession spark, Path lake) {
    Map<String, BigDecimal> sums = new TreeMap<>();
    read(spark, lake, Tables.GOLD_COGS)
        .filter(col("pnl_category").equalTo("COGS"))
        .groupBy("billing_period")
        .agg(org.apache.spark.sql.functions.sum("amount").cast("decimal(20,2)"))
        .collectAsList()
        .forEach(r -> sums.put(r.getString(0), r.getDecimal(1)));
    return sums;
  }

  /**
   * The tables hold the same rows in both lakes (the given periods of each when it has
   * billing_period). Rows are compared as JSON text: Spark cannot compare map columns, to_json can
   * render them.
   */
  static void assertSameTables(
      SparkSession spark,
      Path expected,
      Path actual,
      List<TableSpec> tables,
      List<String> periods) {
    assertSameTables(spark, expected, actual, tables, periods, List.of());
  }

  /** The same, but for the {@code ignored} columns (which run ingested a row, when a run ran). */
  static void assertSameTables(
      SparkSession spark,
      Path expected,
      Path actual,
      List<TableSpec> tables,
      List<String> periods,
      List<String> ignored) {
    List<String> different = new ArrayList<>();
    for (TableSpec table : tables) {
      Dataset<Row> want =
          json(read(spark, expected, table).drop(ignored.toArray(String[]::new)), periods);
      Dataset<Row> got =
          json(read(spark, actual, table).drop(ignored.toArray(String[]::new)), periods);
      long missing = want.exceptAll(got).count();
      long extra = got.exceptAll(want).count();
      if (missing + extra > 0) {
        different.add(
            table.qualifiedName()
                + ": "
                + missing
                + " rows missing, "
                + extra
                + " rows extra, e.g. "
                + got.exceptAll(want).limit(2).collectAsList()
                + " instead of "
                + want.exceptAll(got).limit(2).collectAsList());
      }
    }
    assertTrue(different.isEmpty(), String.join("\n", different));
  }

  /** Every table a lake folder holds (bronze ones included), by layer and name. */
  static List<TableSpec> tablesOf(Path lake) {
    List<TableSpec> tables = new ArrayList<>();
    for (String layer : List.of("bronze", "silver", "gold")) {
      try (var folders = Files.list(lake.resolve(layer))) {
        folders
            .filter(f -> Files.isDirectory(f.resolve("_delta_log")))
            .sorted()
            .forEach(
                f -> tables.add(new TableSpec(layer, f.getFileName().toString(), null, List.of())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertTrue(tables.size() >= Tables.all().size(), tables.toString());
    return tables;
  }

  static Dataset<Row> read(SparkSession spark, Path lake, TableSpec table) {
    return spark
        .read()
        .format("delta")
        .load(lake.resolve(table.layer()).resolve(table.name()).toString());
  }

  private static Dataset<Row> json(Dataset<Row> rows, List<String> periods) {
    if (List.of(rows.columns()).contains("billing_period")) {
      rows = rows.filter(col("billing_period").isin(periods.toArray()));
    }
    return rows.select(to_json(struct(col("*"))).as("row"));
  }

  /** Each gold table has rows for every period (so equal figures are not two empty tables). */
  static void assertGoldHasEveryPeriod(SparkSession spark, Path lake) {
    for (String period : PERIODS) {
      assertTrue(
          read(spark, lake, Tables.GOLD_COGS).filter(col("billing_period").equalTo(period)).count()
              > 0,
          "no gold.cogs for " + period);
      assertTrue(
          read(spark, lake, Tables.GROSS_MARGIN)
                  .filter(col("billing_period").equalTo(period))
                  .count()
              > 0,
          "no gold.gross_margin for " + period);
    }
    assertEquals(PERIODS, List.copyOf(cogsPerPeriod(spark, lake).keySet()));
  }
}
