package io.cogslake.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.SparkTestBase;
import io.cogslake.generate.GenerateLandingJob.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator: deterministic per seed, the flags' row counts, usage equal to the token lines.
 * That the invoices equal the bills is shown after a real run: every row of the demo's
 * gold.reconciliation is tied (DemoCommandTest).
 */
class GenerateLandingTest extends SparkTestBase {
  static final int CUSTOMERS = 6;
  static final int MONTHS = 2;
  static final long LEDGER_LINES = 2_000;
  static final long EVENTS = 4_000;

  @TempDir static Path dir;
  static GenerateLandingJob.Result first;

  @BeforeAll
  static void generate() {
    first =
        new GenerateLandingJob(
                spark,
                new Spec(dir.resolve("a").toString(), CUSTOMERS, MONTHS, LEDGER_LINES, EVENTS, 7))
            .run();
  }

  @Test
  void theSameSeedWritesTheSameFilesAnotherSeedOtherFiles() {
    new GenerateLandingJob(
            spark,
            new Spec(dir.resolve("b").toString(), CUSTOMERS, MONTHS, LEDGER_LINES, EVENTS, 7))
        .run();
    new GenerateLandingJob(
            spark,
            new Spec(dir.resolve("c").toString(), CUSTOMERS, MONTHS, LEDGER_LINES, EVENTS, 8))
        .run();
    Map<String, String> a = checksums(dir.resolve("a"));
    assertTrue(
        a.keySet()
            .containsAll(
                List.of(
                    "focus/aws/2025-01/focus-aws-2025-01-00000.csv",
                        "focus/azure/2025-02/focus-azure-2025-02-00000.csv",
                    "focus/gcp/2025-01/focus-gcp-2025-01-00000.csv",
                        "usage_events/2025-01/usage_events-2025-01-00000.json",
                    "usage_metrics/2025-02/usage_metrics-2025-02-00000.csv",
                        "revenue/2025-01/revenue-2025-01-00000.csv",
                    "invoices/2025-02/invoices-2025-02-00000.csv",
                        "budget/2025-02/budget-2025-02-00000.csv")),
        a.keySet().toString());
    assertEquals(a, checksums(dir.resolve("b")));
    Map<String, String> c = checksums(dir.resolve("c"));
    assertNotEquals(
        a.get("usage_events/2025-01/usage_events-2025-01-00000.json"),
        c.get("usage_events/2025-01/usage_events-2025-01-00000.json"));
    assertNotEquals(
        a.get("focus/aws/2025-01/focus-aws-2025-01-00000.csv"),
        c.get("focus/aws/2025-01/focus-aws-2025-01-00000.csv"));
  }

  @Test
  void rowCountsAreTheFlags() {
    assertEquals(LEDGER_LINES, first.ledgerLines());
    assertEquals(
        LEDGER_LINES,
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .option("header", "true")
            .csv(dir.resolve("a/focus").toString())
            .count());
    assertEquals(
        EVENTS,
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .json(dir.resolve("a/usage_events").toString())
            .count());
    assertEquals(
        EVENTS,
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .json(dir.resolve("a/usage_events").toString())
            .select("event_id")
            .distinct()
            .count());
    assertEquals(List.of("2025-01", "2025-02"), first.periods());
    // every paid customer has revenue in every period; 5 providers (3 clouds, 2 vendors) x 2
    // periods of invoices
    assertEquals(10L, first.rows().get("invoices"));
    assertEquals(
        CUSTOMERS,
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .option("header", "true")
            .csv(dir.resolve("a/revenue").toString())
            .select("customer")
            .distinct()
            .count());
  }

  /**
   * The demo's budget plans each provider's month at the month before's bill plus 5%, rounded to
   * tens of dollars (the first month at its own bill, rounded), and the company's total as their
   * sum: worked here in Java from the bill files' BilledCost and the vendor reports' costs, 2
   * periods x (5 providers + the total) = 12 lines.
   */
  @Test
  void theBudgetIsTheMonthBeforesInvoicesPlusFivePercent() {
    // each provider's bill total per period: its FOCUS lines' BilledCost, summed here from the
    // files
    Map<String, java.math.BigDecimal> bill = new TreeMap<>();
    for (String provider : List.of("aws", "azure", "gcp")) {
      spark
          .read()
          .option("recursiveFileLookup", "true")
          .option("header", "true")
          .csv(dir.resolve("a/focus/" + provider).toString())
          .createOrReplaceTempView("generated_bill");
      for (var r :
          spark
              .sql(
                  "select substr(BillingPeriodStart, 1, 7), cast(sum(cast(BilledCost as decimal(30, 10))) as decimal(38, 2))"
                      + " from generated_bill group by 1")
              .collectAsList()) {
        bill.put(provider + " " + r.getString(0), r.getDecimal(1));
      }
    }
    // the vendors' reports: each row's cost, in cents
    for (String[] vendor :
        List.of(new String[] {"pinecone", "Cost"}, new String[] {"deepgram", "dollars"})) {
      for (var r :
          spark
              .read()
              .option("recursiveFileLookup", "true")
              .option("header", "true")
              .csv(dir.resolve("a/" + vendor[0]).toString())
              .selectExpr(
                  "input_file_name() as file",
                  "cast(`" + vendor[1] + "` as decimal(38, 2)) as cost")
              .selectExpr("regexp_extract(file, '/(2025-[0-9]{2})/', 1) as period", "cost")
              .groupBy("period")
              .agg(org.apache.spark.sql.functions.sum("cost"))
              .collectAsList()) {
        bill.put(vendor[0] + " " + r.getString(0), r.getDecimal(1).setScale(2));
      }
    }
    Map<String, java.math.BigDecimal> expected = new TreeMap<>();
    for (String period : List.of("2025-01", "2025-02")) {
      java.math.BigDecimal total = java.math.BigDecimal.ZERO;
      for (String provider : List.of("aws", "azure", "gcp", "pinecone", "deepgram")) {
        java.math.BigDecimal planned =
            period.equals("2025-01")
                ? bill.get(provider + " 2025-01")
                : bill.get(provider + " 2025-01").multiply(new java.math.BigDecimal("1.05"));
        planned = planned.setScale(-1, java.math.RoundingMode.HALF_UP).setScale(2);
        expected.put(provider + " " + period, planned);
        total = total.add(planned);
      }
      expected.put("total " + period, total);
    }
    Map<String, java.math.BigDecimal> budget = new TreeMap<>();
    for (var r :
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .option("header", "true")
            .csv(dir.resolve("a/budget").toString())
            .collectAsList()) {
      String provider = r.getAs("provider");
      budget.put(
          (provider == null ? "total" : provider) + " " + r.<String>getAs("billing_period"),
          new java.math.BigDecimal(r.<String>getAs("amount")).setScale(2));
      assertEquals("USD", r.getAs("currency"));
    }
    assertEquals(expected, budget);
    assertEquals(12L, first.rows().get("budget"));
  }

  /**
   * Context grows with tenure: every user is seen from the first month, and a primary prompt is 50%
   * longer in the second month than the first (summarized users too: they stop growing after it).
   * The prompt lengths are drawn, so the means of the two months (the runaway week of February, a
   * 60x prompt, left out) are 1.5 apart within the draw's noise; without the growth they would be
   * 1.0 apart.
   */
  @Test
  void primaryPromptsGrowWithTheUsersTenure() {
    spark
        .read()
        .option("recursiveFileLookup", "true")
        .json(dir.resolve("a/usage_events").toString())
        .createOrReplaceTempView("tenure_events");
    var means =
        spark
            .sql(
                "select substr(timestamp, 1, 7) as period,"
                    + " avg(coalesce(`gen_ai.usage.input_tokens`, attributes.`gen_ai.usage.input_tokens`)) as mean_input"
                    + " from tenure_events where step = 'primary' and not (timestamp between '2025-02-08' and '2025-02-15')"
                    + " group by 1 order by 1")
            .collectAsList();
    assertEquals(2, means.size());
    double growth = means.get(1).getDouble(1) / means.get(0).getDouble(1);
    assertTrue(
        growth > 1.4 && growth < 1.6,
        "February's primary prompts are " + growth + " times January's");
  }

  @Test
  void theEventsCarryExactlyTheTokensOfTheBillsTokenLines() {
    spark
        .read()
        .option("recursiveFileLookup", "true")
        .json(dir.resolve("a/usage_events").toString())
        .createOrReplaceTempView("generated_events");
    spark
        .read()
        .option("recursiveFileLookup", "true")
        .option("header", "true")
        .option("escape", "\"")
        .csv(dir.resolve("a/focus").toString())
        .createOrReplaceTempView("generated_bill");
    long eventTokens =
        spark
            .sql(
                "select sum(coalesce(`gen_ai.usage.input_tokens`, attributes.`gen_ai.usage.input_tokens`)"
                    + " + coalesce(`gen_ai.usage.output_tokens`, attributes.`gen_ai.usage.output_tokens`)) from generated_events"
                    // the company's own model has no bill of its own: its cost is the GPU pool's
                    + " where coalesce(`gen_ai.provider.name`, attributes.`gen_ai.provider.name`, `gen_ai.system`) <> 'self_hosted'")
            .first()
            .getLong(0);
    long billedTokens =
        spark
            .sql(
                "select cast(sum(cast(ConsumedQuantity as decimal(38, 10)) * case when ConsumedUnit = 'count' then 1 else 1000 end) as bigint)"
                    + " from generated_bill where ServiceCategory = 'AI and Machine Learning' and ServiceName <> 'Azure AI Search'")
            .first()
            .getLong(0);
    assertEquals(eventTokens, billedTokens);
    // some events nest their attributes, some use the older gen_ai.system, heavy customers exist
    assertTrue(
        spark
                .sql("select count(*) from generated_events where attributes is not null")
                .first()
                .getLong(0)
            > 0);
    assertTrue(
        spark
                .sql("select count(*) from generated_events where `gen_ai.system` is not null")
                .first()
                .getLong(0)
            > 0);
  }

  /**
   * --unbilled-days 3 leaves the last month open as a bill read before month end shows it:
   * February's calls run to the 28th, its bills (the vendors' reports too) stop on the 25th, with
   * no tax, credit or rounding line yet (January has its 7: tax on each cloud, AWS's credit, a
   * rounding line on each) and no invoice (January's five are there). The bill files still hold
   * --ledger-lines lines.
   */
  @Test
  void anOpenMonthsBillsStopBeforeItsCallsWithNoChargesAndNoInvoice() {
    Path out = dir.resolve("open");
    var result =
        new GenerateLandingJob(
                spark,
                new Spec(out.toString(), CUSTOMERS, MONTHS, LEDGER_LINES, EVENTS, 7, false, 3))
            .run();
    spark
        .read()
        .option("recursiveFileLookup", "true")
        .option("header", "true")
        .option("escape", "\"")
        .csv(out.resolve("focus").toString())
        .createOrReplaceTempView("open_bill");
    assertEquals(LEDGER_LINES, spark.table("open_bill").count());
    assertEquals(LEDGER_LINES, result.ledgerLines());
    assertEquals(
        List.of("2025-01 Adjustment 3", "2025-01 Credit 1", "2025-01 Tax 3"),
        spark
            .sql(
                "select concat_ws(' ', substr(BillingPeriodStart, 1, 7), ChargeCategory, count(*)) from open_bill"
                    + " where ChargeCategory <> 'Usage' group by substr(BillingPeriodStart, 1, 7), ChargeCategory order by 1")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList());
    assertEquals(
        "2025-02-25",
        spark
            .sql("select substr(max(ChargePeriodStart), 1, 10) from open_bill")
            .first()
            .getString(0));
    for (String[] vendor :
        List.of(new String[] {"pinecone", "Date"}, new String[] {"deepgram", "grouping.start"})) {
      assertEquals(
          "2025-02-25",
          spark
              .read()
              .option("recursiveFileLookup", "true")
              .option("header", "true")
              .csv(out.resolve(vendor[0]).toString())
              .selectExpr("max(`" + vendor[1] + "`)")
              .first()
              .getString(0),
          vendor[0]);
    }
    assertEquals(
        "2025-02-28",
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .json(out.resolve("usage_events").toString())
            .selectExpr("substr(max(timestamp), 1, 10)")
            .first()
            .getString(0));
    assertEquals(
        List.of(
            "2025-01 aws", "2025-01 azure", "2025-01 deepgram", "2025-01 gcp", "2025-01 pinecone"),
        spark
            .read()
            .option("recursiveFileLookup", "true")
            .option("header", "true")
            .csv(out.resolve("invoices").toString())
            .selectExpr("concat_ws(' ', billing_period, provider)")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .sorted()
            .toList());
  }

  @Test
  void tooFewLedgerLinesForTheEventsIsAUsageError() {
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.cogslake.errors.CogsException.class,
            () ->
                new GenerateLandingJob(
                        spark, new Spec(dir.resolve("d").toString(), 3, 1, 100, 1_000, 1))
                    .run());
    assertEquals(2, e.exitCode());
    assertTrue(
        e.getMessage().startsWith("--ledger-lines 100 is too few: the bills need at least"),
        e.getMessage());
  }

  static Map<String, String> checksums(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .collect(
              Collectors.toMap(
                  p -> root.relativize(p).toString(),
                  GenerateLandingTest::sha256,
                  (x, y) -> x,
                  TreeMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
