package io.cogslake.report;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The month-end workbook (.xlsx): a summary sheet, then one sheet per gold table for the period.
 * Numbers are numeric cells (money with a currency format, percentages and ratios with their own),
 * text is a string cell — and text a spreadsheet would take for a formula ({@code =HYPERLINK(…)})
 * is also marked quote-prefixed, as if typed after an apostrophe, so it stays text even when the
 * cell is edited.
 */
public final class ReportWorkbook implements AutoCloseable {
  private static final int SUMMARY_COLUMNS = 8;

  private final XSSFWorkbook workbook = new XSSFWorkbook();
  private final String reportingCurrency;
  private final DataFormat formats = workbook.createDataFormat();
  private final Map<String, CellStyle> styles = new HashMap<>();

  public ReportWorkbook(String reportingCurrency) {
    this.reportingCurrency = reportingCurrency;
  }

  /** The summary sheet: title, then each section as a small table. */
  public void summary(MonthEndFigures figures) {
    Sheet sheet = workbook.createSheet("summary");
    int r = 0;
    Row title = sheet.createRow(r++);
    text(title.createCell(0), "Month-end pack, billing period " + figures.period(), style("title"));
    Row currency = sheet.createRow(r++);
    text(currency.createCell(0), "Reporting currency", style("text"));
    text(currency.createCell(1), reportingCurrency, style("text"));
    List<String> status = figures.statusLines();
    Row statusRow = sheet.createRow(r++);
    text(statusRow.createCell(0), "Status", style("text"));
    text(statusRow.createCell(1), status.get(0), style("text"));
    for (String line : status.subList(1, status.size())) {
      text(sheet.createRow(r++).createCell(1), line.strip(), style("text"));
    }
    for (MonthEndFigures.Section section :
        List.of(
            figures.margin(),
            figures.cogsByCategory(),
            figures.cogsByComponent(),
            figures.reconciliation(),
            figures.allocationCoverage(),
            figures.forecast(),
            figures.cogsBridge(),
            figures.whatIf())) {
      r++;
      text(sheet.createRow(r++).createCell(0), section.title(), style("section"));
      r = rows(sheet, r, section.schema(), section.rows().iterator());
    }
    for (int c = 0; c < SUMMARY_COLUMNS; c++) {
      sheet.setColumnWidth(c, 18 * 256);
    }
  }

  /**
   * One sheet named after the table, a header row and its rows; returns the number of rows written.
   */
  public int table(String name, StructType schema, Iterator<org.apache.spark.sql.Row> rows) {
    Sheet sheet = workbook.createSheet(name.length() > 31 ? name.substring(0, 31) : name);
    int end = rows(sheet, 0, schema, rows);
    sheet.createFreezePane(0, 1);
    for (int c = 0; c < schema.fields().length; c++) {
      sheet.setColumnWidth(c, 20 * 256);
    }
    return end - 1;
  }

  public void save(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      workbook.write(out);
    }
  }

  @Override
  public void close() throws IOException {
    workbook.close();
  }

  /** A header row and the rows from {@code start}; returns the next free row index. */
  private int rows(
      Sheet sheet, int start, StructType schema, Iterator<org.apache.spark.sql.Row> rows) {
    StructField[] fields = schema.fields();
    Row header = sheet.createRow(start);
    for (int c = 0; c < fields.length; c++) {
      text(header.createCell(c), fields[c].name(), style("header"));
    }
    int currencyColumn = -1;
    for (int c = 0; c < fields.length; c++) {
      if (fields[c].name().equals("currency")) {
        currencyColumn = c;
      }
    }
    int r = start + 1;
    while (rows.hasNext()) {
      org.apache.spark.sql.Row data = rows.next();
      String rowCurrency =
          currencyColumn >= 0 && !data.isNullAt(currencyColumn)
              ? data.getString(currencyColumn)
              : reportingCurrency;
      Row row = sheet.createRow(r++);
      for (int c = 0; c < fields.length; c++) {
        if (!data.isNullAt(c)) {
          value(row.createCell(c), fields[c], data.get(c), rowCurrency);
        }
      }
    }
    return r;
  }

  private void value(Cell cell, StructField field, Object value, String currency) {
    DataType type = field.dataType();
    if (value instanceof BigDecimal d) {
      cell.setCellValue(d.doubleValue());
      cell.setCellStyle(style(numberKind(field.name(), type, currency)));
    } else if (value instanceof Number n) {
      cell.setCellValue(n.doubleValue());
      cell.setCellStyle(style(type.equals(DataTypes.DoubleType) ? "ratio" : "integer"));
    } else if (value instanceof Boolean b) {
      cell.setCellValue(b);
    } else {
      text(cell, String.valueOf(value), style("text"));
    }
  }

  /** Percentages (…_pct, 0-100), ratios and multipliers, or money in the row's currency. */
  private static String numberKind(String column, DataType type, String currency) {
    if (column.endsWith("_pct")) {
      return "percent";
    }
    if (column.endsWith("_share")
        || column.endsWith("_change")
        || column.endsWith("_buffer")
        || column.endsWith("_multiplier")
        || column.startsWith("calls_per")
        || column.equals("share")) {
      return "ratio";
    }
    if (type instanceof DecimalType) {
      return "money:" + currency;
    }
    return "ratio";
  }

  private void text(Cell cell, String value, CellStyle style) {
    cell.setCellValue(value);
    cell.setCellStyle(SafeText.looksLikeFormula(value) ? style("literal") : style);
  }

  private CellStyle style(String kind) {
    return styles.computeIfAbsent(kind, this::newStyle);
  }

  private CellStyle newStyle(String kind) {
    CellStyle style = workbook.createCellStyle();
    if (kind.startsWith("money:")) {
      style.setDataFormat(formats.getFormat(currencyFormat(kind.substring("money:".length()))));
      return style;
    }
    switch (kind) {
      case "percent" -> style.setDataFormat(formats.getFormat("0.00\"%\""));
      case "ratio" -> style.setDataFormat(formats.getFormat("0.0000"));
      case "integer" -> style.setDataFormat(formats.getFormat("#,##0"));
      case "literal" -> {
        style.setDataFormat(formats.getFormat("@"));
        style.setQuotePrefixed(true);
      }
      case "header", "section", "title" -> {
        Font bold = workbook.createFont();
        bold.setBold(true);
        if (kind.equals("title")) {
          bold.setFontHeightInPoints((short) 14);
        }
        style.setFont(bold);
      }
      default -> style.setDataFormat(formats.getFormat("@"));
    }
    return style;
  }

  /** An Excel currency format: the symbol for the common ones, the ISO code otherwise. */
  static String currencyFormat(String currency) {
    String symbol =
        switch (currency == null ? "" : currency) {
          case "USD" -> "\"$\"";
          case "EUR" -> "\"€\"";
          case "GBP" -> "\"£\"";
          case "JPY" -> "\"¥\"";
          default -> null;
        };
    String number = "#,##0.00";
    if (symbol == null) {
      String code = "\"" + (currency == null ? "" : currency.replace("\"", "")) + " \"";
      return code + number + ";-" + code + number;
    }
    return symbol + number + ";-" + symbol + number;
  }
}
