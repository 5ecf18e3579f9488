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
    TestLakes.copyFixture("focus/focus-1.0_sample_1000rows.csv", landing.resolve("focus_sample.csv"));
    CogsConfig config = TestLakes.config(dir.resolve("lake"), new SourceConfig("focus_sample", "focus", landing.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    // Sums computed from the CSV with Python's decimal module.
    String sums =
        spark.sql(
                "select x_Provider, billing_period, sum(BilledCost), sum(EffectiveCost), count(*) from silver.ledger"
                    + " group by 1, 2 order by 1, 2")
            .collectAsList().stream()
            .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getDecimal(2).stripTrailingZeros().toPlainString()
                + " " + r.getDecimal(3).stripTrailingZeros().toPlainString() + " " + r.getLong(4))
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
    assertEquals(1000, spark.sql("select count(distinct x_LedgerId) from silver.ledger").first().getLong(0));
  }
}
