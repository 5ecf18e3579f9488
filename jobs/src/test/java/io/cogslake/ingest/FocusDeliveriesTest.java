package io.cogslake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.errors.CogsException;
import io.cogslake.lake.Lake;
import io.cogslake.pipeline.Pipeline;
import io.cogslake.stage.RunContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deliveries, restatements and bad input for FOCUS sources. */
class FocusDeliveriesTest extends SparkTestBase {
  private static final String HEADER =
      "BilledCost,EffectiveCost,ListCost,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,"
          + "ChargePeriodStart,ChargePeriodEnd,ProviderName,InvoiceIssuerName,ServiceName,ServiceCategory,Tags\n";

  @TempDir Path dir;

  private static String line(String cost, String period, String tags) {
    return cost
        + ","
        + cost
        + ","
        + cost
        + ",USD,"
        + period
        + "-01 00:00:00,,Usage,"
        + period
        + "-02 00:00:00,,AWS,"
        + "\"Amazon Web Services, Inc.\",Amazon EC2,Compute,"
        + tags
        + "\n";
  }

  private CogsConfig config(Path landing) {
    return TestLakes.config(
        dir.resolve("lake"), new SourceConfig("bills", "focus", landing.toString()));
  }

  private String ledgerByPeriod() {
    return spark
        .sql(
            "select billing_period, sum(BilledCost), count(*) from silver.ledger group by 1 order by 1")
        .collectAsList()
        .stream()
        .map(
            r ->
                r.getString(0)
                    + "="
                    + r.getDecimal(1).stripTrailingZeros().toPlainString()
                    + "/"
                    + r.getLong(2))
        .collect(Collectors.joining(" "));
  }

  @Test
  void runningTwiceChangesNothingAndARestatedPeriodReplacesOnlyThatPeriod() throws Exception {
    Path landing = Files.createDirectories(dir.resolve("landing"));
    Files.writeString(
        landing.resolve("2025-01.csv"),
        HEADER + line("10.50", "2025-01", "") + line("4.25", "2025-01", ""));
    Files.writeString(landing.resolve("2025-02.csv"), HEADER + line("7.00", "2025-02", ""));
    CogsConfig config = config(landing);
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    assertEquals("2025-01=14.75/2 2025-02=7/1", ledgerByPeriod());
    long bronzeVersion =
        spark.sql("describe history delta.`" + dir.resolve("lake/bronze/bills") + "`").count();

    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    assertEquals("2025-01=14.75/2 2025-02=7/1", ledgerByPeriod());
    assertEquals(
        bronzeVersion,
        spark.sql("describe history delta.`" + dir.resolve("lake/bronze/bills") + "`").count(),
        "the same files ingested again write nothing");
    assertEquals(2, spark.sql("select * from silver.ingest_log where status = 'ingested'").count());

    // The provider restates February: the new file replaces February, January is untouched.
    Files.writeString(
        landing.resolve("2025-02.csv"),
        HEADER + line("7.00", "2025-02", "") + line("1.10", "2025-02", ""));
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    assertEquals("2025-01=14.75/2 2025-02=8.1/2", ledgerByPeriod());
    assertEquals(
        List.of("2025-02"),
        spark
            .sql(
                "select distinct billing_period from bronze.bills where _ingest_id = (select max_by(ingest_id, ingested_at) from silver.ingest_log)")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList());
  }

  @Test
  void badRowsAreQuarantinedWithFileRecordAndReasonAndTheRestGoesOn() throws Exception {
    Path landing = Files.createDirectories(dir.resolve("landing"));
    Files.writeString(
        landing.resolve("bad.csv"),
        HEADER
            + line("1.00", "2025-03", "")
            + line("12,5", "2025-03", "").replaceFirst("12,5,12,5,12,5", "\"12,5\",1,1")
            + line("2.00", "2025-03", "").replace("2025-03-01 00:00:00", "March 2025")
            + line("3.00", "2025-03", ""));
    CogsConfig config = config(landing);
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    assertEquals("2025-03=4/2", ledgerByPeriod());
    List<String> quarantined =
        spark
            .sql("select record, billing_period, reason from silver.quarantine order by record")
            .collectAsList()
            .stream()
            .map(r -> r.getLong(0) + " " + r.getString(1) + " " + r.getString(2))
            .toList();
    assertEquals(
        List.of(
            "2 2025-03 BilledCost: cannot read '12,5' as decimal(38,18)",
            "3 unknown BillingPeriodStart: cannot read 'March 2025' as timestamp"),
        quarantined);
    // Rows in = ledger + quarantine.
    assertEquals(4, spark.sql("select count(*) from bronze.bills").first().getLong(0));

    CogsException strict =
        assertThrows(
            CogsException.class,
            () ->
                Pipeline.runStage(
                    "ingest",
                    lake,
                    RunContext.of("ingest", List.of("2025-03"), true, false, config)));
    assertEquals(3, strict.exitCode());
    assertEquals(
        "Source bills, file "
            + landing.resolve("bad.csv").toUri().toString().replace("file:///", "file:/")
            + ", record 2 (period 2025-03) failed validation: BilledCost: cannot read '12,5' as decimal(38,18) (--strict)",
        strict.getMessage());
  }

  @Test
  void aFileMissingMandatoryColumnsIsRefusedByName() throws Exception {
    Path landing = Files.createDirectories(dir.resolve("landing"));
    Files.writeString(
        landing.resolve("not-focus.csv"), "BilledCost,BillingCurrency,Foo\n1.00,USD,x\n");
    CogsConfig config = config(landing);
    Lake lake = TestLakes.open(spark, config);
    CogsException e =
        assertThrows(CogsException.class, () -> TestLakes.run(lake, config, List.of("ingest")));
    assertEquals(3, e.exitCode());
    assertEquals(
        "File "
            + landing.resolve("not-focus.csv").toUri().toString().replace("file:///", "file:/")
            + " is not a focus file: missing mandatory columns BillingPeriodStart, ChargeCategory, ChargePeriodStart,"
            + " EffectiveCost, ServiceProviderName",
        e.getMessage());
  }

  @Test
  void theSpecsAiBillingExamplesYieldModelTokenTypeAndTokens() {
    Path landing = dir.resolve("landing");
    for (String f :
        List.of(
            "per_token_foundation_model_api",
            "multi_model_usage",
            "cached_tokens_via_csp_marketplace",
            "drawdown_via_prepayment_foundation_model_api")) {
      TestLakes.copyFixture("focus/ai-billing/" + f + ".csv", landing.resolve(f + ".csv"));
    }
    CogsConfig config = config(landing);
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    List<String> lines =
        spark
            .sql(
                "select x_Provider, x_ModelPublisher, x_Model, x_TokenType, x_Tokens, BilledCost, EffectiveCost from silver.ledger"
                    + " where x_Model is not null order by x_Model, x_TokenType")
            .collectAsList()
            .stream()
            .map(
                r ->
                    String.join(
                        " ",
                        r.getString(0),
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        String.valueOf(r.get(4)),
                        r.getDecimal(5).stripTrailingZeros().toPlainString(),
                        r.getDecimal(6).stripTrailingZeros().toPlainString()))
            .toList();
    assertEquals(
        List.of(
            "solora ai solora ai solora-atlas-5.4-mini input 3000000 2.25 2.25",
            "solora ai solora ai solora-atlas-5.4-mini output 500000 2.25 2.25",
            "solora ai solora ai solora-atlas-5.5 input 10000000 50 50",
            "solora ai solora ai solora-atlas-5.5 output 2000000 50 50",
            "aura web solora ai solora-neptune-5.0 cache_read 50000000 10 10",
            "aura web solora ai solora-neptune-5.0 cache_write 15000000 37.5 37.5",
            "solora ai solora ai solora-saturn-4.8 input 8400000 42 42",
            "solora ai solora ai solora-saturn-4.8 output 2100000 52.5 52.5",
            "solora ai solora ai solora-saturn-5.0 input 5000000 0 20",
            "solora ai solora ai solora-saturn-5.0 output 1500000 0 30"),
        lines);
    // The prepaid commitment purchase is a line of its own, with no model: 500,000 billed, 0
    // effective.
    assertEquals(
        "Purchase 500000 0",
        spark
            .sql(
                "select ChargeCategory, BilledCost, EffectiveCost from silver.ledger where ChargeCategory = 'Purchase'")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.getString(0)
                        + " "
                        + r.getDecimal(1).stripTrailingZeros().toPlainString()
                        + " "
                        + r.getDecimal(2).stripTrailingZeros().toPlainString())
            .findFirst()
            .orElse(""));
  }
}
