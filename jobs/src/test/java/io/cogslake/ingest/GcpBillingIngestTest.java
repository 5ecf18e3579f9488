package io.cogslake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Google Cloud billing export into silver.ledger. Fixture billing_export_2026-07.jsonl: 10 records
 * written to the standard usage cost export schema, the 10th with an unreadable cost. Expected
 * figures computed with Python's decimal module over the 9 good records: Σ cost 15.6075 (usage
 * 15.1075, tax 0.5), Σ credits −6.75 in 4 credits, so 13 ledger lines and BilledCost 8.8575.
 */
class GcpBillingIngestTest extends SparkTestBase {
  private static final String FIXTURE = "gcp_billing/billing_export_2026-07.jsonl";

  @TempDir Path dir;

  private Lake ingest(Path landing) {
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"), new SourceConfig("gcp", "gcp_billing", landing.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    return lake;
  }

  private static List<String> rows(String sql) {
    return spark.sql(sql).collectAsList().stream().map(AwsCurIngestTest::line).toList();
  }

  @Test
  void costPlusEveryCreditAsItsOwnLineNothingLost() {
    Path landing = dir.resolve("landing");
    TestLakes.copyFixture(FIXTURE, landing.resolve("billing_export_2026-07.jsonl"));
    ingest(landing);
    assertEquals(
        List.of(
            "2026-07 Credit -6.75 -6.75 4",
            "2026-07 Tax 0.5 0.5 1",
            "2026-07 Usage 15.1075 15.1075 8"),
        rows(
            "select billing_period, ChargeCategory, sum(BilledCost), sum(EffectiveCost), count(*) from silver.ledger group by 1, 2 order by 1, 2"));
    assertEquals(
        List.of("8.8575 13 13"),
        rows("select sum(BilledCost), count(*), count(distinct x_LedgerId) from silver.ledger"));
    // Rows in (10 records) = records in the ledger (9, each with its credits) + quarantine (1).
    assertEquals(List.of("9"), rows("select count(distinct x_SourceRow) from silver.ledger"));
    assertEquals(
        List.of("10 2026-07 cost: cannot read 'abc' as decimal(38,18)"),
        rows("select record, billing_period, reason from silver.quarantine"));
    assertEquals(
        List.of(
            "1 Credit FREE_TIER: Free trial credit -0.3 null",
            "1 Credit SUSTAINED_USAGE_DISCOUNT: Sustained Usage Discount -0.75 null",
            "8 Credit COMMITTED_USAGE_DISCOUNT: Committed use discount: CPU in Americas -5.5 Committed Use Discount",
            "8 Usage Commitment v1: Cpu in Americas for 1 Year 10 null"),
        rows(
            "select x_SourceRow, ChargeCategory, ChargeDescription, BilledCost, CommitmentDiscountType from silver.ledger"
                + " where x_SourceRow in (1, 8) and (ChargeCategory = 'Credit' or x_SourceRow = 8) order by 1, 2, 3"));
    // Invoice months are Pacific time.
    assertEquals(
        List.of("2026-07-01 07:00:00.0 2026-08-01 07:00:00.0"),
        rows("select distinct BillingPeriodStart, BillingPeriodEnd from silver.ledger"));
  }

  @Test
  void vertexAndGeminiApiSkusResolveToModelTokenTypeAndTokensAndLabelsToTags() {
    Path landing = dir.resolve("landing");
    TestLakes.copyFixture(FIXTURE, landing.resolve("billing_export_2026-07.jsonl"));
    ingest(landing);
    assertEquals(
        List.of(
            "2 gcp google gemini-2.5-flash input 1200000 0.36",
            "3 gcp google gemini-2.5-flash output 300000 0.75",
            "4 gcp google gemini-2.5-flash cache_read 500000 0.0375",
            "5 gcp google gemini-2.5-flash-lite input 2000000 0.2",
            "6 gcp google gemini-2.5-flash-lite output 400000 0.16",
            "7 gcp null null null null 1.1"),
        rows(
            "select x_SourceRow, x_Provider, x_ModelPublisher, x_Model, x_TokenType, x_Tokens, BilledCost from silver.ledger"
                + " where ServiceCategory = 'AI and Machine Learning' and ChargeCategory = 'Usage' order by x_SourceRow"));
    // The promotion credit on row 5 stays with its model, without tokens of its own.
    assertEquals(
        List.of("gemini-2.5-flash-lite null -0.2"),
        rows(
            "select x_Model, x_Tokens, BilledCost from silver.ledger where x_SourceRow = 5 and ChargeCategory = 'Credit'"));
    assertEquals(
        List.of("2026-07 gcp 1.1"),
        rows(
            "select billing_period, x_Provider, sum(EffectiveCost) from silver.ledger where x_ModelRaw is not null and x_Model is null group by 1, 2"));
    // Resource labels win over the project's (env production → prod, not staging); team comes from
    // the project.
    assertEquals(
        List.of(
            "1 prod hosting platform null null",
            "2 prod inference platform globex search",
            "5 dev experiment platform null null"),
        rows(
            "select distinct x_SourceRow, x_Env, x_Workload, x_Team, x_Customer, x_Feature from silver.ledger where x_SourceRow in (1, 2, 5) order by 1"));
  }

  @Test
  void parquetAndCsvExportsGiveTheSameLedger() throws Exception {
    Path json = TestLakes.copyFixture(FIXTURE, dir.resolve("json/export.jsonl"));
    // Parquet as BigQuery writes it: nested records, repeated credits and labels, numbers typed
    // (cost as
    // NUMERIC, DECIMAL(38,9)).
    spark
        .read()
        .json(json.toString())
        .filter("cost <> 'abc'")
        .selectExpr("*", "cast(cost as decimal(38, 9)) as cost_d")
        .drop("cost")
        .withColumnRenamed("cost_d", "cost")
        .coalesce(1)
        .write()
        .parquet(dir.resolve("landing/parquet").toString());
    // CSV with the flattened names and credits as JSON text.
    Files.writeString(
        dir.resolve("landing/export.csv"),
        "billing_account_id,service.description,sku.description,usage_start_time,cost,currency,credits,invoice.month,cost_type,labels\n"
            + "01A2B3,Cloud Run,CPU Allocation Time,2026-06-30T12:00:00Z,1.25,USD,\"[{\"\"name\"\":\"\"Free tier\"\",\"\"amount\"\":-0.25,\"\"type\"\":\"\"FREE_TIER\"\"}]\",202606,regular,\"[{\"\"key\"\":\"\"env\"\",\"\"value\"\":\"\"prod\"\"}]\"\n");
    ingest(dir.resolve("landing"));
    assertEquals(
        List.of("2026-06 1 2 prod", "2026-07 8.8575 13 null"),
        rows(
            "select billing_period, sum(BilledCost), count(*), max(x_Env) filter (where x_SourceType = 'gcp_billing' and billing_period = '2026-06')"
                + " from silver.ledger group by 1 order by 1"));
  }

  @Test
  void jsonNumbersLandInTheLedgerExactlyNeverThroughADouble() throws Exception {
    // The fixture's first record with 19 significant digits in cost, a credit amount and
    // usage.amount: a double
    // keeps 17 (1.234567890123456789 became 1.2345678901234567).
    String record =
        Files.readAllLines(TestLakes.copyFixture(FIXTURE, dir.resolve("fixture.jsonl"))).get(0);
    String exact =
        record
            .replace("\"cost\": 2.5,", "\"cost\": 1.234567890123456789,")
            .replace("\"amount\": -0.75,", "\"amount\": -1.234567890123456788,")
            .replace("\"amount\": 36000,", "\"amount\": 36000.123456789012345678,");
    assertEquals(false, exact.equals(record));
    Path landing = Files.createDirectories(dir.resolve("landing"));
    Files.writeString(
        landing.resolve("export.json"),
        exact + "\n"); // BigQuery names its JSON lines exports .json
    ingest(landing);
    List<Row> lines =
        spark
            .sql(
                "select ChargeCategory, ChargeDescription, BilledCost, EffectiveCost, ConsumedQuantity from silver.ledger order by 1 desc, 2")
            .collectAsList();
    assertEquals(3, lines.size(), lines.toString());
    assertEquals(new BigDecimal("1.234567890123456789"), lines.get(0).getDecimal(2));
    assertEquals(new BigDecimal("1.234567890123456789"), lines.get(0).getDecimal(3));
    assertEquals(new BigDecimal("36000.123456789012345678"), lines.get(0).getDecimal(4));
    assertEquals("FREE_TIER: Free trial credit", lines.get(1).getString(1));
    assertEquals(new BigDecimal("-0.300000000000000000"), lines.get(1).getDecimal(2));
    assertEquals("SUSTAINED_USAGE_DISCOUNT: Sustained Usage Discount", lines.get(2).getString(1));
    assertEquals(new BigDecimal("-1.234567890123456788"), lines.get(2).getDecimal(2));
    assertEquals(new BigDecimal("-1.234567890123456788"), lines.get(2).getDecimal(3));
    assertEquals(0, spark.sql("select * from silver.quarantine").count());
  }

  @Test
  void aReExportedMonthReplacesTheFirst() throws Exception {
    Path landing = dir.resolve("landing");
    Path first = TestLakes.copyFixture(FIXTURE, landing.resolve("billing_export_2026-07.jsonl"));
    ingest(landing);
    List<String> lines = Files.readAllLines(first);
    Files.delete(first);
    Files.write(landing.resolve("billing_export_2026-07-b.jsonl"), lines.subList(1, 3));
    ingest(landing);
    assertEquals(
        List.of("2026-07 1.11 2"),
        rows("select billing_period, sum(BilledCost), count(*) from silver.ledger group by 1"));
    assertEquals(0, spark.sql("select * from silver.quarantine").count());
  }
}
