package io.cogslake.report;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.GoldFixture;
import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.cli.CogsCli;
import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.TableSpec;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The month-end pack read back: the workbook with POI, the page and its charts from disk. */
class MonthEndReportTest extends SparkTestBase {
  // One pack for the class: the tests only read it.
  @TempDir static Path dir;
  static CogsConfig config;
  static Lake lake;
  static Path out;

  @BeforeAll
  static void report() throws Exception {
    config = GoldFixture.config(dir);
    lake = TestLakes.open(spark, config);
    GoldFixture.fill(spark, lake, "2025-03", "125.00", "100");
    TestLakes.run(lake, config, List.of("gold"), "2025-03");
    Path conf =
        Files.writeString(dir.resolve("report.yaml"), "lake: " + dir.resolve("lake") + "\n");
    out = dir.resolve("pack");
    assertEquals(
        0,
        CogsCli.execute(
            "report", "--conf", conf.toString(), "--period", "2025-03", "--out", out.toString()));
  }

  @Test
  void theWorkbookHasASummaryAndOneSheetPerGoldTableWithNumbersAsNumbersAndTotalsEqualToGold()
      throws Exception {
    try (XSSFWorkbook workbook = open()) {
      List<String> sheets = new ArrayList<>();
      workbook.forEach(s -> sheets.add(s.getSheetName()));
      List<String> expected = new ArrayList<>(List.of("summary"));
      BuildMonthEndReportJob.tables().forEach(t -> expected.add(t.name()));
      assertEquals(expected, sheets);

      for (TableSpec table : BuildMonthEndReportJob.tables()) {
        long lakeRows = lake.read(table).filter(col("billing_period").equalTo("2025-03")).count();
        assertEquals(lakeRows, workbook.getSheet(table.name()).getLastRowNum(), table.name());
      }
      assertEquals(
          gold("select sum(amount) from gold.cogs where billing_period = '2025-03'"),
          columnTotal(workbook.getSheet("cogs"), "amount"));
      assertEquals(
          gold("select sum(cogs) from gold.customer_economics where billing_period = '2025-03'"),
          columnTotal(workbook.getSheet("customer_economics"), "cogs"));
      assertEquals(
          gold("select sum(revenue) from gold.customer_economics where billing_period = '2025-03'"),
          columnTotal(workbook.getSheet("customer_economics"), "revenue"));
      assertEquals(
          gold(
              "select sum(ledger_total) from gold.reconciliation where billing_period = '2025-03'"),
          columnTotal(workbook.getSheet("reconciliation"), "ledger_total"));

      // Money is numeric with a currency format; counts numeric; text is text.
      Sheet economics = workbook.getSheet("customer_economics");
      Cell cogs = economics.getRow(1).getCell(column(economics, "cogs"));
      assertEquals(CellType.NUMERIC, cogs.getCellType());
      assertTrue(
          cogs.getCellStyle().getDataFormatString().contains("$"),
          cogs.getCellStyle().getDataFormatString());
      assertEquals(
          CellType.NUMERIC,
          economics.getRow(1).getCell(column(economics, "requests")).getCellType());
      assertEquals(
          CellType.STRING, economics.getRow(1).getCell(column(economics, "plan")).getCellType());

      // Summary: the blended and AI margins of all products, as in gold.gross_margin.
      Sheet summary = workbook.getSheet("summary");
      Row blended = find(summary, "blended");
      assertNotNull(blended, "summary has the blended margin");
      assertEquals(
          gold(
              "select revenue from gold.gross_margin where billing_period = '2025-03' and product = 'ALL' and layer = 'blended'"),
          cents(blended.getCell(2).getNumericCellValue()));
      assertEquals(
          gold(
              "select gross_margin_pct from gold.gross_margin where billing_period = '2025-03' and product = 'ALL' and layer = 'blended'"),
          cents(blended.getCell(5).getNumericCellValue()));
      assertNotNull(find(summary, "ai"));
      assertNotNull(find(summary, "infrastructure"), "COGS by component");
      assertNotNull(find(summary, "RND"), "cost by category");
      assertNotNull(find(summary, "tied"), "reconciliation status");
      assertNotNull(find(summary, "Allocation coverage"));
    }
  }

  @Test
  void aFormulaLikeCustomerOrFeatureStaysTextInTheWorkbookAndThePage() throws Exception {
    try (XSSFWorkbook workbook = open()) {
      int literal = 0;
      for (Sheet sheet : workbook) {
        for (Row row : sheet) {
          for (Cell cell : row) {
            assertFalse(
                cell.getCellType() == CellType.FORMULA,
                sheet.getSheetName() + " " + cell.getAddress());
            if (cell.getCellType() == CellType.STRING
                && SafeText.looksLikeFormula(cell.getStringCellValue())) {
              assertTrue(
                  cell.getCellStyle().getQuotePrefixed(), cell.getAddress() + " is quote-prefixed");
              literal++;
            }
          }
        }
      }
      Cell customer =
          cellWithText(workbook.getSheet("customer_economics"), GoldFixture.FORMULA_CUSTOMER);
      assertNotNull(customer);
      assertEquals(CellType.STRING, customer.getCellType());
      assertNotNull(
          cellWithText(workbook.getSheet("feature_economics"), GoldFixture.FORMULA_FEATURE));
      assertTrue(literal >= 2, "formula-like values found: " + literal);
    }
    String page = Files.readString(out.resolve("cogs-month-end-2025-03.html"));
    assertTrue(
        page.contains("<td>=HYPERLINK(&quot;http://x&quot;)</td>"),
        "the customer's name, escaped, as text");
    assertFalse(page.contains(GoldFixture.FORMULA_CUSTOMER), "raw formula text in the page");
    assertTrue(
        page.contains("<tr class=\"above\"><td>heavy</td>"),
        "the heavy customer is marked above its revenue");
  }

  @Test
  void thePageReferencesChartsThatExist() throws Exception {
    Path page = out.resolve("cogs-month-end-2025-03.html");
    String html = Files.readString(page, StandardCharsets.UTF_8);
    Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
    List<String> sources = new ArrayList<>();
    while (img.find()) {
      sources.add(img.group(1));
    }
    assertEquals(
        List.of(
            "cogs_by_component",
            "gross_margin",
            "customer_costs",
            "model_mix",
            "stress",
            "what_if",
            "user_tenure",
            "daily_cost",
            "cogs_bridge"),
        sources.stream()
            .map(s -> s.substring(s.lastIndexOf('/') + 1).replace(".png", ""))
            .toList());
    for (String src : sources) {
      Path chart = page.getParent().resolve(src);
      assertTrue(Files.size(chart) > 1000, src);
      try (InputStream in = Files.newInputStream(chart)) {
        byte[] magic = in.readNBytes(4);
        assertEquals("PNG", new String(magic, 1, 3, StandardCharsets.US_ASCII), src);
      }
    }
  }

  @Test
  void theFirstLinesSayWhetherTheFiguresAreFinalOrProvisional() throws Exception {
    // March was never closed: provisional, on the page and in the workbook's summary.
    String march =
        Files.readString(out.resolve("cogs-month-end-2025-03.html"), StandardCharsets.UTF_8);
    assertTrue(
        march.contains(
            "<p class=\"status provisional\"><strong>Provisional: the period is open, its figures may still change</strong></p>"),
        march);
    try (XSSFWorkbook workbook = open()) {
      assertEquals(
          "Provisional: the period is open, its figures may still change",
          find(workbook.getSheet("summary"), "Status").getCell(1).getStringCellValue());
    }

    // April: openai's ledger 1.10 + 130.37 + 5.00 = 136.47 against its invoice of 131.10, closed
    // anyway.
    GoldFixture.fill(spark, lake, "2025-04", "130.37", "100");
    TestLakes.run(lake, config, List.of("gold"), "2025-04");
    new io.cogslake.pipeline.ClosePeriodJob(
            lake,
            io.cogslake.stage.RunContext.of("close", List.of("2025-04"), false, false, config))
        .close("2025-04", "credit note <CN-7> expected");
    Path conf =
        Files.writeString(dir.resolve("report-april.yaml"), "lake: " + dir.resolve("lake") + "\n");
    assertEquals(
        0,
        CogsCli.execute(
            "report", "--conf", conf.toString(), "--period", "2025-04", "--out", out.toString()));

    String april =
        Files.readString(out.resolve("cogs-month-end-2025-04.html"), StandardCharsets.UTF_8);
    Matcher status =
        Pattern.compile(
                "<p class=\"status final\"><strong>Final: closed \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC, forced over failed checks: credit note &lt;CN-7&gt; expected</strong></p>")
            .matcher(april);
    assertTrue(status.find(), april);
    assertTrue(
        april.contains(
            "<li>provider openai: invoice INV-O is not tied (over by 5.37 USD: ledger 136.47, invoice 131.10)</li>"),
        april);
    // the status comes before any figure
    assertTrue(april.indexOf("status final") < april.indexOf("<h2>"), april);
    try (XSSFWorkbook workbook =
        new XSSFWorkbook(Files.newInputStream(out.resolve("cogs-month-end-2025-04.xlsx")))) {
      Row row = find(workbook.getSheet("summary"), "Status");
      assertTrue(
          row.getCell(1)
              .getStringCellValue()
              .endsWith(", forced over failed checks: credit note <CN-7> expected"),
          row.getCell(1).getStringCellValue());
      assertEquals(
          "- provider openai: invoice INV-O is not tied (over by 5.37 USD: ledger 136.47, invoice 131.10)",
          workbook.getSheet("summary").getRow(row.getRowNum() + 1).getCell(1).getStringCellValue());
    }
  }

  @Test
  void htmlEscapesTheTextItShows() {
    assertEquals(
        "=HYPERLINK(&quot;http://x&quot;) &lt;b&gt; &amp; &#39;",
        SafeText.html("=HYPERLINK(\"http://x\") <b> & '"));
    assertTrue(
        SafeText.looksLikeFormula("+1")
            && SafeText.looksLikeFormula("-1")
            && SafeText.looksLikeFormula("@x"));
    assertFalse(SafeText.looksLikeFormula("acme"));
  }

  private static XSSFWorkbook open() throws Exception {
    try (InputStream in = Files.newInputStream(out.resolve("cogs-month-end-2025-03.xlsx"))) {
      return new XSSFWorkbook(in);
    }
  }

  private static BigDecimal gold(String sql) {
    BigDecimal value = spark.sql(sql).first().getDecimal(0);
    return value.setScale(2, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal cents(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
  }

  private static int column(Sheet sheet, String name) {
    for (Cell cell : sheet.getRow(0)) {
      if (cell.getStringCellValue().equals(name)) {
        return cell.getColumnIndex();
      }
    }
    throw new AssertionError("no column " + name + " in " + sheet.getSheetName());
  }

  private static BigDecimal columnTotal(Sheet sheet, String name) {
    int c = column(sheet, name);
    double total = 0;
    for (int r = 1; r <= sheet.getLastRowNum(); r++) {
      Cell cell = sheet.getRow(r).getCell(c);
      if (cell != null) {
        assertEquals(
            CellType.NUMERIC, cell.getCellType(), sheet.getSheetName() + " " + cell.getAddress());
        total += cell.getNumericCellValue();
      }
    }
    return cents(total);
  }

  private static Row find(Sheet sheet, String text) {
    Cell cell = cellWithText(sheet, text);
    return cell == null ? null : cell.getRow();
  }

  private static Cell cellWithText(Sheet sheet, String text) {
    for (Row row : sheet) {
      for (Cell cell : row) {
        if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().equals(text)) {
          return cell;
        }
      }
    }
    return null;
  }
}
