package io.cogslake.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gold.reconciliation against invoices that do not all agree with the ledger: every status, exact
 * differences.
 */
class ReconciliationTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void wrongInvoicesShowOverAndUnderWithTheExactDifference() {
    CogsConfig config = TestLakes.config(dir.resolve("lake"));
    Lake lake = TestLakes.open(spark, config);
    // BilledCost in the billing currency, tax and credits included; aws names its invoice on the
    // lines.
    TestTables.put(
        spark,
        lake,
        Tables.LEDGER,
        "select provider as x_Provider, invoice as InvoiceId, 'USD' as BillingCurrency, billed as BilledCost, '2025-04' as billing_period"
            + " from values ('aws', 'INV-1', 99.000), ('aws', 'INV-1', 1.005), ('azure', null, 52.50), ('azure', null, -2.50),"
            + " ('openai', null, 9.00), ('gcp', null, 10.00) as t(provider, invoice, billed)");
    TestTables.put(
        spark,
        lake,
        Tables.INVOICES,
        "select provider, invoice_id, 'USD' as currency, total, '2025-04' as billing_period"
            + " from values ('aws', 'INV-1', 100.00), ('azure', 'AZ-1', 49.50), ('openai', 'OA-1', 9.25), ('anthropic', 'AN-1', 5.00)"
            + " as t(provider, invoice_id, total)");

    TestLakes.run(lake, config, List.of("gold"), "2025-04");

    assertEquals(
        List.of(
            "anthropic AN-1 5.00 null missing_ledger",
            "aws INV-1 100.00 0.005 tied", // within the 0.01 tolerance
            "azure AZ-1 49.50 0.50 over", // the ledger is 0.50 above the invoice
            "gcp null null null missing_invoice",
            "openai OA-1 9.25 -0.25 under"), // the ledger is 0.25 below the invoice
        spark
            .sql(
                "select provider, invoice_id, invoice_total, difference, status from gold.reconciliation where billing_period = '2025-04' order by 1")
            .collectAsList()
            .stream()
            .map(
                r ->
                    String.join(
                        " ",
                        r.getString(0),
                        String.valueOf(r.getString(1)),
                        plain(r.getDecimal(2)),
                        plain(r.getDecimal(3)),
                        r.getString(4)))
            .toList());
  }

  private static String plain(java.math.BigDecimal d) {
    return d == null
        ? "null"
        : d.stripTrailingZeros().scale() < 2
            ? d.setScale(2).toPlainString()
            : d.stripTrailingZeros().toPlainString();
  }
}
