package io.cogslake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.ConfigLoader;
import io.cogslake.errors.CogsException;
import io.cogslake.lake.Lake;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * type mapped_csv: two vendors' own exports (Pinecone's usage report, Deepgram's billing breakdown;
 * fixtures/mapped/SOURCES.md) mapped to the ledger by the shipped example configuration
 * (conf/examples/mapped_sources.yaml), tied to their invoices; bad rows and mapping errors.
 */
class MappedSourceTest extends SparkTestBase {
  @TempDir Path dir;

  /** The shipped example, its relative paths resolved against the test's folder. */
  private CogsConfig example(String yamlEdit, String replacement) throws IOException {
    String yaml;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("conf/examples/mapped_sources.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return new ConfigLoader(k -> null)
        .parse(yaml.replace(yamlEdit, replacement), dir, "mapped_sources.yaml");
  }

  private CogsConfig example() throws IOException {
    return example("", "");
  }

  private void land() {
    TestLakes.copyFixture(
        "mapped/pinecone/usage_2026-07.csv", dir.resolve("landing/pinecone/usage_2026-07.csv"));
    TestLakes.copyFixture(
        "mapped/deepgram/billing_breakdown_2026-07.csv",
        dir.resolve("landing/deepgram/billing_breakdown_2026-07.csv"));
    TestLakes.copyFixture(
        "mapped/invoices/vendor_invoices.csv", dir.resolve("landing/invoices/vendor_invoices.csv"));
  }

  @Test
  void twoVendorExportsInTheirOwnLayoutsBecomeLedgerLinesThatTieToTheirInvoices() throws Exception {
    land();
    CogsConfig config = example();
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize", "allocate", "classify", "gold"));

    assertEquals(0, spark.sql("select * from silver.quarantine").count());
    // Hand-worked from the fixtures:
    //   pinecone 2026-07: 20.00 + 1.20 + 8.00 + 1.33 + 1.00 + 0.40 = 31.93 (6 lines); 2026-08:
    // 12.00 (1 line)
    //   deepgram 2026-07: 4.30 + 2.58 + 0.92 + 1.20 = 9.00 (4 lines)
    assertEquals(
        "deepgram 2026-07 9 9 4\npinecone 2026-07 31.93 31.93 6\npinecone 2026-08 12 12 1",
        rowsText(
            "select x_Provider, billing_period, sum(BilledCost), sum(EffectiveCost), count(*) from silver.ledger group by 1, 2 order by 1, 2"));
    // Each vendor's invoice ties (difference 0).
    assertEquals(
        "deepgram DG-2026-07 2026-07 9 9 0 tied\npinecone PC-2026-07 2026-07 31.93 31.93 0 tied\npinecone PC-2026-08 2026-08 12 12 0 tied",
        rowsText(
            "select provider, invoice_id, billing_period, invoice_total, ledger_total, difference, status from gold.reconciliation order by 1, 2"));

    // Tags from the file's columns, the configured workload and provider on every line:
    //   pinecone acme 20.00 + 1.20 + 1.33 = 22.53, globex 8.00, none (staging index, embedding)
    // 1.00 + 0.40;
    //   deepgram acme 4.30 + 0.92 + 1.20 = 6.42, globex 2.58.
    assertEquals(
        "deepgram deepgram third_party_ai prod acme 6.42\n"
            + "deepgram deepgram third_party_ai prod globex 2.58\n"
            + "pinecone pinecone retrieval prod acme 22.53\n"
            + "pinecone pinecone retrieval prod globex 8\n"
            + "pinecone pinecone retrieval prod null 0.4\n"
            + "pinecone pinecone retrieval staging null 1",
        rowsText(
            "select x_Provider, ServiceProviderName, x_Workload, coalesce(x_Env, 'prod'), x_Customer, sum(BilledCost) from silver.ledger"
                + " where billing_period = '2026-07' group by 1, 2, 3, 4, 5 order by 1, 5 nulls last, 4"));
    // Expressions over the file's columns: Deepgram's line item split into the speech model (no
    // x_Model: not model inference).
    assertEquals(
        "aura-2 sync::aura-2 null 1.2\nnova-3 batch::nova-3 null 2.58\nnova-3 streaming::nova-3 null 5.22",
        rowsText(
            "select ResourceName, SkuId, x_Model, sum(BilledCost) from silver.ledger where x_Provider = 'deepgram' group by 1, 2, 3 order by 1, 2"));
    assertEquals(
        "docs-acme Serverless Read Units 1250000 read units proj-7f3a us-east-1 USD 2026-07-01 00:00:00.0",
        rowsText(
            "select ResourceId, SkuId, ConsumedQuantity, ConsumedUnit, x_ProviderAccount, RegionId, BillingCurrency, ChargePeriodStart"
                + " from silver.ledger where x_Provider = 'pinecone' and BilledCost = 20"));
    // Production retrieval and transcription are AI COGS, each its own component.
    assertEquals(
        "retrieval 43.93\nthird_party_ai 9",
        rowsText(
            "select cost_component, sum(amount) from silver.cost_classified where pnl_category = 'COGS' and x_Provider in ('pinecone', 'deepgram')"
                + " group by 1 order by 1"));
  }

  @Test
  void aRestatedExportReplacesItsPeriodAndParquetIsReadAsCsvIs() throws Exception {
    land();
    // The Pinecone report as Parquet (every column text, as a warehouse export writes it) in place
    // of the CSV.
    Path csv = dir.resolve("landing/pinecone/usage_2026-07.csv");
    spark
        .read()
        .option("header", "true")
        .csv(csv.toString())
        .coalesce(1)
        .write()
        .parquet(dir.resolve("landing/pinecone/usage.parquet").toString());
    Files.delete(csv);
    CogsConfig config = example();
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    assertEquals(
        "2026-07 31.93 6\n2026-08 12 1",
        rowsText(
            "select billing_period, sum(BilledCost), count(*) from silver.ledger where x_Provider = 'pinecone' group by 1 order by 1"));

    // Deepgram restates July: the new file is July's delivery and replaces it (9.00 → 9.50).
    Path deepgram = dir.resolve("landing/deepgram/billing_breakdown_2026-07.csv");
    Files.writeString(deepgram, Files.readString(deepgram).replace("4.30,", "4.80,"));
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    assertEquals(
        "2026-07 9.5 4",
        rowsText(
            "select billing_period, sum(BilledCost), count(*) from silver.ledger where x_Provider = 'deepgram' group by 1 order by 1"));
  }

  @Test
  void anUnreadableCostIsQuarantinedWithFileRowAndReasonAndTheRestGoesOn() throws Exception {
    land();
    Path deepgram = dir.resolve("landing/deepgram/billing_breakdown_2026-07.csv");
    Files.writeString(
        deepgram,
        Files.readString(deepgram) + "USD 1.10,2026-07-22,2026-07-23,,hosted,batch::nova-3,acme\n");
    CogsConfig config = example();
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    String file = deepgram.toUri().toString().replace("file:///", "file:/");
    assertEquals(
        "deepgram "
            + file
            + " 5 2026-07 BilledCost: cannot read 'USD 1.10' as decimal(38,18); EffectiveCost: cannot read 'USD 1.10' as decimal(38,18)",
        rowsText("select source, file, record, billing_period, reason from silver.quarantine"));
    // The other four rows go on: rows in (5) = bronze good (4) + quarantine (1); the ledger keeps
    // 9.00.
    assertEquals("5 4", rowsText("select count(*), count_if(_error is null) from bronze.deepgram"));
    assertEquals(
        "9 4",
        rowsText(
            "select sum(BilledCost), count(*) from silver.ledger where x_Provider = 'deepgram'"));
  }

  @Test
  void aMappingErrorIsExitTwoNamingTheSourceTheLedgerColumnAndTheFileColumn() throws Exception {
    // An unknown ledger column: refused when the configuration is read.
    CogsException unknown =
        assertThrows(
            CogsException.class,
            () -> example("      BilledCost: dollars", "      BiledCost: dollars"));
    assertEquals(2, unknown.exitCode());
    assertEquals(
        "Source deepgram: columns.BiledCost is not a ledger column a mapped_csv source can fill (it maps file column dollars); the ledger"
            + " columns are ChargePeriodStart, ChargePeriodEnd, BilledCost, EffectiveCost, ListCost, BillingCurrency, ChargeCategory,"
            + " ChargeDescription, ServiceName, ServiceCategory, SubAccountId, RegionId, ResourceId, ResourceName, SkuId, InvoiceId,"
            + " ConsumedQuantity, ConsumedUnit, x_Model, x_TokenType",
        unknown.getMessage());

    // A file column the file does not have: refused at ingest, from the file's header, before a row
    // is read.
    land();
    CogsConfig config = example("      BilledCost: dollars", "      BilledCost: usd_cost");
    Lake lake = TestLakes.open(spark, config);
    CogsException missing =
        assertThrows(CogsException.class, () -> TestLakes.run(lake, config, List.of("ingest")));
    assertEquals(2, missing.exitCode());
    String file =
        dir.resolve("landing/deepgram/billing_breakdown_2026-07.csv")
            .toUri()
            .toString()
            .replace("file:///", "file:/");
    assertEquals(
        "Source deepgram: ledger column BilledCost maps file column usd_cost, which file "
            + file
            + " does not have (its columns: dollars,"
            + " grouping.start, grouping.end, grouping.accessor, grouping.deployment, grouping.line_item, grouping.tags)",
        missing.getMessage());

    // A required mapping left out, and an expression beyond the rule-predicate allow-list.
    assertEquals(
        "Source deepgram: columns.BilledCost is missing: a mapped_csv source maps ChargePeriodStart and BilledCost to its file's columns",
        assertThrows(CogsException.class, () -> example("      BilledCost: dollars\n", ""))
            .getMessage());
    CogsException unsafe =
        assertThrows(
            CogsException.class,
            () ->
                example(
                    "      BilledCost: dollars",
                    "      BilledCost: \"reflect('java.lang.System', 'exit', 0)\""));
    assertEquals(2, unsafe.exitCode());
    assertEquals(
        "Source deepgram: columns.BilledCost may not use function reflect: a predicate may only test the row with its columns, literals,"
            + " comparisons, boolean logic, in, like, case, cast and the allowed functions (README, rule predicates)",
        unsafe.getMessage());
  }
}
