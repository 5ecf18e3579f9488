package io.cogslake.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws seconds per stage against scale from bin/benchmark's results CSV: one line per stage (and
 * the parse baseline, the full run, the one-period re-run and the DuckDB peer), x = ledger lines in
 * millions. Of several rows of one scale (ledger lines and events) the last one is drawn.
 *
 * <pre>BenchmarkChart RESULTS.csv OUT.png</pre>
 */
public final class BenchmarkChart {
  private static final Map<String, String> SERIES = new LinkedHashMap<>();

  static {
    SERIES.put("parse_seconds", "parse (baseline)");
    SERIES.put("ingest_seconds", "ingest");
    SERIES.put("normalize_seconds", "normalize");
    SERIES.put("allocate_seconds", "allocate");
    SERIES.put("classify_seconds", "classify");
    SERIES.put("gold_seconds", "gold");
    SERIES.put("run_seconds", "full run");
    SERIES.put("rerun_seconds", "one-period re-run");
    SERIES.put("duckdb_seconds", "DuckDB peer");
  }

  private BenchmarkChart() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: BenchmarkChart RESULTS.csv OUT.png");
      System.exit(2);
    }
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    if (lines.size() < 2) {
      throw new IllegalArgumentException(args[0] + " has no result rows");
    }
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    // the last row of each scale
    Map<String, String[]> byScale = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] row = line.split(",", -1);
      byScale.put(column(header, row, "ledger_lines") + "/" + column(header, row, "events"), row);
    }
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, String> s : SERIES.entrySet()) {
      XYSeries series = new XYSeries(s.getValue());
      for (String[] row : byScale.values()) {
        series.add(
            Long.parseLong(column(header, row, "ledger_lines")) / 1e6,
            Double.parseDouble(column(header, row, s.getKey())));
      }
      data.addSeries(series);
    }
    String[] last = byScale.values().stream().reduce((a, b) -> b).orElseThrow();
    String subtitle =
        column(header, last, "cores")
            + " cores, driver memory "
            + column(header, last, "driver_memory")
            + ", "
            + column(header, last, "months")
            + " months, "
            + column(header, last, "customers")
            + " customers";
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "cogs-lake benchmark: seconds per stage against scale (" + subtitle + ")",
            "ledger lines (millions)",
            "seconds",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    Color[] colors = {
      Color.GRAY,
      new Color(0x1f77b4),
      new Color(0x2ca02c),
      new Color(0xd62728),
      new Color(0x9467bd),
      new Color(0x8c564b),
      Color.BLACK,
      new Color(0xff7f0e),
      new Color(0x17becf)
    };
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, colors[i % colors.length]);
      renderer.setSeriesStroke(i, new BasicStroke(i == 6 ? 3f : 1.5f));
    }
    plot.setRenderer(renderer);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(true);
    chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(14f));
    ChartUtils.saveChartAsPNG(new File(args[1]), chart, 1100, 650);
    System.out.println("chart=" + args[1] + " (" + byScale.size() + " scales)");
  }

  private static String column(List<String> header, String[] row, String name) {
    int i = header.indexOf(name);
    if (i < 0 || i >= row.length || row[i].isEmpty()) {
      throw new IllegalArgumentException("results row has no " + name);
    }
    return row[i];
  }
}
