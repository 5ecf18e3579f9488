package io.cogslake.benchmark;

import io.cogslake.classify.RulesFile;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's single-node peer: runs {@code sql/benchmark/duckdb_core.sql} in DuckDB (in
 * memory, a fixed number of threads) over a landing zone that {@code bin/cogs generate} wrote,
 * prints its seconds and totals as {@code key=value} lines, checks that the allocation conserves
 * the ledger to the unit per period, writes its COGS per customer and period to a CSV file, and
 * (with {@code --compare}) compares those figures with cogs-lake's to the cent ({@code
 * sql/benchmark/duckdb_compare.sql}). Exit 1 when the total is not conserved or a figure differs.
 *
 * <pre>
 * DuckDbPeer --landing DIR [--threads 2] [--sql sql/benchmark/duckdb_core.sql] [--reference conf/reference]
 *            [--rules sql/classification/default_rules.sql] [--fine-tuning expense|capitalize]
 *            [--reporting-currency USD] [--memory-limit 4GB] [--temp-dir DIR]
 *            [--out figures.csv] [--compare cogs-lake.csv [--compare-sql FILE]]
 * </pre>
 */
public final class DuckDbPeer {
  private DuckDbPeer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    Path landing = Path.of(required(opt, "--landing")).toAbsolutePath();
    int threads = Integer.parseInt(opt.getOrDefault("--threads", "2"));
    Path sql = Path.of(opt.getOrDefault("--sql", "sql/benchmark/duckdb_core.sql"));
    Path reference = Path.of(opt.getOrDefault("--reference", "conf/reference")).toAbsolutePath();
    Path rulesPath = Path.of(opt.getOrDefault("--rules", "sql/classification/default_rules.sql"));
    String fineTuning = opt.getOrDefault("--fine-tuning", "expense");
    String currency = opt.getOrDefault("--reporting-currency", "USD");
    String memory = opt.getOrDefault("--memory-limit", "");
    String tempDir = opt.getOrDefault("--temp-dir", "");
    RulesFile rules =
        RulesFile.parse(Files.readString(rulesPath, StandardCharsets.UTF_8), rulesPath.toString());

    Map<String, String> params = new LinkedHashMap<>();
    params.put("landing", sqlText(landing.toString()));
    params.put("reference", sqlText(reference.toString()));
    params.put("reporting_currency", sqlText(currency));
    params.put("first_matching_rule", firstMatchingRule(rules));

    Class.forName("org.duckdb.DuckDBDriver");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement st = db.createStatement()) {
        st.execute("SET threads = " + threads);
        if (!memory.isEmpty()) {
          st.execute("SET memory_limit = '" + sqlText(memory) + "'");
        }
        if (!tempDir.isEmpty()) {
          st.execute(
              "SET temp_directory = '"
                  + sqlText(Path.of(tempDir).toAbsolutePath().toString())
                  + "'");
        }
        st.execute(
            "create table classification_rules (rule_id varchar, category varchar, component varchar)");
      }
      try (PreparedStatement insert =
          db.prepareStatement("insert into classification_rules values (?, ?, ?)")) {
        for (RulesFile.Rule rule : rules.rules()) {
          insert.setString(1, rule.id());
          insert.setString(2, category(rule.category(), fineTuning));
          insert.setString(3, rule.component());
          insert.addBatch();
        }
        insert.executeBatch();
      }

      long started = System.nanoTime();
      for (String statement :
          fill(statements(Files.readString(sql, StandardCharsets.UTF_8)), params)) {
        try (Statement st = db.createStatement()) {
          st.execute(statement);
        } catch (SQLException e) {
          throw new IllegalStateException(
              "DuckDB failed on: " + firstLine(statement) + ": " + e.getMessage(), e);
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;

      System.out.printf("duckdb_version=%s%n", scalar(db, "select version()"));
      System.out.printf("duckdb_threads=%d%n", threads);
      System.out.printf("duckdb_seconds=%.1f%n", seconds);
      boolean conserved = totals(db);
      if (opt.containsKey("--out")) {
        try (Statement st = db.createStatement()) {
          st.execute(
              "copy figures to '"
                  + sqlText(Path.of(opt.get("--out")).toAbsolutePath().toString())
                  + "' (header, delimiter ',')");
        }
      }
      boolean matches = true;
      if (opt.containsKey("--compare")) {
        Path compareSql =
            Path.of(opt.getOrDefault("--compare-sql", "sql/benchmark/duckdb_compare.sql"));
        matches = compare(db, compareSql, Path.of(opt.get("--compare")).toAbsolutePath());
      }
      if (!conserved || !matches) {
        System.exit(1);
      }
    }
  }

  /**
   * Prints the totals; false when a period's allocation does not add up to its ledger to the unit.
   */
  private static boolean totals(Connection db) throws SQLException {
    boolean conserved = true;
    long lines = 0;
    long pools = 0;
    long rows = 0;
    BigDecimal ledger = BigDecimal.ZERO;
    BigDecimal allocated = BigDecimal.ZERO;
    BigDecimal cogs = BigDecimal.ZERO;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("select * from period_totals order by billing_period")) {
      while (rs.next()) {
        BigDecimal periodLedger = rs.getBigDecimal("ledger_total");
        BigDecimal periodAllocated = rs.getBigDecimal("allocated_total");
        BigDecimal periodCogs = rs.getBigDecimal("cogs_total");
        System.err.printf(
            "duckdb period %s: %d ledger lines, ledger %s, allocated %s, COGS %s, %d pools, %d allocated rows%n",
            rs.getString("billing_period"),
            rs.getLong("ledger_lines"),
            periodLedger.toPlainString(),
            periodAllocated == null ? "none" : periodAllocated.toPlainString(),
            periodCogs == null ? "none" : periodCogs.toPlainString(),
            rs.getLong("pools"),
            rs.getLong("allocated_rows"));
        if (periodAllocated == null || periodLedger.compareTo(periodAllocated) != 0) {
          System.err.printf(
              "duckdb: period %s is not conserved: ledger %s, allocated %s%n",
              rs.getString("billing_period"), periodLedger, periodAllocated);
          conserved = false;
        }
        lines += rs.getLong("ledger_lines");
        pools += rs.getLong("pools");
        rows += rs.getLong("allocated_rows");
        ledger = ledger.add(periodLedger);
        allocated = allocated.add(periodAllocated == null ? BigDecimal.ZERO : periodAllocated);
        cogs = cogs.add(periodCogs == null ? BigDecimal.ZERO : periodCogs);
      }
    }
    System.out.printf("duckdb_ledger_lines=%d%n", lines);
    System.out.printf("duckdb_usage_events=%s%n", scalar(db, "select sum(events) from usage_keys"));
    System.out.printf("duckdb_pools=%d%n", pools);
    System.out.printf("duckdb_allocated_rows=%d%n", rows);
    System.out.printf("duckdb_ledger_total=%s%n", ledger.toPlainString());
    System.out.printf("duckdb_allocated_total=%s%n", allocated.toPlainString());
    System.out.printf("duckdb_cogs_total=%s%n", cogs.toPlainString());
    System.out.printf("duckdb_conserved=%s%n", conserved);
    return conserved;
  }

  /**
   * Loads cogs-lake's figures and prints every (period, customer) whose allocated cost or COGS
   * differs to the cent.
   */
  private static boolean compare(Connection db, Path compareSql, Path cogsLake)
      throws IOException, SQLException {
    List<String> statements =
        fill(
            statements(Files.readString(compareSql, StandardCharsets.UTF_8)),
            Map.of("cogs_lake", sqlText(cogsLake.toString())));
    for (String statement : statements) {
      try (Statement st = db.createStatement()) {
        st.execute(statement);
      }
    }
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("select * from comparison_summary")) {
      rs.next();
      System.out.printf("compare_keys=%d%n", rs.getLong("keys"));
      System.out.printf("compare_allocated_mismatches=%d%n", rs.getLong("allocated_mismatches"));
      System.out.printf("compare_cogs_mismatches=%d%n", rs.getLong("cogs_mismatches"));
      System.out.printf("compare_gold_cogs_mismatches=%d%n", rs.getLong("gold_cogs_mismatches"));
      System.out.printf(
          "compare_max_allocated_difference=%s%n",
          rs.getBigDecimal("max_allocated_difference").toPlainString());
      System.out.printf(
          "compare_max_cogs_difference=%s%n",
          rs.getBigDecimal("max_cogs_difference").toPlainString());
    }
    int mismatches = 0;
    try (Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select * from comparison where allocated_mismatch or cogs_mismatch or gold_cogs_mismatch order by billing_period, customer")) {
      while (rs.next()) {
        mismatches++;
        System.out.printf(
            "mismatch period=%s customer=%s duckdb_allocated=%s cogs_lake_allocated=%s duckdb_cogs=%s cogs_lake_cogs=%s cogs_lake_gold_cogs=%s%n",
            rs.getString("billing_period"),
            rs.getString("customer"),
            plain(rs.getBigDecimal("duckdb_allocated")),
            plain(rs.getBigDecimal("cogs_lake_allocated")),
            plain(rs.getBigDecimal("duckdb_cogs")),
            plain(rs.getBigDecimal("cogs_lake_cogs")),
            plain(rs.getBigDecimal("cogs_lake_gold_cogs")));
      }
    }
    System.out.printf("compare_result=%s%n", mismatches == 0 ? "match" : "MISMATCH");
    return mismatches == 0;
  }

  private static String firstMatchingRule(RulesFile rules) {
    StringBuilder sql = new StringBuilder("(case");
    for (RulesFile.Rule rule : rules.rules()) {
      sql.append("\n    when (")
          .append(rule.predicate().strip())
          .append(") then '")
          .append(sqlText(rule.id()))
          .append('\'');
    }
    return sql.append("\n    else 'unclassified' end)").toString();
  }

  private static String category(String category, String fineTuning) {
    if (!category.equals(RulesFile.POLICY_FINE_TUNING)) {
      return category;
    }
    return switch (fineTuning) {
      case "expense" -> "RND";
      case "capitalize" -> "CAPITALIZED";
      default ->
          throw new IllegalArgumentException(
              "--fine-tuning is expense or capitalize, not " + fineTuning);
    };
  }

  /** The statements with their ${name} parameters filled in (after the comments are dropped). */
  static List<String> fill(List<String> statements, Map<String, String> params) {
    List<String> filled = new ArrayList<>();
    for (String statement : statements) {
      String out = statement;
      for (Map.Entry<String, String> p : params.entrySet()) {
        out = out.replace("${" + p.getKey() + "}", p.getValue());
      }
      int left = out.indexOf("${");
      if (left >= 0) {
        throw new IllegalArgumentException(
            "unfilled parameter " + out.substring(left, Math.min(out.length(), left + 40)));
      }
      filled.add(out);
    }
    return filled;
  }

  /** Statements end with a semicolon at the end of a line; comment lines are dropped. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.lines().toList()) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String scalar(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String plain(BigDecimal value) {
    return value == null ? "" : value.toPlainString();
  }

  private static String firstLine(String statement) {
    return statement.lines().findFirst().orElse("").strip();
  }

  private static String sqlText(String value) {
    return value.replace("'", "''");
  }

  private static String required(Map<String, String> opt, String name) {
    String value = opt.get(name);
    if (value == null) {
      System.err.println("DuckDbPeer: " + name + " is required");
      System.exit(2);
    }
    return value;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        System.err.println("DuckDbPeer: expected --name value pairs, not " + args[i]);
        System.exit(2);
      }
      opt.put(args[i], args[++i]);
    }
    return opt;
  }
}
