package io.cogslake.publish;

import io.cogslake.errors.Errors;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gold table's shape in the warehouse: the same name under {@code publish.schema}, the same
 * columns in standard SQL types (DECIMAL(p,s) as NUMERIC(p,s), so money keeps every digit the lake
 * has). Creates the schema and table on first use and adds columns a newer lake has; never drops
 * anything. Beside each table, a view {@code <table>_latest_final} of its last closed period.
 */
public final class WarehouseSchema {
  private static final Logger LOG = LoggerFactory.getLogger(WarehouseSchema.class);
  private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";

  /** One column: its name, its standard SQL type and the java.sql.Types code for binding a null. */
  public record Column(String name, String sqlType, int jdbcType, DataType sparkType) {}

  private final String schema;

  public WarehouseSchema(String schema) {
    if (schema == null || !schema.matches(IDENTIFIER)) {
      throw Errors.config(
          "Configuration key 'publish.schema' must be a name of letters, digits and _, not '%s'",
          schema);
    }
    this.schema = schema.toLowerCase(Locale.ROOT);
  }

  public String schema() {
    return schema;
  }

  public String qualified(TableSpec table) {
    return schema + "." + table.name();
  }

  /** The lake table's columns, in the lake's order, with their warehouse types. */
  public static List<Column> columns(TableSpec table) {
    StructType lake = SqlFiles.schema(table.ddlResource());
    List<Column> columns = new ArrayList<>();
    for (StructField field : lake.fields()) {
      columns.add(column(table, field));
    }
    return columns;
  }

  private static Column column(TableSpec table, StructField field) {
    DataType type = field.dataType();
    String name = field.name().toLowerCase(Locale.ROOT);
    if (type instanceof DecimalType d) {
      return new Column(
          name, "NUMERIC(" + d.precision() + "," + d.scale() + ")", Types.NUMERIC, type);
    } else if (type.equals(DataTypes.StringType)) {
      return new Column(name, "VARCHAR(4000)", Types.VARCHAR, type);
    } else if (type.equals(DataTypes.LongType)) {
      return new Column(name, "BIGINT", Types.BIGINT, type);
    } else if (type.equals(DataTypes.IntegerType)) {
      return new Column(name, "INTEGER", Types.INTEGER, type);
    } else if (type.equals(DataTypes.BooleanType)) {
      return new Column(name, "BOOLEAN", Types.BOOLEAN, type);
    } else if (type.equals(DataTypes.DateType)) {
      return new Column(name, "DATE", Types.DATE, type);
    } else if (type.equals(DataTypes.TimestampType)) {
      return new Column(name, "TIMESTAMP WITH TIME ZONE", Types.TIMESTAMP_WITH_TIMEZONE, type);
    } else if (type.equals(DataTypes.DoubleType)) {
      return new Column(name, "DOUBLE PRECISION", Types.DOUBLE, type);
    }
    throw Errors.failure(
        "Cannot publish %s: column %s has type %s, which has no warehouse type",
        table.qualifiedName(), field.name(), type.simpleString());
  }

  /**
   * Creates the schema and the tables that are missing and adds missing columns, each statement
   * committed on its own (some warehouses commit DDL implicitly), before the data's transaction
   * starts.
   */
  public void ensure(Connection connection, List<TableSpec> tables) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    try (Statement ddl = connection.createStatement()) {
      if (!schemaExists(meta)) {
        ddl.execute("CREATE SCHEMA " + schema);
        LOG.info("created warehouse schema {}", schema);
      }
      for (TableSpec table : tables) {
        List<Column> columns = columns(table);
        Set<String> existing = existingColumns(meta, table);
        if (existing.isEmpty()) {
          List<String> definitions = new ArrayList<>();
          columns.forEach(c -> definitions.add(c.name() + " " + c.sqlType()));
          ddl.execute(
              "CREATE TABLE " + qualified(table) + " (" + String.join(", ", definitions) + ")");
          LOG.info("created warehouse table {}", qualified(table));
        } else {
          for (Column c : columns) {
            if (!existing.contains(c.name())) {
              ddl.execute(
                  "ALTER TABLE "
                      + qualified(table)
                      + " ADD COLUMN "
                      + c.name()
                      + " "
                      + c.sqlType());
              LOG.info("added column {} to warehouse table {}", c.name(), qualified(table));
            }
          }
        }
      }
      for (TableSpec table : tables) {
        describe(ddl, table);
      }
      if (tables.contains(PublishGoldJob.PERIOD_STATUS)) {
        for (TableSpec table : tables) {
          if (table != PublishGoldJob.PERIOD_STATUS) {
            ddl.execute(latestFinalView(table));
          }
        }
      }
    }
  }

  /**
   * What a row of the table is, from the leading comment of its DDL (the one place the lake states
   * it): {@code -- gold.cogs: period x product x …} gives {@code period x product x …}.
   */
  public static String description(TableSpec table) {
    List<String> lines = new ArrayList<>();
    for (String line : SqlFiles.text(table.ddlResource()).split("\n")) {
      if (!line.startsWith("--")) {
        break;
      }
      lines.add(line.substring(2).trim());
    }
    return String.join(" ", lines)
        .replaceFirst("^[^:]*\\b" + java.util.regex.Pattern.quote(table.name()) + "\\b[^:]*: ", "");
  }

  /**
   * The table's description as the warehouse's comment, so a BI tool shows it beside the name; a
   * warehouse without COMMENT ON is told in the log, and the publish goes on.
   */
  private void describe(Statement ddl, TableSpec table) {
    try {
      ddl.execute(
          "COMMENT ON TABLE "
              + qualified(table)
              + " IS '"
              + description(table).replace("'", "''")
              + "'");
    } catch (SQLException e) {
      LOG.warn("cannot comment warehouse table {}: {}", qualified(table), e.getMessage());
    }
  }

  /** The view of a table's last closed figures: {@code <table>_latest_final}. */
  public String latestFinal(TableSpec table) {
    return qualified(table) + "_latest_final";
  }

  /**
   * A finance reader's "the figures we signed off": the table's rows of the latest period whose
   * status is final in period_status (none before the first close). Replaced on every publish, so
   * columns added to the table reach it.
   */
  private String latestFinalView(TableSpec table) {
    return "CREATE OR REPLACE VIEW "
        + latestFinal(table)
        + " AS SELECT t.* FROM "
        + qualified(table)
        + " AS t WHERE t.billing_period = (SELECT max(p.billing_period) FROM "
        + qualified(PublishGoldJob.PERIOD_STATUS)
        + " AS p WHERE p.status = 'final')";
  }

  private boolean schemaExists(DatabaseMetaData meta) throws SQLException {
    try (ResultSet rs = meta.getSchemas()) {
      while (rs.next()) {
        if (schema.equalsIgnoreCase(rs.getString("TABLE_SCHEM"))) {
          return true;
        }
      }
    }
    return false;
  }

  private Set<String> existingColumns(DatabaseMetaData meta, TableSpec table) throws SQLException {
    Set<String> names = new TreeSet<>();
    for (String[] pattern :
        List.of(
            new String[] {schema, table.name()},
            new String[] {
              schema.toUpperCase(Locale.ROOT), table.name().toUpperCase(Locale.ROOT)
            })) {
      try (ResultSet rs = meta.getColumns(null, pattern[0], pattern[1], null)) {
        while (rs.next()) {
          names.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
      if (!names.isEmpty()) {
        break;
      }
    }
    return names;
  }
}
