package io.cogslake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real FOCUS 1.0 sample into silver.ledger: every row, every cent. */
class FocusIngestTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void ledgerSumsPerProviderAndPeriodEqualTheFileExactly() {
    Path landing = dir.resolve("landing");
    TestLakes.copyFixture(
        "focus/focus-1.0_sample_1000rows.csv", landing.resolve("focus_sample.csv"));
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"), new SourceConfig("focus_sample", "focus", landing.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    // Sums computed from the CSV with Python's decimal module.
    String sums =
        spark
            .sql(
                "select x_Provider, billing_period, sum(BilledCost), sum(EffectiveCost), count(*) from silver.ledger"
                    + " group by 1, 2 order by 1, 2")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.getString(0)
                        + " "
                        + r.getString(1)
                        + " "
                        + r.getDecimal(2).stripTrailingZeros().toPlainString()
                        + " "
                        + r.getDecimal(3).stripTrailingZeros().toPlainString()
                        + " "
                        + r.getLong(4))
            .collect(Collectors.joining("\n"));
    assertEquals(
        String.join(
            "\n",
            "aws 2024-09 18.0066386184 13 942",
            "azure 2024-09 1.97651418586 1.97651418586 51",
            "oci 2024-09 0.29707392473 0 6",
            "oci 2024-10 0.24 0 1"),
        sums);
    assertEquals(0, spark.sql("select * from silver.quarantine").count());
    assertEquals(
        1000, spark.sql("select count(distinct x_LedgerId) from silver.ledger").first().getLong(0));
  }

  @Test
  void aParquetExportGivesTheSameLedgerAsTheCsv() {
    Path csv =
        TestLakes.copyFixture(
            "focus/focus-1.0_sample_1000rows.csv", dir.resolve("csv/focus_sample.csv"));
    // A Parquet export as a provider writes it: typed money columns, the rest text.
    spark
        .read()
        .option("header", "true")
        .option("nullValue", "NULL")
        .option("escape", "\"")
        .csv(csv.toString())
        .withColumn(
            "BilledCost", org.apache.spark.sql.functions.col("BilledCost").cast("decimal(30,11)"))
        .withColumn(
            "EffectiveCost",
            org.apache.spark.sql.functions.col("EffectiveCost").cast("decimal(30,11)"))
        .coalesce(1)
        .write()
        .parquet(dir.resolve("parquet").toString());
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"),
            new SourceConfig("focus_parquet", "focus", dir.resolve("parquet").toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    assertEquals(
        "1000 20.52022672899 14.97651418586",
        spark
            .sql("select count(*), sum(BilledCost), sum(EffectiveCost) from silver.ledger")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.getLong(0)
                        + " "
                        + r.getDecimal(1).stripTrailingZeros().toPlainString()
                        + " "
                        + r.getDecimal(2).stripTrailingZeros().toPlainString())
            .findFirst()
            .orElse(""));
    assertEquals(0, spark.sql("select * from silver.quarantine").count());
  }
}
