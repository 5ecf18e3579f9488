package io.cogslake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AWS Cost and Usage Reports (legacy CSV, CUR 2.0, Athena Parquet) into silver.ledger. */
class AwsCurIngestTest extends SparkTestBase {
  @TempDir Path dir;

  private Lake ingest(Path landing) {
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"), new SourceConfig("cur", "aws_cur", landing.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    return lake;
  }

  private static List<String> rows(String sql) {
    return spark.sql(sql).collectAsList().stream().map(AwsCurIngestTest::line).toList();
  }

  static String line(Row r) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < r.size(); i++) {
      Object v = r.get(i);
      out.append(i == 0 ? "" : " ")
          .append(
              v instanceof java.math.BigDecimal d
                  ? d.stripTrailingZeros().toPlainString()
                  : String.valueOf(v));
    }
    return out.toString();
  }

  @Test
  void theRealLegacyCurCsvSumsPerPeriodAndLineItemTypeExactly() {
    Path landing = dir.resolve("landing");
    TestLakes.copyFixture(
        "aws_cur/aws-cur-legacy_csv_sample-anonymous-aws-export-dataset.csv",
        landing.resolve("cur.csv"));
    ingest(landing);
    // Computed from the CSV with Python's decimal module, grouped by bill/BillingPeriodStartDate
    // and
    // lineItem/LineItemType, summing lineItem/UnblendedCost:
    //   2023-11 Tax 12 rows 0.08; 2023-11 Usage 1269 rows 1.60230869740.
    // Usage and Tax lines are not amortized: EffectiveCost = unblended cost, line by line.
    assertEquals(
        List.of("2023-11 Tax 0.08 0.08 12", "2023-11 Usage 1.6023086974 1.6023086974 1269"),
        rows(
            "select billing_period, ChargeCategory, sum(BilledCost), sum(EffectiveCost), count(*) from silver.ledger group by 1, 2 order by 1, 2"));
    assertEquals(
        0, spark.sql("select * from silver.ledger where EffectiveCost <> BilledCost").count());
    // Rows in (1281 records in the file) = ledger + quarantine.
    assertEquals(
        List.of("1281 0 1281"),
        rows(
            "select (select count(*) from silver.ledger), (select count(*) from silver.quarantine), (select count(distinct x_LedgerId) from silver.ledger)"));
    assertEquals(
        List.of("aws AWS CloudTrail 123412340534"),
        rows(
            "select distinct x_Provider, ServiceName, SubAccountId from silver.ledger where x_SourceRow = 1"));
  }

  @Test
  void cur2LineItemTypesFollowTheAmortizationRuleLineByLine() {
    Path landing = dir.resolve("landing");
    TestLakes.copyFixture("aws_cur/cur2_2026-07.csv", landing.resolve("cur2_2026-07.csv"));
    ingest(landing);
    // record, line item type → ChargeCategory, ChargeClass, BilledCost (unblended), EffectiveCost
    // (amortized)
    assertEquals(
        List.of(
            "1 Usage null 4.608 4.608", // Usage: unblended
            "2 Usage null 0 2.88", // DiscountedUsage: reservation effective cost
            "3 Purchase null 40.92 3.7", // RIFee: unused amortized upfront 1.5 + unused recurring
            // 2.2
            "4 Purchase null 1000 0", // Fee with a reservation ARN: the RI upfront, amortized onto
            // usage
            "5 Purchase null 100 100", // Fee without reservation (support)
            "6 Usage null 0.85 0.53", // SavingsPlanCoveredUsage: savings plan effective cost
            "7 Usage null -0.85 0", // SavingsPlanNegation: 0
            "8 Purchase null 2.4 1.87", // SavingsPlanRecurringFee: commitment 2.4 − used 0.53
            "9 Purchase null 876 0", // SavingsPlanUpfrontFee: 0
            "10 Tax null 12.34 12.34",
            "11 Credit null -25 -25",
            "12 Credit Correction -3.5 -3.5", // Refund
            "13 Usage null -0.09 -0.09"), // BundledDiscount
        rows(
            "select x_SourceRow, ChargeCategory, ChargeClass, BilledCost, EffectiveCost from silver.ledger where x_SourceRow <= 13 order by x_SourceRow"));
    // Rows in (21) = ledger (20) + quarantine (1, the row whose cost cannot be read).
    assertEquals(List.of("20"), rows("select count(*) from silver.ledger"));
    assertEquals(
        List.of(
            "21 2026-07 line_item_usage_amount: cannot read '12,5' as decimal(38,18); line_item_unblended_cost: cannot read '12,5' as decimal(38,18);"
                + " line_item_net_unblended_cost: cannot read '12,5' as decimal(38,18)"),
        rows("select record, billing_period, reason from silver.quarantine"));
    // Billed = the file's unblended sum of the 20 good rows (Python decimal: 2030.076473);
    // amortized
    // (Python, the rule above applied row by row): 119.736473 — each commitment counted once.
    assertEquals(
        List.of("2026-07 2030.076473 119.736473"),
        rows(
            "select billing_period, sum(BilledCost), sum(EffectiveCost) from silver.ledger group by 1"));
  }

  @Test
  void bedrockUsageTypesResolveToModelTokenTypeAndTokensAndTagsToContractKeys() {
    Path landing = dir.resolve("landing");
    TestLakes.copyFixture("aws_cur/cur2_2026-07.csv", landing.resolve("cur2_2026-07.csv"));
    ingest(landing);
    assertEquals(
        List.of(
            "14 aws amazon nova-lite input 1500000 0.09",
            "15 aws anthropic claude-sonnet-4-6 input 29481 0.088443",
            "16 aws anthropic claude-sonnet-4-6 output 31102 0.46653",
            "17 aws anthropic claude-sonnet-4-6 cache_read 120000 0.036",
            "18 aws anthropic claude-sonnet-4-6 cache_write 10000 0.0375",
            "19 aws null null null null 0.5",
            "20 aws null null null null 21.18"),
        rows(
            "select x_SourceRow, x_Provider, x_ModelPublisher, x_Model, x_TokenType, x_Tokens, EffectiveCost from silver.ledger"
                + " where ServiceCategory = 'AI and Machine Learning' order by x_SourceRow"));
    // The "cost with no model identified" figure (README): AI lines whose string no alias matched
    // keep their cost.
    assertEquals(
        List.of("2026-07 aws 2 21.68"),
        rows(
            "select billing_period, x_Provider, count(*), sum(EffectiveCost) from silver.ledger"
                + " where x_ModelRaw is not null and x_Model is null group by 1, 2"));
    assertEquals(
        List.of(
            "1 prod inference search null null null",
            "14 prod inference null null null acme",
            "15 staging null null assistant chat null"),
        rows(
            "select x_SourceRow, x_Env, x_Workload, x_Team, x_Product, x_Feature, x_Customer from silver.ledger"
                + " where x_SourceRow in (1, 14, 15) order by x_SourceRow"));
    assertEquals(
        List.of("Anthropic, PBC"),
        rows("select ServiceProviderName from silver.ledger where x_SourceRow = 15"));
  }

  @Test
  void legacyAthenaParquetAndGzipLegacyCsvWithTagColumns() throws Exception {
    Path parquet = dir.resolve("landing/athena");
    try (OutputStream out =
        new GZIPOutputStream(
            Files.newOutputStream(
                Files.createDirectories(dir.resolve("landing/csv"))
                    .resolve("cur-2026-05.csv.gz")))) {
      out.write(
          ("identity/LineItemId,bill/BillingPeriodStartDate,lineItem/LineItemType,lineItem/CurrencyCode,lineItem/UnblendedCost,"
                  + "lineItem/ProductCode,resourceTags/user:team,resourceTags/user:Environment\n"
                  + "a1,2026-05-01T00:00:00Z,Usage,USD,2.50,AmazonS3,data,staging\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    spark
        .sql(
            "select * from values"
                + " ('l1', 'Usage', timestamp'2026-06-01 00:00:00', 'USD', cast(1.25 as decimal(20,8)), 'AmazonEC2', 'ml', 'production'),"
                + " ('l2', 'Tax', timestamp'2026-06-01 00:00:00', 'USD', cast(0.10 as decimal(20,8)), 'AmazonEC2', null, null)"
                + " as t(identity_line_item_id, line_item_line_item_type, bill_billing_period_start_date, line_item_currency_code,"
                + " line_item_unblended_cost, line_item_product_code, resource_tags_user_team, resource_tags_user_environment)")
        .coalesce(1)
        .write()
        .parquet(parquet.toString());
    ingest(dir.resolve("landing"));
    assertEquals(
        List.of(
            "2026-05 Usage 2.5 2.5 data staging",
            "2026-06 Usage 1.25 1.25 ml prod",
            "2026-06 Tax 0.1 0.1 null null"),
        rows(
            "select billing_period, ChargeCategory, BilledCost, EffectiveCost, x_Team, x_Env from silver.ledger order by 1, 2 desc"));
  }

  @Test
  void aRestatedMonthReplacesTheFirstDelivery() throws Exception {
    Path landing = dir.resolve("landing");
    Path first =
        TestLakes.copyFixture("aws_cur/cur2_2026-07.csv", landing.resolve("cur2_2026-07.csv"));
    ingest(landing);
    assertEquals(List.of("20"), rows("select count(*) from silver.ledger"));
    // AWS rewrites the month: the new report (gzip'd) replaces the old one.
    List<String> lines = Files.readAllLines(first);
    Files.delete(first);
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(landing.resolve("cur2_2026-07-v2.csv.gz")))) {
      out.write(
          (String.join("\n", lines.subList(0, 3)) + "\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    ingest(landing);
    assertEquals(
        List.of("2026-07 2 4.608 7.488"),
        rows(
            "select billing_period, count(*), sum(BilledCost), sum(EffectiveCost) from silver.ledger group by 1"));
    assertEquals(0, spark.sql("select * from silver.quarantine").count());
  }
}
