package io.cogslake.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * The month-end HTML page: the summary tables and the charts (PNG files in a folder beside the
 * page, referenced relatively so the folder can be moved or mailed as a whole). Every value from
 * the data is HTML-escaped.
 */
public final class ReportPage {
  /** Customers listed on the page: the costliest ones; the workbook has them all. */
  static final int MAX_CUSTOMERS = 25;

  private ReportPage() {}

  public static void write(
      Path page, MonthEndFigures f, List<ReportCharts.Chart> charts, String currency)
      throws IOException {
    Path folder = page.toAbsolutePath().getParent();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Month-end pack ")
        .append(SafeText.html(f.period()))
        .append("</title>\n")
        .append(
            "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:0 0 1.5em}")
        .append(
            "th,td{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right}th{background:#f2f2f2}")
        .append(
            "img{max-width:100%;margin:0 0 1.5em}.above{color:#c0392b}"
                + ".status{padding:6px 10px;display:inline-block}.final{background:#e8f5e9}.provisional{background:#fff3e0}</style>\n</head>\n<body>\n")
        .append("<h1>Month-end pack, billing period ")
        .append(SafeText.html(f.period()))
        .append("</h1>\n");
    status(html, f.statusLines());
    html.append("<p>Money in ")
        .append(SafeText.html(currency))
        .append(
            " (reconciliation in each invoice's currency). The workbook beside this page has every gold table of the period.</p>\n");
    for (MonthEndFigures.Section section :
        List.of(
            f.margin(),
            f.cogsByCategory(),
            f.cogsByComponent(),
            f.reconciliation(),
            f.allocationCoverage(),
            f.monthToDate(),
            f.forecast(),
            f.cogsBridge(),
            f.anomalies(),
            f.stress(),
            f.whatIf(),
            f.costPerAction(),
            f.pricePlans(),
            f.ltvCac(),
            f.userTenure())) {
      table(html, section);
    }
    html.append("<h2>Charts</h2>\n");
    for (ReportCharts.Chart chart : charts) {
      String src = folder.relativize(chart.file().toAbsolutePath()).toString().replace('\\', '/');
      html.append("<figure><img src=\"")
          .append(SafeText.html(src))
          .append("\" alt=\"")
          .append(SafeText.html(chart.title()))
          .append("\"><figcaption>")
          .append(SafeText.html(chart.title()))
          .append("</figcaption></figure>\n");
    }
    customers(html, f.customerCosts());
    html.append("</body>\n</html>\n");
    Files.createDirectories(folder);
    Files.writeString(page, html, StandardCharsets.UTF_8);
  }

  /** Final or provisional, first, so a reader knows what kind of figures follow. */
  private static void status(StringBuilder html, List<String> lines) {
    String kind = lines.get(0).startsWith("Final") ? "final" : "provisional";
    html.append("<p class=\"status ")
        .append(kind)
        .append("\"><strong>")
        .append(SafeText.html(lines.get(0)))
        .append("</strong></p>\n");
    if (lines.size() > 1) {
      html.append("<ul class=\"overridden\">\n");
      lines
          .subList(1, lines.size())
          .forEach(
              line ->
                  html.append("<li>")
                      .append(SafeText.html(line.strip().substring(2)))
                      .append("</li>\n"));
      html.append("</ul>\n");
    }
  }

  private static void table(StringBuilder html, MonthEndFigures.Section section) {
    html.append("<h2>").append(SafeText.html(section.title())).append("</h2>\n<table>\n<tr>");
    for (StructField field : section.schema().fields()) {
      html.append("<th>").append(SafeText.html(field.name())).append("</th>");
    }
    html.append("</tr>\n");
    for (Row row : section.rows()) {
      html.append("<tr>");
      for (int i = 0; i < row.length(); i++) {
        Object v = row.get(i);
        boolean number = v instanceof Number;
        html.append(number ? "<td class=\"n\">" : "<td>")
            .append(SafeText.html(format(v, section.schema().fields()[i].name())))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  /** The costliest customers by name (escaped), those whose cost exceeds their revenue marked. */
  private static void customers(StringBuilder html, MonthEndFigures.Section customers) {
    int above = customers.index("above_revenue");
    long count =
        customers.rows().stream().filter(r -> !r.isNullAt(above) && r.getBoolean(above)).count();
    html.append("<h2>Cost per customer</h2>\n<p>")
        .append(count)
        .append(" of ")
        .append(customers.rows().size())
        .append(
            " customers cost more than their revenue (marked <span class=\"above\">red</span>).")
        .append(
            customers.rows().size() > MAX_CUSTOMERS
                ? " The " + MAX_CUSTOMERS + " costliest are listed; the workbook has them all."
                : "")
        .append(
            "</p>\n<table>\n<tr><th>customer</th><th>plan</th><th>revenue</th><th>cogs</th><th>margin %</th><th>cost above revenue</th></tr>\n");
    customers.rows().stream()
        .limit(MAX_CUSTOMERS)
        .forEach(
            r -> {
              boolean isAbove = !r.isNullAt(above) && r.getBoolean(above);
              html.append(isAbove ? "<tr class=\"above\">" : "<tr>")
                  .append("<td>")
                  .append(SafeText.html(r.getString(customers.index("customer"))))
                  .append("</td><td>")
                  .append(SafeText.html(r.getString(customers.index("plan"))))
                  .append("</td><td class=\"n\">")
                  .append(format(r.get(customers.index("revenue"))))
                  .append("</td><td class=\"n\">")
                  .append(format(r.get(customers.index("cogs"))))
                  .append("</td><td class=\"n\">")
                  .append(format(r.get(customers.index("margin_pct"))))
                  .append("</td><td>")
                  .append(isAbove ? "yes" : "")
                  .append("</td></tr>\n");
            });
    html.append("</table>\n");
  }

  /** Money and percentages to two decimals, counts as they are, text as it is. */
  private static String format(Object value) {
    return format(value, "");
  }

  /**
   * As {@link #format(Object)}; the cost of one action or request (cents or less) to four decimals.
   */
  private static String format(Object value, String column) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal d) {
      int scale = column.contains("per_action") || column.contains("per_request") ? 4 : 2;
      return String.format("%,." + scale + "f", d.setScale(scale, RoundingMode.HALF_EVEN));
    }
    return String.valueOf(value);
  }
}
