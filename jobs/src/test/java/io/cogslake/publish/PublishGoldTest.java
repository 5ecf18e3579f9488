package io.cogslake.publish;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.GoldFixture;
import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.cli.CogsCli;
import io.cogslake.config.CogsConfig;
import io.cogslake.errors.CogsException;
import io.cogslake.lake.Lake;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing gold periods to a real PostgreSQL server: same figures to the last digit, all or
 * nothing.
 */
class PublishGoldTest extends SparkTestBase {
  static final String SCHEMA = "cogs_publish_test";

  // One lake and one warehouse schema for the class (building gold is the slow part); each test
  // uses
  // periods of its own: 2025-03 and 2025-04 for the round trip, 2025-05 for the interrupted
  // publish.
  @TempDir static Path dir;
  static CogsConfig config;
  static Lake lake;

  @BeforeAll
  static void lakeAndWarehouse() throws Exception {
    TestWarehouse.freshSchema(SCHEMA);
    config = GoldFixture.config(dir);
    config.publish.jdbcUrl = TestWarehouse.url();
    config.publish.user = TestWarehouse.USER;
    config.publish.password = TestWarehouse.PASSWORD;
    config.publish.schema = SCHEMA;
    lake = TestLakes.open(spark, config);
    GoldFixture.fill(spark, lake, "2025-03", "125.00", "100");
    GoldFixture.fill(spark, lake, "2025-04", "80.00", "90");
    GoldFixture.fill(spark, lake, "2025-05", "70.00", "90");
    TestLakes.run(lake, config, List.of("gold"), "2025-03", "2025-04", "2025-05");
  }

  @Test
  void twoPeriodsThenARepublishWithChangedNumbersReadBackExactlyTheLakesFigures() throws Exception {
    PublishGoldJob.Result march = new PublishGoldJob(lake, config.publish, 7).run("2025-03");
    assertTrue(march.total() > 20, march.toString());
    // The second period through the launcher, the password from ${ENV:-default} in the
    // configuration.
    Path conf =
        Files.writeString(
            dir.resolve("publish.yaml"),
            "lake: "
                + dir.resolve("lake")
                + "\npublish:\n  jdbc_url: "
                + TestWarehouse.url()
                + "\n  user: "
                + TestWarehouse.USER
                + "\n  password: ${COGS_TEST_WAREHOUSE_PASSWORD_UNSET:-"
                + TestWarehouse.PASSWORD
                + "}\n  schema: "
                + SCHEMA
                + "\n");
    assertEquals(0, CogsCli.execute("publish", "--conf", conf.toString(), "--period", "2025-04"));

    for (TableSpec table : PublishGoldJob.tables()) {
      for (String period : List.of("2025-03", "2025-04")) {
        assertEquals(
            lakeRows(table, period),
            warehouseRows(table, period),
            table.qualifiedName() + " " + period);
      }
    }
    // Each table says what its rows are, from its DDL's header, where a BI tool shows it
    assertEquals(
        "period x product (and ALL) x layer (blended, ai).",
        warehouseText(
            "select obj_description('" + SCHEMA + ".gross_margin'::regclass, 'pg_class')"));
    List<TableSpec> published = new ArrayList<>(PublishGoldJob.tables());
    published.add(PublishGoldJob.PERIOD_STATUS);
    for (TableSpec table : published) {
      String description = WarehouseSchema.description(table);
      assertTrue(
          description.length() > 10 && !description.startsWith("gold."),
          table + ": " + description);
      assertEquals(
          description,
          warehouseText(
              "select obj_description('"
                  + SCHEMA
                  + "."
                  + table.name()
                  + "'::regclass, 'pg_class')"),
          table.qualifiedName());
    }
    assertEquals(
        new BigDecimal("146.1000000000"),
        warehouseValue(
            "select cogs from "
                + SCHEMA
                + ".gross_margin where billing_period = '2025-03' and product = 'ALL' and layer = 'blended'"));

    // March changes in the lake (the heavy customer's cost and revenue); publishing it again
    // replaces it.
    GoldFixture.fill(spark, lake, "2025-03", "130.37", "120.55");
    TestLakes.run(lake, config, List.of("gold"), "2025-03");
    Map<String, List<String>> aprilBefore = warehouseSnapshot("2025-04");
    new PublishGoldJob(lake, config.publish, 7).run("2025-03");
    for (TableSpec table : PublishGoldJob.tables()) {
      assertEquals(
          lakeRows(table, "2025-03"), warehouseRows(table, "2025-03"), table.qualifiedName());
    }
    assertEquals(aprilBefore, warehouseSnapshot("2025-04"));
    assertEquals(
        new BigDecimal("151.4700000000"),
        warehouseValue(
            "select cogs from "
                + SCHEMA
                + ".gross_margin where billing_period = '2025-03' and product = 'ALL' and layer = 'blended'"));
    assertEquals(
        new BigDecimal("-9.8200000000"),
        warehouseValue(
            "select contribution_margin from "
                + SCHEMA
                + ".customer_economics where billing_period = '2025-03' and customer = 'heavy'"));
    assertEquals(
        new BigDecimal("0.000000000000000000"),
        warehouseValue(
            "select difference from "
                + SCHEMA
                + ".reconciliation where billing_period = '2025-03' and provider = 'aws'"));

    // Whether the figures are final travels with them: March is open (provisional); April, closed
    // over its
    // untied openai invoice (ledger 1.10 + 80.00 + 5.00 = 86.10 against 131.10: under by 45.00), is
    // final.
    assertEquals("provisional | false | null | null", warehouseStatus("2025-03"));
    // nothing is signed off yet: every table's latest-final view is empty
    assertEquals(List.of(), latestFinalPeriods());
    new io.cogslake.pipeline.ClosePeriodJob(
            lake,
            io.cogslake.stage.RunContext.of("close", List.of("2025-04"), false, false, config))
        .close("2025-04", "openai credit note pending");
    new PublishGoldJob(lake, config.publish, 7).run("2025-04");
    assertEquals(
        "final | true | openai credit note pending | provider openai: invoice INV-O is not tied (under by 45.00 USD: ledger 86.10, invoice 131.10)",
        warehouseStatus("2025-04"));
    // April is the last closed period: each table's latest-final view holds April's rows, all of
    // them (the tables the fixture gives no April row stay empty)
    List<String> aprilTables = new ArrayList<>();
    for (TableSpec table : PublishGoldJob.tables()) {
      if (!warehouseRows(table, "2025-04").isEmpty()) {
        aprilTables.add("2025-04");
      }
    }
    assertTrue(aprilTables.size() > 10, aprilTables.toString());
    assertEquals(aprilTables, latestFinalPeriods());
    WarehouseSchema warehouse = new WarehouseSchema(SCHEMA);
    for (TableSpec table : PublishGoldJob.tables()) {
      assertEquals(
          warehouseRows(table, "2025-04"),
          warehouseRows(table, warehouse.latestFinal(table), "2025-04"),
          warehouse.latestFinal(table));
    }
  }

  /** Per published table, the one period its latest-final view holds (none: left out). */
  private static List<String> latestFinalPeriods() throws Exception {
    WarehouseSchema warehouse = new WarehouseSchema(SCHEMA);
    List<String> periods = new java.util.ArrayList<>();
    try (Connection c = TestWarehouse.connect();
        java.sql.Statement s = c.createStatement()) {
      for (TableSpec table : PublishGoldJob.tables()) {
        try (ResultSet rs =
            s.executeQuery(
                "select string_agg(distinct billing_period, ',') from "
                    + warehouse.latestFinal(table))) {
          rs.next();
          if (rs.getString(1) != null) {
            periods.add(rs.getString(1));
          }
        }
      }
    }
    return periods;
  }

  private static String warehouseStatus(String period) throws Exception {
    try (Connection c = TestWarehouse.connect();
        PreparedStatement s =
            c.prepareStatement(
                "select status, forced, reason, overridden, closed_at from "
                    + SCHEMA
                    + ".period_status where billing_period = ?")) {
      s.setString(1, period);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next(), period);
        String row =
            String.join(
                " | ",
                rs.getString(1),
                String.valueOf(rs.getBoolean(2)),
                String.valueOf(rs.getString(3)),
                String.valueOf(rs.getString(4)));
        assertEquals(
            rs.getString(1).equals("final"),
            rs.getTimestamp(5) != null,
            "closed_at of a final period");
        assertTrue(!rs.next(), "one row per period");
        return row;
      }
    }
  }

  @Test
  void aPublishThatFailsHalfWayLeavesThePreviousFiguresInPlace() throws Exception {
    new PublishGoldJob(lake, config.publish).run("2025-05");
    Map<String, List<String>> published = warehouseSnapshot("2025-05");
    // The warehouse refuses a customer called 'poison' (a constraint a DBA might add); April is
    // then
    // restated in the lake: every table changes, and customer_economics gains the refused row.
    try (Connection c = TestWarehouse.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "ALTER TABLE "
              + SCHEMA
              + ".customer_economics ADD CONSTRAINT no_poison CHECK (customer <> 'poison')");
    }
    GoldFixture.fill(spark, lake, "2025-05", "99.99", "95");
    TestLakes.run(lake, config, List.of("gold"), "2025-05");
    GoldFixture.put(
        spark,
        lake,
        Tables.CUSTOMER_ECONOMICS,
        "2025-05",
        "select customer, plan, revenue, ai_cogs, cogs, requests, active_users, cost_per_request, cost_per_user, contribution_margin, margin_pct, billing_period"
            + " from gold.customer_economics where billing_period = '2025-05'"
            + " union all select 'poison', 'paid', 1, 1, 1, 1, 1, 1, 1, 0, 0, '2025-05'");
    assertNotEquals(published.get(Tables.GOLD_COGS.name()), lakeRows(Tables.GOLD_COGS, "2025-05"));

    CogsException failed =
        assertThrows(
            CogsException.class, () -> new PublishGoldJob(lake, config.publish, 1).run("2025-05"));
    assertTrue(
        failed.getMessage().startsWith("Cannot publish period 2025-05 to jdbc:postgresql://"),
        failed.getMessage());
    assertTrue(failed.getMessage().contains("no_poison"), failed.getMessage());
    // gold.cogs and gross_margin were written before customer_economics failed: rolled back with
    // it.
    assertEquals(published, warehouseSnapshot("2025-05"));
  }

  @Test
  void aPeriodWithoutGoldIsRefusedAndAMissingUrlIsAConfigurationError() throws Exception {
    CogsException empty =
        assertThrows(
            CogsException.class, () -> new PublishGoldJob(lake, config.publish).run("2024-01"));
    assertEquals(
        "Nothing to publish: the gold tables have no rows for period 2024-01 (run gold for it first)",
        empty.getMessage());
    Path conf = Files.writeString(dir.resolve("nourl.yaml"), "lake: " + dir.resolve("lake") + "\n");
    assertEquals(2, CogsCli.execute("publish", "--conf", conf.toString(), "--period", "2025-05"));
  }

  private List<String> lakeRows(TableSpec table, String period) {
    List<String> rows = new ArrayList<>();
    for (Row r : lake.read(table).filter(col("billing_period").equalTo(period)).collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        values.add(render(r.get(i)));
      }
      rows.add(String.join("|", values));
    }
    rows.sort(null);
    return rows;
  }

  private List<String> warehouseRows(TableSpec table, String period) throws Exception {
    return warehouseRows(table, SCHEMA + "." + table.name(), period);
  }

  /** A period's rows of a table, or of a view with its columns, as text, sorted. */
  private List<String> warehouseRows(TableSpec table, String relation, String period)
      throws Exception {
    List<String> rows = new ArrayList<>();
    List<String> names =
        WarehouseSchema.columns(table).stream().map(WarehouseSchema.Column::name).toList();
    try (Connection c = TestWarehouse.connect();
        PreparedStatement s =
            c.prepareStatement(
                "select "
                    + String.join(", ", names)
                    + " from "
                    + relation
                    + " where billing_period = ?")) {
      s.setString(1, period);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= names.size(); i++) {
            values.add(render(rs.getObject(i)));
          }
          rows.add(String.join("|", values));
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  private Map<String, List<String>> warehouseSnapshot(String period) throws Exception {
    Map<String, List<String>> snapshot = new LinkedHashMap<>();
    for (TableSpec table : PublishGoldJob.tables()) {
      snapshot.put(table.name(), warehouseRows(table, period));
    }
    return snapshot;
  }

  private static String warehouseText(String sql) throws Exception {
    return (String) warehouseFirst(sql);
  }

  private static BigDecimal warehouseValue(String sql) throws Exception {
    return (BigDecimal) warehouseFirst(sql);
  }

  /** The first column of a warehouse query's first row. */
  private static Object warehouseFirst(String sql) throws Exception {
    try (Connection c = TestWarehouse.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getObject(1);
    }
  }

  /**
   * Decimals with their scale (NUMERIC(38,10) keeps the lake's), so "to the cent" is checked
   * exactly.
   */
  private static String render(Object value) {
    return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
  }
}
