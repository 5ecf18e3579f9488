package io.cogslake.report;

import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DefaultPieDataset;

/**
 * The charts of the month-end page, drawn by JFreeChart as PNG files: COGS by component, gross
 * margin blended vs AI, cost per customer (the customers above their revenue in red), model mix and
 * the AI margin under each stress scenario, the saving of each configured simulation, cost per user
 * by tenure, cost per day and the COGS bridge from the month before.
 */
public final class ReportCharts {
  /** Customers drawn in the distribution chart: the costliest ones; the workbook has them all. */
  static final int MAX_CUSTOMERS = 40;

  private static final int WIDTH = 900;
  private static final int HEIGHT = 480;
  private static final Color ABOVE_REVENUE = new Color(0xC0392B);
  private static final Color WITHIN_REVENUE = new Color(0x2E86C1);

  /** One chart file: its name (file stem), title and path. */
  public record Chart(String name, String title, Path file) {}

  private ReportCharts() {}

  static {
    System.setProperty("java.awt.headless", "true");
  }

  public static List<Chart> write(MonthEndFigures f, Path folder, String currency)
      throws IOException {
    Files.createDirectories(folder);
    List<Chart> charts = new ArrayList<>();
    charts.add(save(folder, "cogs_by_component", cogsByComponent(f, currency)));
    charts.add(save(folder, "gross_margin", grossMargin(f)));
    charts.add(save(folder, "customer_costs", customerCosts(f, currency)));
    charts.add(save(folder, "model_mix", modelMix(f, currency)));
    charts.add(save(folder, "stress", stress(f)));
    charts.add(save(folder, "what_if", whatIf(f, currency)));
    charts.add(save(folder, "user_tenure", userTenure(f, currency)));
    charts.add(save(folder, "daily_cost", dailyCost(f, currency)));
    charts.add(save(folder, "cogs_bridge", cogsBridge(f, currency)));
    return charts;
  }

  private static Chart save(Path folder, String name, JFreeChart chart) throws IOException {
    Path file = folder.resolve(name + ".png");
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    chart.getPlot().setNoDataMessage("No data for this period");
    if (chart.getPlot() instanceof CategoryPlot plot) {
      plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    return new Chart(name, chart.getTitle().getText(), file);
  }

  private static JFreeChart cogsByComponent(MonthEndFigures f, String currency) {
    var section = f.cogsByComponent();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (var row : section.rows()) {
      data.addValue(
          number(row.get(section.index("amount"))),
          "COGS",
          row.getString(section.index("cost_component")));
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "COGS by component, " + f.period(),
            "component",
            currency,
            data,
            PlotOrientation.VERTICAL,
            false,
            true,
            false);
    bars(chart, WITHIN_REVENUE);
    return chart;
  }

  private static JFreeChart grossMargin(MonthEndFigures f) {
    var section = f.margin();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (var row : section.rows()) {
      Object pct = row.get(section.index("gross_margin_pct"));
      if (pct != null) {
        data.addValue(
            number(pct),
            row.getString(section.index("layer")),
            row.getString(section.index("product")));
      }
    }
    return ChartFactory.createBarChart(
        "Gross margin %, blended vs AI layer, " + f.period(),
        "product",
        "gross margin %",
        data,
        PlotOrientation.VERTICAL,
        true,
        true,
        false);
  }

  private static JFreeChart customerCosts(MonthEndFigures f, String currency) {
    var section = f.customerCosts();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    int drawn = 0;
    for (var row : section.rows()) {
      if (drawn++ == MAX_CUSTOMERS) {
        break;
      }
      boolean above = row.getBoolean(section.index("above_revenue"));
      String customer =
          java.util.Objects.toString(row.getString(section.index("customer")), "(none)");
      BigDecimal cogs = number(row.get(section.index("cogs")));
      data.addValue(above ? cogs : BigDecimal.ZERO, "cost above revenue", customer);
      data.addValue(above ? BigDecimal.ZERO : cogs, "cost within revenue", customer);
    }
    String title =
        "Cost per customer, "
            + f.period()
            + (section.rows().size() > MAX_CUSTOMERS ? " (costliest " + MAX_CUSTOMERS + ")" : "");
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            title, "customer", currency, data, PlotOrientation.VERTICAL, true, true, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setSeriesPaint(0, ABOVE_REVENUE);
    renderer.setSeriesPaint(1, WITHIN_REVENUE);
    return chart;
  }

  private static JFreeChart modelMix(MonthEndFigures f, String currency) {
    var section = f.modelMix();
    DefaultPieDataset<String> data = new DefaultPieDataset<>();
    for (var row : section.rows()) {
      String key =
          row.getString(section.index("provider")) + " / " + row.getString(section.index("model"));
      BigDecimal amount = number(row.get(section.index("amount")));
      if (amount.signum() > 0) {
        data.setValue(key, amount);
      }
    }
    return ChartFactory.createPieChart(
        "COGS by model (" + currency + "), " + f.period(), data, true, true, false);
  }

  private static JFreeChart stress(MonthEndFigures f) {
    var section = f.stress();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (var row : section.rows()) {
      Object pct = row.get(section.index("ai_gross_margin_pct"));
      if (pct != null) {
        data.addValue(number(pct), "AI gross margin %", row.getString(section.index("scenario")));
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "AI gross margin under stress, " + f.period(),
            "scenario",
            "AI gross margin %",
            data,
            PlotOrientation.VERTICAL,
            false,
            true,
            false);
    bars(chart, new Color(0x8E44AD));
    return chart;
  }

  /**
   * The saving of each configured simulation, in money: drawn alone, since beside a month's COGS a
   * saving of a few percent would not show; the page's table has COGS today and under the scenario.
   */
  private static JFreeChart whatIf(MonthEndFigures f, String currency) {
    var section = f.whatIf();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (var row : section.rows()) {
      String scenario =
          row.getString(section.index("scenario"))
              + " ("
              + number(row.get(section.index("saving_pct"))).toPlainString()
              + "%)";
      data.addValue(number(row.get(section.index("saving"))), "saving", scenario);
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "What if: the saving of each simulation, " + f.period(),
            "simulation (saving as % of the period's COGS)",
            currency,
            data,
            PlotOrientation.VERTICAL,
            false,
            true,
            false);
    bars(chart, new Color(0x27AE60));
    return chart;
  }

  /**
   * One line per cohort: its mean cost per user at each month since its first, rising as context
   * grows.
   */
  private static JFreeChart userTenure(MonthEndFigures f, String currency) {
    var section = f.userTenure();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (var row : section.rows()) {
      data.addValue(
          number(row.get(section.index("mean_cost_per_user"))),
          "cohort " + row.getString(section.index("cohort")),
          Integer.valueOf(row.getInt(section.index("months_since"))));
    }
    JFreeChart chart =
        ChartFactory.createLineChart(
            "Cost per user by tenure, cohorts up to " + f.period(),
            "months since the cohort's first month",
            currency + " per user",
            data,
            PlotOrientation.VERTICAL,
            true,
            true,
            false);
    // points as well as lines: a cohort of this month alone is one point
    var renderer =
        (org.jfree.chart.renderer.category.LineAndShapeRenderer)
            chart.getCategoryPlot().getRenderer();
    renderer.setDefaultShapesVisible(true);
    renderer.setDefaultStroke(new java.awt.BasicStroke(2f));
    renderer.setAutoPopulateSeriesStroke(false);
    return chart;
  }

  /**
   * The period's cost per day, billed below and estimated (the days the bill does not cover yet)
   * stacked on top.
   */
  private static JFreeChart dailyCost(MonthEndFigures f, String currency) {
    var section = f.dailyCost();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (var row : section.rows()) {
      // day of the month as the category, so 31 labels fit under the bars
      String day =
          String.valueOf(row.getDate(section.index("usage_date")).toLocalDate().getDayOfMonth());
      data.addValue(
          number(row.get(section.index("amount"))), row.getString(section.index("status")), day);
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            "Cost per day, " + f.period(),
            "day of the month",
            currency,
            data,
            PlotOrientation.VERTICAL,
            true,
            true,
            false);
    var renderer = chart.getCategoryPlot().getRenderer();
    for (int i = 0; i < data.getRowCount(); i++) {
      renderer.setSeriesPaint(
          i, "estimated".equals(data.getRowKey(i)) ? new Color(0xF5B041) : WITHIN_REVENUE);
    }
    return chart;
  }

  /**
   * The period's COGS bridge as a waterfall: the month before's COGS, each effect up or down from
   * there, and the period's COGS (the renderer draws the first and last bars from zero).
   */
  private static JFreeChart cogsBridge(MonthEndFigures f, String currency) {
    var section = f.cogsBridge();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    String previous = java.time.YearMonth.parse(f.period()).minusMonths(1).toString();
    for (var row : section.rows()) {
      if (!"all".equals(row.getString(section.index("feature")))) {
        continue;
      }
      data.addValue(number(row.get(section.index("previous_cogs"))), "COGS", "COGS " + previous);
      for (String effect : List.of("volume", "intensity", "mix", "price", "other")) {
        data.addValue(number(row.get(section.index(effect))), "COGS", effect);
      }
      data.addValue(number(row.get(section.index("cogs"))), "COGS", "COGS " + f.period());
    }
    JFreeChart chart =
        ChartFactory.createWaterfallChart(
            "Why COGS moved, " + previous + " to " + f.period(),
            "",
            currency,
            data,
            PlotOrientation.VERTICAL,
            false,
            true,
            false);
    var renderer =
        (org.jfree.chart.renderer.category.WaterfallBarRenderer)
            chart.getCategoryPlot().getRenderer();
    renderer.setFirstBarPaint(Color.GRAY);
    renderer.setLastBarPaint(WITHIN_REVENUE);
    renderer.setPositiveBarPaint(ABOVE_REVENUE);
    renderer.setNegativeBarPaint(new Color(0x27AE60));
    return chart;
  }

  private static void bars(JFreeChart chart, Color color) {
    chart.getCategoryPlot().getRenderer().setSeriesPaint(0, color);
  }

  /**
   * The gold figure as it is (DECIMAL); the chart library takes any Number and scales it only to
   * draw.
   */
  private static BigDecimal number(Object value) {
    return value == null
        ? BigDecimal.ZERO
        : value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
  }
}
