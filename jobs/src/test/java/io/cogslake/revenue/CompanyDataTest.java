package io.cogslake.revenue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.errors.CogsException;
import io.cogslake.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompanyDataTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void revenueAndInvoicesAreKeyedConvertedAndBadRowsQuarantined() throws Exception {
    Path revenue = Files.createDirectories(dir.resolve("revenue"));
    Files.writeString(
        revenue.resolve("revenue.csv"),
        "billing_period,customer,product,plan,revenue,currency\n"
            + "2025-09,acme,assistant,paid,1000.00,USD\n"
            + "2025-09,globex,assistant,Trial,0,USD\n"
            + "2025-09,initech,assistant,paid,500.00,EUR\n"
            + "Sept 2025,umbrella,assistant,paid,10.00,USD\n"
            + "2025-09,acme,assistant,paid,1200.00,USD\n");
    Path invoices = Files.createDirectories(dir.resolve("invoices"));
    Files.writeString(
        invoices.resolve("invoices.csv"),
        "provider,invoice_id,billing_period,currency,total\nAmazon Web Services,INV-1,2025-09,USD,123.45\n");
    Path fx =
        Files.writeString(
            dir.resolve("fx.csv"), "currency,billing_period,rate\nEUR,2025-09,1.1000\n");
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"),
            new SourceConfig("revenue", "revenue", revenue.toString()),
            new SourceConfig("invoices", "invoices", invoices.toString()));
    config.fxRates = fx.toString();
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    // The later acme record wins; EUR converted at the period's rate; plan lower-cased.
    assertEquals(
        List.of("acme paid 1200 1200", "globex trial 0 0", "initech paid 500 550"),
        spark
            .sql(
                "select customer, plan, revenue, revenue_reporting from silver.revenue order by customer")
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
                        + r.getDecimal(3).stripTrailingZeros().toPlainString())
            .toList());
    assertEquals(
        "4 unknown billing period cannot be read",
        spark
            .sql("select record, billing_period, reason from silver.quarantine")
            .collectAsList()
            .stream()
            .map(r -> r.getLong(0) + " " + r.getString(1) + " " + r.getString(2))
            .findFirst()
            .orElse(""));
    assertEquals(
        "aws INV-1 123.45",
        spark
            .sql("select provider, invoice_id, total from silver.invoices")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.getString(0)
                        + " "
                        + r.getString(1)
                        + " "
                        + r.getDecimal(2).stripTrailingZeros().toPlainString())
            .findFirst()
            .orElse(""));

    config.fxRates = null;
    CogsException missing =
        assertThrows(CogsException.class, () -> TestLakes.run(lake, config, List.of("normalize")));
    assertEquals(
        "No exchange rate for currency EUR in billing period 2025-09: add it to the fx_rates file",
        missing.getMessage());
  }
}
