package io.cogslake.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversion to a reporting currency whose rates are large (IDR, VND): exact, and never a silent
 * null.
 */
class ReportingCurrencyTest extends SparkTestBase {
  @TempDir Path dir;

  private CogsConfig idrLake(String septemberRate) throws Exception {
    Path landing = dir.resolve("landing");
    TestLakes.copyFixture(
        "focus/focus-1.0_sample_1000rows.csv", landing.resolve("focus_sample.csv"));
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"), new SourceConfig("focus_sample", "focus", landing.toString()));
    config.reportingCurrency = "IDR";
    config.fxRates =
        Files.writeString(
                dir.resolve("fx.csv"),
                "currency,billing_period,rate\nUSD,2024-09,"
                    + septemberRate
                    + "\nUSD,2024-10,16300\n")
            .toString();
    return config;
  }

  @Test
  void ratesOfTenThousandAndMoreConvertExactly() throws Exception {
    CogsConfig config = idrLake("16250.5");
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    // Each line's EffectiveCost x 16,250.5, rounded half-even to 10 decimals, summed with Python's
    // decimal
    // module: AWS 13 USD -> 211,256.5 IDR; Azure 1.97651418586 USD -> 32,119.343777318 IDR (a
    // DECIMAL(14,10)
    // rate cannot hold 16,250.5: every line was null before).
    assertEquals(
        "aws 211256.5\nazure 32119.343777318\noci 0",
        rowsText(
            "select x_Provider, sum(x_EffectiveCostReporting) from silver.ledger"
                + " where billing_period = '2024-09' group by 1 order by 1"));
    assertEquals(
        "0",
        rowsText(
            "select count(*) from silver.ledger where x_EffectiveCostReporting is null or x_BilledCostReporting is null"));
  }

  @Test
  void aRateBeyondTheMoneyTypeIsAnErrorNamingColumnPeriodAndValue() throws Exception {
    CogsConfig config = idrLake("10000000000000");
    Lake lake = TestLakes.open(spark, config);
    Exception e =
        assertThrows(
            Exception.class, () -> TestLakes.run(lake, config, List.of("ingest", "normalize")));
    // the error raised on the executor reaches the driver inside Spark's job failure
    Throwable cause = e;
    while (cause.getCause() != null
        && !String.valueOf(cause.getMessage()).contains("silver.ledger")) {
      cause = cause.getCause();
    }
    String message = String.valueOf(cause.getMessage());
    assertTrue(
        message.contains("silver.ledger: BilledCost")
            && message.contains("period 2024-09")
            && message.contains("cannot be converted to IDR"),
        message);
  }
}
