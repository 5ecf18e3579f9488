package io.cogslake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure Cost Management exports into silver.ledger: the real EA actual and amortized samples alone
 * and together (Microsoft's FOCUS recipe), an MCA export with Azure OpenAI / Foundry meters and a
 * Marketplace charge.
 *
 * <p>Expected sums computed from the CSVs with Python's decimal module (csv.DictReader, utf-8-sig),
 * grouping by BillingPeriodStartDate, ChargeType and PricingModel and summing Cost; each value
 * first rounded half-up to 18 decimals as DECIMAL(38,18) holds it (the amortized file has costs
 * with up to 28 decimals, e.g. 0.0000000072922557592391990000):
 *
 * <pre>
 * actual     09/2023 Purchase Reservation  1 row   3.25
 * actual     09/2023 Usage    OnDemand    10 rows  5.2950077867419368
 * amortized  09/2023 Usage    OnDemand    26 rows 15.797780136168644627  (exact: 15.797780136168644627485419)
 * amortized  09/2023 Usage    Reservation  1 row   0.493152
 * amortized  09/2023 Usage    SavingsPlan  1 row   0.006000000468
 * </pre>
 */
class AzureCostIngestTest extends SparkTestBase {
  @TempDir Path dir;

  private static final String ACTUAL = "azure_cost/azure-ea-actualcost_EA_ActualCost_Small.csv";
  private static final String AMORTIZED =
      "azure_cost/azure-ea-amortizedcost_EA_AmortizedCost_Small.csv";

  private SourceConfig source(String name, String fixture, String dataset) {
    Path landing = dir.resolve("landing/" + name);
    TestLakes.copyFixture(fixture, landing.resolve(Path.of(fixture).getFileName().toString()));
    SourceConfig source = new SourceConfig(name, "azure_cost", landing.toString());
    source.dataset = dataset;
    return source;
  }

  private Lake run(SourceConfig... sources) {
    CogsConfig config = TestLakes.config(dir.resolve("lake"), sources);
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    return lake;
  }

  private static List<String> rows(String sql) {
    return spark.sql(sql).collectAsList().stream().map(AwsCurIngestTest::line).toList();
  }

  @Test
  void theActualExportAloneSumsPerPeriodAndChargeTypeExactly() {
    run(source("actual", ACTUAL, "actual"));
    assertEquals(
        List.of(
            "2023-09 Purchase 3.25 3.25 1",
            "2023-09 Usage 5.2950077867419368 5.2950077867419368 10"),
        rows(
            "select billing_period, ChargeCategory, sum(BilledCost), sum(EffectiveCost), count(*) from silver.ledger group by 1, 2 order by 1, 2"));
    assertEquals(
        List.of("11 0"),
        rows(
            "select (select count(*) from silver.ledger), (select count(*) from silver.quarantine)"));
    assertEquals(
        List.of("azure Reservation Committed 2023-09-21 00:00:00.0 2023-10-01 00:00:00.0"),
        rows(
            "select x_Provider, CommitmentDiscountType, PricingCategory, ChargePeriodStart, BillingPeriodEnd from silver.ledger where ChargeCategory = 'Purchase'"));
  }

  @Test
  void theAmortizedExportAloneCarriesEffectiveCostAndZeroBilledOnCommitmentUsage() {
    run(source("amortized", AMORTIZED, "amortized"));
    // Line type by line type: covered usage is billed 0 (the purchase is on the invoice) and
    // carries its
    // amortized share as EffectiveCost; on-demand usage is billed and effective alike.
    assertEquals(
        List.of(
            "Committed Used 0 0.493152 1",
            "Committed Used 0 0.006000000468 1",
            "Standard null 15.797780136168644627 15.797780136168644627 26"),
        rows(
            "select PricingCategory, CommitmentDiscountStatus, sum(BilledCost), sum(EffectiveCost), count(*) from silver.ledger"
                + " group by PricingCategory, CommitmentDiscountStatus, CommitmentDiscountType order by 1, 4 desc"));
    assertEquals(
        List.of("28 0"),
        rows(
            "select (select count(*) from silver.ledger), (select count(*) from silver.quarantine)"));
    // Brace-less tags through the alias map: record 1 carries "env": "prod","org": "trey".
    assertEquals(
        List.of("prod trey"),
        rows("select x_Env, Tags['org'] from silver.ledger where x_SourceRow = 1"));
  }

  @Test
  void bothDatasetsOfAMonthFollowMicrosoftsRecipeAndCountNothingTwice() {
    run(source("ea_actual", ACTUAL, "actual"), source("ea_amortized", AMORTIZED, "amortized"));
    // From the actual export only the reservation purchase (EffectiveCost 0); all amortized rows.
    assertEquals(
        List.of(
            "ea_actual Purchase 3.25 0 1",
            "ea_amortized Usage 15.797780136168644627 16.296932136636644627 28"),
        rows(
            "select x_Source, ChargeCategory, sum(BilledCost), sum(EffectiveCost), count(*) from silver.ledger group by 1, 2 order by 1"));
    // Billed: the purchase + on-demand usage (3.25 + 15.797780136168644627); effective: the
    // amortized total.
    assertEquals(
        List.of("2023-09 19.047780136168644627 16.296932136636644627"),
        rows(
            "select billing_period, sum(BilledCost), sum(EffectiveCost) from silver.ledger group by 1"));
    // Rows in: 11 actual = 1 ledger + 10 usage rows the amortized export restates; 28 amortized =
    // 28 ledger.
    assertEquals(0, spark.sql("select * from silver.quarantine").count());
  }

  @Test
  void azureOpenAiAndFoundryMetersResolveToModelTokenTypeAndTokens() {
    run(source("mca", "azure_cost/mca_actual_ai_2026-07.csv", "actual"));
    List<String> expected = new ArrayList<>();
    expected.add("1 azure openai gpt-4o input 1523400 3.8085 prod inference assistant acme");
    expected.add("2 azure openai gpt-4o output 210500 2.105 prod inference assistant acme");
    expected.add("3 azure openai gpt-4o cache_read 800000 1 prod inference assistant acme");
    expected.add(
        "4 azure openai gpt-5.4-mini cache_read 2500000 0.0625 prod inference assistant acme");
    expected.add("5 azure openai gpt-5.4-mini output 750000 3 dev eval null null");
    expected.add("6 azure null null null null 0.06 prod inference assistant acme");
    expected.add("7 azure null null null null 24 prod inference assistant acme");
    assertEquals(
        expected,
        rows(
            "select x_SourceRow, x_Provider, x_ModelPublisher, x_Model, x_TokenType, x_Tokens, BilledCost, x_Env, x_Workload, x_Team, x_Customer"
                + " from silver.ledger where ServiceCategory = 'AI and Machine Learning' order by x_SourceRow"));
    assertEquals(
        List.of("2026-07 azure 24.06"),
        rows(
            "select billing_period, x_Provider, sum(EffectiveCost) from silver.ledger where x_ModelRaw is not null and x_Model is null group by 1, 2"));
    // A Marketplace charge: sold by its publisher, invoiced by Microsoft (x_Provider azure), billed
    // as is.
    assertEquals(
        List.of("Contoso Guardrails Inc azure Purchase 150 150 prod third_party_ai"),
        rows(
            "select ServiceProviderName, x_Provider, ChargeCategory, BilledCost, EffectiveCost, x_Env, x_Workload from silver.ledger where x_SourceRow = 8"));
    assertEquals(
        List.of("ABCD-EFGH-IJK-LMN G012345678 2026-07-01 00:00:00.0"),
        rows("select distinct BillingAccountId, InvoiceId, BillingPeriodStart from silver.ledger"));
  }

  @Test
  void aReExportedMonthReplacesTheFirst() throws Exception {
    SourceConfig mca = source("mca", "azure_cost/mca_actual_ai_2026-07.csv", "actual");
    run(mca);
    assertEquals(List.of("8"), rows("select count(*) from silver.ledger"));
    Path file = Path.of(mca.path).resolve("mca_actual_ai_2026-07.csv");
    List<String> lines = Files.readAllLines(file);
    Files.delete(file);
    Files.write(Path.of(mca.path).resolve("mca_actual_ai_2026-07-rerun.csv"), lines.subList(0, 3));
    run(mca);
    assertEquals(
        List.of("2026-07 2 5.9135"),
        rows("select billing_period, count(*), sum(BilledCost) from silver.ledger group by 1"));
  }
}
