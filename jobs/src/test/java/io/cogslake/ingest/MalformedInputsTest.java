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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed input of every source type, as providers and logs really break: a truncated file, a
 * value of the wrong type, a duplicate, a number the money type cannot hold exactly. For each, rows
 * in = what went on (ledger, bronze, usage) + silver.quarantine, and the quarantine (or the file
 * error) says which file, which record and why. Nothing is dropped or changed in silence.
 *
 * <p>One lake for the class (each test its own source, so its own bronze table and quarantine
 * partition): opening a lake is the slow part.
 */
class MalformedInputsTest extends SparkTestBase {
  private static Path dir;
  private static Path lakeDir;

  @BeforeAll
  static void lake() throws IOException {
    dir = Files.createTempDirectory("cogs-malformed");
    lakeDir = dir.resolve("lake");
  }

  @AfterAll
  static void cleanUp() throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  // ---- helpers
  // -------------------------------------------------------------------------------------

  private static String fixture(String name) {
    try (InputStream in =
        MalformedInputsTest.class.getClassLoader().getResourceAsStream("fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path landing(String source) throws IOException {
    return Files.createDirectories(dir.resolve("landing").resolve(source));
  }

  private static CogsConfig config(String source, String type, Path landing) {
    return TestLakes.config(lakeDir, new SourceConfig(source, type, landing.toString()));
  }

  private static Lake run(CogsConfig config, String... stages) {
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of(stages));
    return lake;
  }

  /** Spark's spelling of a local file's path, as lineage columns and messages carry it. */
  private static String uri(Path file) {
    return file.toUri().toString().replace("file:///", "file:/");
  }

  private static long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  /** "record reason" of the source's quarantine, in record order; the file name only when asked. */
  private static List<String> quarantine(String source) {
    return spark
        .sql(
            "select record, reason from silver.quarantine where source = '"
                + source
                + "' order by file, record")
        .collectAsList()
        .stream()
        .map(r -> r.getLong(0) + " " + r.getString(1))
        .toList();
  }

  private static long ledgerRows(String source) {
    return count("select count(*) from silver.ledger where x_Source = '" + source + "'");
  }

  private static String ledgerTotal(String source) {
    return spark
        .sql("select sum(BilledCost) from silver.ledger where x_Source = '" + source + "'")
        .collectAsList()
        .stream()
        .map(r -> r.isNullAt(0) ? "null" : r.getDecimal(0).stripTrailingZeros().toPlainString())
        .findFirst()
        .orElseThrow();
  }

  private static void gzip(Path target, byte[] content) throws IOException {
    try (var out = new GZIPOutputStream(Files.newOutputStream(target))) {
      out.write(content);
    }
  }

  private static CogsException ingestFails(CogsConfig config) {
    Lake lake = TestLakes.open(spark, config);
    return assertThrows(CogsException.class, () -> TestLakes.run(lake, config, List.of("ingest")));
  }

  // ---- FOCUS
  // ---------------------------------------------------------------------------------------

  /**
   * The FOCUS 1.2 spec's per-token example (fixtures/focus/ai-billing, see SOURCES.md): a header
   * and 2 rows.
   */
  private static final String FOCUS =
      fixture("focus/ai-billing/per_token_foundation_model_api.csv");

  private static final String FOCUS_HEADER = FOCUS.substring(0, FOCUS.indexOf('\n') + 1);
  private static final List<String> FOCUS_ROWS =
      Arrays.stream(FOCUS.substring(FOCUS_HEADER.length()).split("\n"))
          .filter(l -> !l.isBlank())
          .toList();

  private static String focusRow(int i, String billedCost) {
    String row = FOCUS_ROWS.get(i);
    return billedCost + row.substring(row.indexOf(','));
  }

  @Test
  void focusDuplicatedColumnIsAFileErrorNamingBothPositions() throws IOException {
    Path landing = landing("focus_dup");
    // BilledCost delivered twice: first copy 5.43, a second, different copy at the end of the
    // header.
    String header = FOCUS_HEADER.strip() + ",BilledCost\n";
    Files.writeString(
        landing.resolve("dup.csv"),
        header + focusRow(0, "5.43") + ",9990\n" + focusRow(1, "1.00") + ",9990\n");
    int last = header.split(",").length;
    CogsException e = ingestFails(config("focus_dup", "focus", landing));
    assertEquals(3, e.exitCode());
    assertEquals(
        "File "
            + uri(landing.resolve("dup.csv"))
            + " is not a readable focus file: column BilledCost appears at positions 1 and "
            + last,
        e.getMessage());
    assertEquals(0, ledgerRows("focus_dup"));
  }

  @Test
  void focusHeaderOnlyFileIsZeroRows() throws IOException {
    Path landing = landing("focus_empty");
    Files.writeString(landing.resolve("empty.csv"), FOCUS_HEADER);
    CogsConfig config = config("focus_empty", "focus", landing);
    // every stage, as `bin/cogs run` does: a period-less delivery must not hand `billing_period IN
    // ()` to Delta
    Pipeline.runAll(
        TestLakes.open(spark, config), RunContext.of("run", List.of(), false, false, config));
    assertEquals(0, count("select count(*) from bronze.focus_empty"));
    assertEquals(0, ledgerRows("focus_empty"));
    assertEquals(List.of(), quarantine("focus_empty"));
    // again, and for a given period, as Airflow runs it
    Lake lake = TestLakes.open(spark, config);
    Pipeline.runStage(
        "ingest", lake, RunContext.of("ingest", List.of("2025-05"), true, false, config));
    assertEquals(0, ledgerRows("focus_empty"));
  }

  @Test
  void focusMoneyBeyondTheScaleOrPrecisionIsQuarantinedNotRounded() throws IOException {
    Path landing = landing("focus_scale");
    Files.writeString(
        landing.resolve("scale.csv"),
        FOCUS_HEADER
            + focusRow(0, "1e-30")
            + "\n"
            + focusRow(1, "0.1234567890123456789012")
            + "\n"
            + focusRow(0, "1e40")
            + "\n"
            + focusRow(1, "100e-20")
            + "\n"
            + focusRow(0, "12.500000000000000000000")
            + "\n"
            + focusRow(1, "abc")
            + "\n");
    run(config("focus_scale", "focus", landing), "ingest", "normalize");
    // 6 rows in: 1e-18 and 12.5 exact, 0.1234567890123456789012 rounded to the scale (it keeps 18
    // of its
    // digits: 0.123456789012345679) in the ledger; 3 quarantined. 1e-18 + 12.5 +
    // 0.123456789012345679
    // = 12.623456789012345680.
    assertEquals(6, count("select count(*) from bronze.focus_scale"));
    assertEquals(3, ledgerRows("focus_scale"));
    assertEquals("12.62345678901234568", ledgerTotal("focus_scale"));
    assertEquals(
        List.of(
            "1 BilledCost: '1e-30' is below the money scale: fewer than 6 significant digits within 18 decimals (decimal(38,18)); it is not rounded",
            "3 BilledCost: '1e40' is out of range for decimal(38,18)",
            "6 BilledCost: cannot read 'abc' as decimal(38,18)"),
        quarantine("focus_scale"));
  }

  @Test
  void focusTruncatedFileQuarantinesTheCutRowAndKeepsTheOthers() throws IOException {
    Path landing = landing("focus_cut");
    String whole = FOCUS_HEADER + focusRow(0, "42.00") + "\n" + focusRow(1, "52.50") + "\n";
    // the delivery stopped half-way through the last row
    Files.writeString(
        landing.resolve("cut.csv"),
        whole.substring(0, whole.length() - FOCUS_ROWS.get(1).length() / 2));
    run(config("focus_cut", "focus", landing), "ingest", "normalize");
    assertEquals(2, count("select count(*) from bronze.focus_cut"));
    assertEquals(1, ledgerRows("focus_cut"));
    assertEquals("42", ledgerTotal("focus_cut"));
    List<String> reasons = quarantine("focus_cut");
    assertEquals(1, reasons.size());
    assertEquals(
        "2 malformed record: wrong number of fields",
        reasons.get(0).substring(0, "2 malformed record: wrong number of fields".length()),
        reasons.toString());
  }

  @Test
  void focusCorruptGzipNamesTheFile() throws IOException {
    Path landing = landing("focus_badgz");
    Files.writeString(landing.resolve("bill.csv.gz"), FOCUS); // plain text named .gz
    CogsException e = ingestFails(config("focus_badgz", "focus", landing));
    assertEquals(3, e.exitCode());
    assertEquals(
        "File "
            + uri(landing.resolve("bill.csv.gz"))
            + " cannot be read: cannot read its header: not a gzip file",
        e.getMessage());
  }

  @Test
  void focusTruncatedGzipNamesTheFile() throws IOException {
    Path landing = landing("focus_cutgz");
    StringBuilder big = new StringBuilder(FOCUS_HEADER);
    for (int i = 0; i < 2000; i++) {
      big.append(focusRow(i % 2, i + ".25")).append('\n');
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(bytes)) {
      out.write(big.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = bytes.toByteArray();
    Files.write(landing.resolve("bill.csv.gz"), Arrays.copyOf(whole, whole.length / 2));
    CogsException e = ingestFails(config("focus_cutgz", "focus", landing));
    assertEquals(3, e.exitCode());
    assertEquals(
        "File "
            + uri(landing.resolve("bill.csv.gz"))
            + " cannot be read: Unexpected end of input stream",
        e.getMessage());
    assertEquals(0, ledgerRows("focus_cutgz"));
  }

  @Test
  void focusHeaderLongerThan4096CharactersIsRead() throws IOException {
    Path landing = landing("focus_wide");
    // FOCUS allows any number of x_ columns; real exports (CUR tags) have headers far longer than 4
    // KB
    StringBuilder header = new StringBuilder(FOCUS_HEADER.strip());
    StringBuilder extra = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      header.append(",x_CustomTagColumnNumber").append(i);
      extra.append(",v").append(i);
    }
    Files.writeString(
        landing.resolve("wide.csv"), header + "\n" + focusRow(0, "42.00") + extra + "\n");
    run(config("focus_wide", "focus", landing), "ingest", "normalize");
    assertEquals(1, ledgerRows("focus_wide"));
    assertEquals(
        "v299",
        spark
            .sql("select _extra['x_CustomTagColumnNumber299'] from bronze.focus_wide")
            .first()
            .getString(0));
  }

  // ---- OpenAI costs (Admin API pages, fixtures/openai)
  // ----------------------------------------------

  /**
   * One costs page (the shape of fixtures/openai/costs_2026-07_page1.json), one bucket on
   * 2026-07-01.
   */
  private static String costsPage(String... results) {
    return "{\"object\": \"page\", \"data\": [{\"object\": \"bucket\", \"start_time\": 1782864000, \"end_time\": 1782950400,"
        + " \"results\": ["
        + String.join(", ", results)
        + "]}], \"has_more\": false, \"next_page\": null}\n";
  }

  private static String cost(String value, String lineItem) {
    return "{\"object\": \"organization.costs.result\", \"amount\": {\"value\": "
        + value
        + ", \"currency\": \"usd\"},"
        + " \"line_item\": \""
        + lineItem
        + "\", \"project_id\": \"proj_SYNTHETIC_chat\", \"api_key_id\": null,"
        + " \"quantity\": 1000, \"quantity_unit\": \"tokens\"}";
  }

  @Test
  void openAiAmountsAsStringsOrNumbersAreReadExactlyAndUnholdableOnesQuarantined()
      throws IOException {
    Path landing = landing("oai_costs");
    Files.writeString(
        landing.resolve("costs_page1.json"),
        costsPage(
            cost("\"12.50\"", "gpt-4o-2024-08-06, input"),
            cost("4.1", "gpt-4o-2024-08-06, output"),
            cost("1.234567890123456789", "gpt-4o-2024-08-06, cached input"),
            cost("1e-30", "gpt-4o-mini-2024-07-18, input"),
            cost("\"twelve\"", "gpt-4o-mini-2024-07-18, output")));
    // a page cut off mid-way (the download stopped)
    String page = costsPage(cost("1.00", "gpt-4.1-2025-04-14, input"));
    Files.writeString(landing.resolve("costs_page2.json"), page.substring(0, page.length() / 2));
    run(config("oai_costs", "openai_costs", landing), "ingest", "normalize");

    // 5 results + 1 unreadable page in; 3 in the ledger, exactly; 3 quarantined
    assertEquals(6, count("select count(*) from bronze.oai_costs"));
    assertEquals(3, ledgerRows("oai_costs"));
    assertEquals("17.834567890123456789", ledgerTotal("oai_costs"));
    assertEquals(
        List.of(
            "4 amount.value: '1e-30' is below the money scale: fewer than 6 significant digits within 18 decimals (decimal(38,18)); it is not rounded",
            "5 amount.value: cannot read 'twelve' as decimal(38,18)",
            "1 malformed JSON: not a readable openai_costs page"),
        quarantine("oai_costs"));
  }

  @Test
  void openAiTheLatestDeliveryWinsNotTheGreatestFileName() throws Exception {
    Path landing = landing("oai_order");
    CogsConfig config = config("oai_order", "openai_costs", landing);
    Files.writeString(
        landing.resolve("z-first.json"), costsPage(cost("1.00", "gpt-4o-2024-08-06, input")));
    run(config, "ingest", "normalize");
    assertEquals("1", ledgerTotal("oai_order"));
    // the restated page arrives later under a name that sorts first
    Thread.sleep(5);
    Files.writeString(
        landing.resolve("a-restated.json"), costsPage(cost("2.00", "gpt-4o-2024-08-06, input")));
    run(config, "ingest", "normalize");
    assertEquals("2", ledgerTotal("oai_order"));
    assertEquals(1, ledgerRows("oai_order"));
    // and a re-run (which re-reads both files) keeps the order of arrival
    run(config, "ingest", "normalize");
    assertEquals("2", ledgerTotal("oai_order"));
  }

  // ---- usage events (JSON lines, fixtures/usage_events)
  // ---------------------------------------------

  private static final List<String> EVENTS =
      Arrays.stream(fixture("usage_events/events_flat.jsonl").split("\n"))
          .filter(l -> !l.isBlank())
          .toList();

  private static long usageRows(String source) {
    return count("select count(*) from silver.usage where x_Source = '" + source + "'");
  }

  @Test
  void usageFractionalTokensConflictingDuplicatesAndACutLineAreQuarantined() throws IOException {
    Path landing = landing("ev_bad");
    String ev1 = EVENTS.get(0); // ev-1: 1200 input, 300 output tokens
    String ev2 = EVENTS.get(1); // ev-2: 50 input tokens
    String ev3 = EVENTS.get(2);
    Files.writeString(
        landing.resolve("a.jsonl"),
        ev1
            + "\n"
            + ev2.replace(
                "\"gen_ai.usage.input_tokens\": 50", "\"gen_ai.usage.input_tokens\": 10.7")
            + "\n"
            + ev3
            + "\n"
            + ev3.replace(
                "\"gen_ai.usage.output_tokens\": 800", "\"gen_ai.usage.output_tokens\": 800.0")
            + "\n");
    // b.jsonl: ev-1 again, identical (a no-op), ev-3 again with other counts (a conflict), and a
    // line cut short
    Files.writeString(
        landing.resolve("b.jsonl"),
        ev1
            + "\n"
            + ev3.replace(
                "\"gen_ai.usage.input_tokens\": 10000", "\"gen_ai.usage.input_tokens\": 12000")
            + "\n"
            + EVENTS.get(3).substring(0, 60)
            + "\n");
    run(config("ev_bad", "usage_events", landing), "ingest", "normalize");

    // 7 records in = 4 good in bronze (ev-1 twice, ev-3 twice identically) + 3 quarantined;
    // silver.usage has ev-1 and ev-3 once
    assertEquals(7, count("select count(*) from bronze.ev_bad"));
    assertEquals(4, count("select count(*) from bronze.ev_bad where _error is null"));
    assertEquals(2, usageRows("ev_bad"));
    assertEquals(
        10000L,
        spark
            .sql(
                "select input_tokens from silver.usage where x_Source = 'ev_bad' and event_id = 'ev-3'")
            .first()
            .getLong(0));
    List<String> reasons = quarantine("ev_bad");
    assertEquals(3, reasons.size(), reasons.toString());
    assertEquals("2 input_tokens: '10.7' is not a whole number (bigint)", reasons.get(0));
    String conflict = reasons.get(1);
    assertEquals(
        true,
        conflict.startsWith(
            "2 event_id 'ev-3' delivered twice with different values: "
                + uri(landing.resolve("a.jsonl"))
                + " record 3 has {"),
        conflict);
    assertEquals(
        true,
        conflict.contains("\"input_tokens\":10000")
            && conflict.contains(uri(landing.resolve("b.jsonl")) + " record 2 has {")
            && conflict.contains("\"input_tokens\":12000"),
        conflict);
    assertEquals("3 malformed JSON: the record is not a JSON object", reasons.get(2));
  }

  // ---- native cloud bills and Anthropic costs: a truncated file and a wrong-typed value each
  // ------------

  /**
   * The fixture with its first occurrence of {@code from} replaced and its last record cut in half
   * (a stopped delivery).
   */
  private static String mistypedAndCut(String fixture, String from, String to) {
    String text = fixture(fixture).stripTrailing();
    String mistyped =
        text.replaceFirst(
            java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    int lastLine = mistyped.lastIndexOf('\n');
    return mistyped.substring(0, lastLine + (mistyped.length() - lastLine) / 2);
  }

  /**
   * Runs ingest and normalize over one file; returns records in bronze, and checks bronze = ledger
   * + quarantine.
   */
  private static List<String> ingestBill(
      String source, String type, String fileName, String content) throws IOException {
    Path landing = landing(source);
    Files.writeString(landing.resolve(fileName), content);
    run(config(source, type, landing), "ingest", "normalize");
    long in = count("select count(*) from bronze." + source);
    List<String> reasons = quarantine(source);
    // records, not lines: a GCP row's credits are ledger lines of their own, with the row's lineage
    long records =
        count(
            "select count(distinct x_SourceFile, x_SourceRow) from silver.ledger where x_Source = '"
                + source
                + "'");
    assertEquals(in, records + reasons.size(), "rows in = ledger + quarantine: " + reasons);
    return reasons;
  }

  @Test
  void awsCurTruncatedFileAndWrongTypedCost() throws IOException {
    List<String> reasons =
        ingestBill(
            "cur_bad",
            "aws_cur",
            "cur.csv",
            mistypedAndCut("aws_cur/cur2_2026-07.csv", "USD,4.608,", "USD,4.6o8,"));
    assertEquals(21, count("select count(*) from bronze.cur_bad"));
    assertEquals(2, reasons.size(), reasons.toString());
    assertEquals(
        "1 line_item_unblended_cost: cannot read '4.6o8' as decimal(38,18)", reasons.get(0));
    assertEquals(
        true,
        reasons.get(1).startsWith("21 malformed record: wrong number of fields"),
        reasons.toString());
  }

  @Test
  void azureTruncatedFileAndWrongTypedCost() throws IOException {
    List<String> reasons =
        ingestBill(
            "az_bad",
            "azure_cost",
            "actual.csv",
            mistypedAndCut(
                "azure_cost/mca_actual_ai_2026-07.csv", ",USD,USD,3.8085,", ",USD,USD,3.8O85,"));
    assertEquals(8, count("select count(*) from bronze.az_bad"));
    assertEquals(2, reasons.size(), reasons.toString());
    assertEquals(
        true,
        reasons.get(0).startsWith("1 ")
            && reasons.get(0).contains("cannot read '3.8O85' as decimal(38,18)"),
        reasons.toString());
    assertEquals(true, reasons.get(1).startsWith("8 malformed record"), reasons.toString());
  }

  @Test
  void gcpTruncatedLineAndWrongTypedCost() throws IOException {
    List<String> reasons =
        ingestBill(
            "gcp_bad",
            "gcp_billing",
            "export.jsonl",
            mistypedAndCut(
                "gcp_billing/billing_export_2026-07.jsonl",
                "\"cost\": 2.5,",
                "\"cost\": \"2.5 USD\","));
    assertEquals(10, count("select count(*) from bronze.gcp_bad"));
    assertEquals(2, reasons.size(), reasons.toString());
    assertEquals("1 cost: cannot read '2.5 USD' as decimal(38,18)", reasons.get(0));
    assertEquals(
        "10 malformed record: wrong number of fields; cost is empty; currency is empty; invoice_month is empty",
        reasons.get(1));
  }

  @Test
  void gcpCreditsThatCannotBeReadExactlyQuarantineTheirRecord() throws IOException {
    // The ledger makes a line of every credit: one that cannot be read must not vanish (unparseable
    // credits
    // were an empty list) or round to 0 (1e-30) there.
    List<String> records =
        Arrays.stream(fixture("gcp_billing/billing_export_2026-07.jsonl").split("\n"))
            .filter(l -> !l.isBlank())
            .toList();
    String first = records.get(0); // credits: -0.75 (sustained use), -0.3 (free trial)
    String content =
        String.join(
                "\n",
                first.replace("\"amount\": -0.75,", "\"amount\": 1e-30,"),
                first.replace("\"amount\": -0.3,", "\"amount\": \"abc\","),
                first.replaceFirst(
                    "\"credits\": \\[.*?\\], \"invoice\"", "\"credits\": \"none\", \"invoice\""),
                first.replace("\"amount\": -0.75, ", ""),
                records.get(1))
            + "\n";
    List<String> reasons = ingestBill("gcp_credits", "gcp_billing", "export.jsonl", content);
    assertEquals(5, count("select count(*) from bronze.gcp_credits"));
    assertEquals(
        List.of(
            "1 credits[0].amount: '1e-30' is below the money scale: fewer than 6 significant digits within 18 decimals (decimal(38,18)); it is not rounded",
            "2 credits[1].amount: cannot read 'abc' as decimal(38,18)",
            "3 credits: cannot read 'none' as a JSON array of credits",
            "4 credits[0].amount is missing"),
        reasons);
    assertEquals("0.36", ledgerTotal("gcp_credits"));
  }

  @Test
  void anthropicCostsTruncatedPageAndAmountsBeyondTheScale() throws IOException {
    Path landing = landing("ant_bad");
    String page = fixture("anthropic/cost_report_2026-07_page1.json");
    Files.writeString(
        landing.resolve("page1.json"),
        page.replaceFirst("\"54.702\"", "\"1e-20\"").replaceFirst("\"9.0\"", "\"nine\""));
    Files.writeString(landing.resolve("page2.json"), page.substring(0, page.length() / 2));
    run(config("ant_bad", "anthropic_costs", landing), "ingest", "normalize");
    long in = count("select count(*) from bronze.ant_bad");
    List<String> reasons = quarantine("ant_bad");
    assertEquals(in, ledgerRows("ant_bad") + reasons.size(), reasons.toString());
    assertEquals(
        List.of(
            "1 amount: '1e-20' is below the money scale: fewer than 6 significant digits within 12 decimals (decimal(30,12)); it is not rounded",
            "2 amount: cannot read 'nine' as decimal(30,12)",
            "1 malformed JSON: not a readable anthropic_costs page"),
        reasons);
  }

  /**
   * A usage page edited to give its first result a fractional count and another a whole count
   * written as a float: the first is quarantined with {@code reason}, every other result is read;
   * before, the fraction made the whole page unreadable. Returns the source's input and output
   * tokens in silver.provider_usage.
   */
  private static List<String> usagePageWithAFraction(
      String source,
      String type,
      String fixture,
      java.util.function.UnaryOperator<String> edit,
      String reason)
      throws IOException {
    Path landing = landing(source);
    Files.writeString(landing.resolve("page1.json"), edit.apply(fixture(fixture)));
    run(config(source, type, landing), "ingest", "normalize");
    assertEquals(List.of(reason), quarantine(source));
    return spark
        .sql(
            "select token_type, sum(tokens) from silver.provider_usage where x_Source = '"
                + source
                + "' and token_type in ('input', 'output')"
                + " group by 1 order by 1")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0) + " " + r.get(1))
        .toList();
  }

  @Test
  void anthropicUsageFractionalCountIsQuarantinedAndTheRestOfThePageKept() throws IOException {
    // 2 results in = 1 whole result + 1 quarantined
    List<String> tokens =
        usagePageWithAFraction(
            "ant_usage_bad",
            "anthropic_usage",
            "anthropic/usage_report_messages_2026-07_page1.json",
            page ->
                page.replaceFirst("\"output_tokens\": 40512,", "\"output_tokens\": 40512.7,")
                    .replaceFirst(
                        "\"uncached_input_tokens\": 9100,", "\"uncached_input_tokens\": 9100.0,"),
            "1 output_tokens: '40512.7' is not a whole number (bigint)");
    assertEquals(2, count("select count(*) from bronze.ant_usage_bad"));
    assertEquals(List.of("input 9100", "output 2210"), tokens);
  }

  @Test
  void openAiUsageFractionalCountIsQuarantinedAndTheRestOfThePageKept() throws IOException {
    // 5 results in = 4 whole results + 1 quarantined. The fixture's results 2-5: uncached input
    // 200000 + 500666 + 1000000 + 134 = 1700800, output 50000 + 100 + 1000000 + 56 = 1050156 (the
    // first
    // result's 493827 and 410000 are quarantined)
    List<String> tokens =
        usagePageWithAFraction(
            "oai_usage_bad",
            "openai_usage",
            "openai/usage_completions_2026-07_page1.json",
            page ->
                page.replaceFirst("\"output_tokens\": 410000,", "\"output_tokens\": 410000.5,")
                    .replaceFirst(
                        "\"input_uncached_tokens\": 200000,",
                        "\"input_uncached_tokens\": 200000.0,"),
            "1 output_tokens: '410000.5' is not a whole number (bigint)");
    assertEquals(5, count("select count(*) from bronze.oai_usage_bad"));
    assertEquals(List.of("input 1700800", "output 1050156"), tokens);
  }

  // ---- the company's own files: revenue, invoices, usage metrics
  // -----------------------------------------

  /** "file record reason" of the source's quarantine, in file and record order. */
  private static List<String> quarantinedWithFile(String source) {
    return spark
        .sql(
            "select file, record, reason from silver.quarantine where source = '"
                + source
                + "' order by file, record")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0) + " " + r.getLong(1) + " " + r.getString(2))
        .toList();
  }

  /**
   * The same ingest again under --strict for one period: the quarantined rows make it a failure.
   */
  private static CogsException strictIngestFails(CogsConfig config, String period) {
    Lake lake = TestLakes.open(spark, config);
    return assertThrows(
        CogsException.class,
        () ->
            Pipeline.runStage(
                "ingest", lake, RunContext.of("ingest", List.of(period), true, false, config)));
  }

  @Test
  void revenueBadRowsAreQuarantinedNamingFileRecordAndReason() throws IOException {
    Path landing = landing("rev_bad");
    Path file = landing.resolve("revenue.csv");
    Files.writeString(
        file,
        "billing_period,customer,product,plan,stream,revenue,currency\n"
            + "2025-09,acme,assistant,paid,ai,1000.00,USD\n"
            + "2025-09,globex,assistant,paid,ai,\"1,000.50\",USD\n" // a thousands separator
            + "2025-09,,assistant,paid,ai,20.00,USD\n" // no customer
            + "2025-13,initech,assistant,paid,ai,30.00,USD\n" // no such month
            + "2025-09,umbrella,search,trial,ai,0.123456789012345678,USD\n"
            + "2025-09,hooli,assistant,paid,ai,1e-30,USD\n" // beyond the money scale
            + "2025-09,hooli,search,paid,platform,5.00\n"); // a field short
    CogsConfig config = config("rev_bad", "revenue", landing);
    run(config, "ingest", "normalize");

    // 7 rows in = 2 in silver.revenue + 5 quarantined
    assertEquals(7, count("select count(*) from bronze.rev_bad"));
    assertEquals(2, count("select count(*) from silver.revenue where x_Source = 'rev_bad'"));
    assertEquals(
        List.of("acme 1000", "umbrella 0.123456789012345678"),
        spark
            .sql(
                "select customer, revenue from silver.revenue where x_Source = 'rev_bad' order by customer")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0) + " " + r.getDecimal(1).stripTrailingZeros().toPlainString())
            .toList());
    String f = uri(file);
    assertEquals(
        List.of(
            f + " 2 revenue: cannot read '1,000.50' as decimal(38,18)",
            f + " 3 customer is empty",
            f + " 4 billing period cannot be read",
            f
                + " 6 revenue: '1e-30' is below the money scale: fewer than 6 significant digits within 18 decimals (decimal(38,18)); it is not rounded",
            f + " 7 malformed record: wrong number of fields; currency is empty"),
        quarantinedWithFile("rev_bad"));

    CogsException strict = strictIngestFails(config, "2025-09");
    assertEquals(3, strict.exitCode());
    assertEquals(
        "Source rev_bad, file "
            + f
            + ", record 2 (period 2025-09) failed validation: revenue: cannot read '1,000.50' as decimal(38,18) (--strict)",
        strict.getMessage());
  }

  @Test
  void invoiceBadRowsAreQuarantinedNamingFileRecordAndReason() throws IOException {
    Path landing = landing("inv_bad");
    Path file = landing.resolve("invoices.csv");
    Files.writeString(
        file,
        "provider,invoice_id,billing_period,currency,total\n"
            + "Amazon Web Services,INV-1,2025-09,USD,123.45\n"
            + "Google,INV-2,2025-09,USD,12.3.4\n" // not a number
            + "Microsoft,,2025-09,USD,10.00\n" // no invoice id
            + "OpenAI,INV-4,09/2025,USD,5.00\n" // not YYYY-MM
            + "Anthropic,INV-5,2025-09,USD,1234567890.123456789012345678\n"
            + "Anthropic,INV-6,2025-09,USD\n"); // a field short
    CogsConfig config = config("inv_bad", "invoices", landing);
    run(config, "ingest", "normalize");

    // 6 rows in = 2 in silver.invoices + 4 quarantined
    assertEquals(6, count("select count(*) from bronze.inv_bad"));
    assertEquals(
        List.of("INV-1 123.45", "INV-5 1234567890.123456789012345678"),
        spark
            .sql(
                "select invoice_id, total from silver.invoices where x_Source = 'inv_bad' order by invoice_id")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0) + " " + r.getDecimal(1).stripTrailingZeros().toPlainString())
            .toList());
    String f = uri(file);
    assertEquals(
        List.of(
            f + " 2 total: cannot read '12.3.4' as decimal(38,18)",
            f + " 3 invoice_id is empty",
            f + " 4 billing period cannot be read",
            f + " 6 malformed record: wrong number of fields; total is empty"),
        quarantinedWithFile("inv_bad"));

    CogsException strict = strictIngestFails(config, "2025-09");
    assertEquals(3, strict.exitCode());
    assertEquals(
        "Source inv_bad, file "
            + f
            + ", record 2 (period 2025-09) failed validation: total: cannot read '12.3.4' as decimal(38,18) (--strict)",
        strict.getMessage());
  }

  @Test
  void usageMetricBadRowsAreQuarantinedNamingFileRecordAndReason() throws IOException {
    Path landing = landing("um_bad");
    Path csv = landing.resolve("metrics.csv");
    Files.writeString(
        csv,
        "date,metric,quantity,customer,product,env\n"
            + "2026-07-01,vector_queries,120,acme,search,prod\n"
            + "2026-07-01,vector_queries,12o,globex,search,prod\n" // not a number
            + "2026-07-01,,30,initech,search,prod\n" // no metric
            + "2026-07,vector_queries,40,umbrella,search,prod\n" // a month, not a day: the cast
            // made it July 1st
            + "2026-13-01,vector_queries,50,hooli,search,prod\n" // no such month
            + "2026-07-02 noon,vector_queries,55,hooli,search,prod\n" // the cast ignored what
            // follows the space
            + "2026-07-02,vector_queries,60,acme,search,prod\n");
    Path json = landing.resolve("metrics.jsonl");
    Files.writeString(
        json,
        "{\"date\": \"2026-07-03\", \"metric\": \"vector_queries\", \"quantity\": 123456789012.3456789012, \"customer\": \"acme\"}\n"
            + "{\"date\": \"2026-07-03\", \"metric\": \"vector_queries\", \"quantity\": 7.5, \"customer\": 12.5}\n" // a key as a number, still text
            + "{\"date\": \"2026-07-03\", \"metric\": \"vector_queries\", \"quantity\": \"many\", \"customer\": \"globex\"}\n"
            + "{\"date\": \"2026-07-03\", \"quantity\": 3, \"customer\": \"initech\"}\n" // no
            // metric
            + "{\"date\": \"2026-07-03\", \"metric\": \"vector_queries\", \"quantity\": 1e-12, \"customer\": \"hooli\"}\n" // 0 at silver's 10 decimals
            + "{\"date\": \"2026-07-03\", \"metric\": \"vector_queries\", \"quan\n");
    CogsConfig config = config("um_bad", "usage_metrics", landing);
    run(config, "ingest", "normalize");

    // 13 rows in = 4 in silver.usage_metrics + 9 quarantined
    assertEquals(13, count("select count(*) from bronze.um_bad"));
    assertEquals(
        List.of(
            "2026-07-01 acme 120",
            "2026-07-02 acme 60",
            "2026-07-03 12.5 7.5",
            "2026-07-03 acme 123456789012.3456789012"),
        spark
            .sql(
                "select usage_date, customer, quantity from silver.usage_metrics where x_Source = 'um_bad' order by 1, 2")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.get(0)
                        + " "
                        + r.getString(1)
                        + " "
                        + r.getDecimal(2).stripTrailingZeros().toPlainString())
            .toList());
    String c = uri(csv);
    String j = uri(json);
    assertEquals(
        List.of(
            c + " 2 quantity: cannot read '12o' as decimal(38,18)",
            c + " 3 metric is empty",
            c + " 4 date: cannot read '2026-07' as date (YYYY-MM-DD)",
            c + " 5 date: cannot read '2026-13-01' as date (YYYY-MM-DD)",
            c + " 6 date: cannot read '2026-07-02 noon' as date (YYYY-MM-DD)",
            j + " 3 quantity: cannot read 'many' as decimal(38,18)",
            j + " 4 metric is empty",
            j
                + " 5 quantity: '1E-12' is below the scale silver.usage_metrics keeps: fewer than 6 significant digits within 10 decimals;"
                + " it is not rounded",
            j + " 6 malformed JSON: the record is not a JSON object"),
        quarantinedWithFile("um_bad"));

    CogsException strict = strictIngestFails(config, "2026-07");
    assertEquals(3, strict.exitCode());
    assertEquals(
        "Source um_bad, file "
            + c
            + ", record 2 (period 2026-07) failed validation: quantity: cannot read '12o' as decimal(38,18) (--strict)",
        strict.getMessage());
  }

  @Test
  void aDuplicatedColumnOfRevenueInvoicesOrUsageMetricsIsAFileErrorNamingBothPositions()
      throws IOException {
    // reading either copy would be a guess: the file is refused whole, with its name and both
    // positions
    List<List<String>> cases =
        List.of(
            List.of(
                "revenue",
                "billing_period,customer,product,plan,revenue,currency,revenue\n2025-09,acme,assistant,paid,10.00,USD,12.00\n",
                "column revenue appears at positions 5 and 7"),
            List.of(
                "invoices",
                "provider,invoice_id,billing_period,Total,currency,total\nGoogle,INV-1,2025-09,1.00,USD,2.00\n",
                "column Total appears at positions 4 and 6"),
            List.of(
                "usage_metrics",
                "date,metric,quantity,customer,quantity\n2026-07-01,vector_queries,1,acme,2\n",
                "column quantity appears at positions 3 and 5"));
    for (List<String> c : cases) {
      String source = c.get(0) + "_dup";
      Path landing = landing(source);
      Files.writeString(landing.resolve("dup.csv"), c.get(1));
      CogsException e = ingestFails(config(source, c.get(0), landing));
      assertEquals(3, e.exitCode(), source);
      assertEquals(
          "File "
              + uri(landing.resolve("dup.csv"))
              + " is not a readable "
              + c.get(0)
              + " file: "
              + c.get(2),
          e.getMessage());
      assertEquals(
          0, count("select count(*) from silver.quarantine where source = '" + source + "'"));
    }
  }
}
