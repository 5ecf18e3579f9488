package io.cogslake.publish;

import static org.apache.spark.sql.functions.col;

import io.cogslake.config.CogsConfig;
import io.cogslake.errors.Errors;
import io.cogslake.errors.Secrets;
import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one billing period of the gold tables to the warehouse over JDBC. Tables are created on
 * first use ({@link WarehouseSchema}); then, in ONE transaction, every table's rows of the period
 * are deleted and the lake's rows inserted, and the transaction commits only when every table is
 * written. Any failure rolls it back, so a reader sees the previous figures or the new ones, never
 * half a month.
 *
 * <p>Rows are streamed: each table is read with {@code toLocalIterator}, which brings one Spark
 * partition at a time to the driver, into batched PreparedStatements of the open transaction. A
 * period of a gold table is small (thousands of rows, not millions), so holding the transaction
 * open while Spark reads is cheap, and nothing ever collects a whole table into the driver's
 * memory. Money is bound as BigDecimal into NUMERIC columns of the lake's precision and scale: the
 * warehouse has the same digits.
 */
public final class PublishGoldJob {
  private static final Logger LOG = LoggerFactory.getLogger(PublishGoldJob.class);
  static final int DEFAULT_BATCH_SIZE = 500;

  /** Rows written per warehouse table, in publish order. */
  public record Result(String period, String schema, Map<String, Long> rows) {
    public long total() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Lake lake;
  private final CogsConfig.PublishSettings settings;
  private final WarehouseSchema warehouse;
  private final int batchSize;

  public PublishGoldJob(Lake lake, CogsConfig.PublishSettings settings) {
    this(lake, settings, DEFAULT_BATCH_SIZE);
  }

  public PublishGoldJob(Lake lake, CogsConfig.PublishSettings settings, int batchSize) {
    validate(settings);
    this.lake = lake;
    this.settings = settings;
    this.warehouse = new WarehouseSchema(settings.schema);
    this.batchSize = batchSize;
  }

  /** Checks the publish.* keys (exit 2 naming the key), before any Spark work. */
  public static void validate(CogsConfig.PublishSettings settings) {
    if (settings == null || settings.jdbcUrl == null || settings.jdbcUrl.isBlank()) {
      throw Errors.missingConfigKey("publish.jdbc_url");
    }
    if (!settings.jdbcUrl.startsWith("jdbc:")) {
      throw Errors.config(
          "Configuration key 'publish.jdbc_url' must be a JDBC URL (jdbc:...), not '%s'",
          Secrets.redact(settings.jdbcUrl));
    }
    new WarehouseSchema(settings.schema);
  }

  /**
   * Published beside the gold tables: whether the period's figures are final (closed) or
   * provisional, so a reader of the warehouse can tell (sql/close/period_status.sql; no lake table
   * of its own).
   */
  public static final TableSpec PERIOD_STATUS =
      new TableSpec(
          "publish",
          "period_status",
          "tables/publish/period_status.ddl",
          List.of("billing_period"));

  /**
   * The lake tables a publish copies: every gold table, the classification diff and the simulator's
   * tables.
   */
  public static List<TableSpec> tables() {
    List<TableSpec> tables = new ArrayList<>(Tables.gold());
    for (TableSpec more :
        List.of(Tables.CLASSIFICATION_DIFF, Tables.SIMULATION, Tables.SIMULATION_CUSTOMERS)) {
      if (!tables.contains(more)) {
        tables.add(more);
      }
    }
    return tables;
  }

  public Result run(String period) {
    List<TableSpec> tables = tables();
    requireGold(tables, period);
    List<TableSpec> published = new ArrayList<>(tables);
    published.add(PERIOD_STATUS);
    Map<String, Long> written = new LinkedHashMap<>();
    try (Connection connection = connect()) {
      connection.setAutoCommit(true);
      warehouse.ensure(connection, published);
      connection.setAutoCommit(false);
      try {
        for (TableSpec table : tables) {
          Dataset<Row> rows =
              lake.exists(table)
                  ? lake.read(table).filter(col("billing_period").equalTo(period))
                  : null;
          written.put(warehouse.qualified(table), replacePeriod(connection, table, period, rows));
        }
        Dataset<Row> status =
            SqlFiles.query(lake.spark(), "close/period_status.sql", Map.of("period", period));
        written.put(
            warehouse.qualified(PERIOD_STATUS),
            replacePeriod(connection, PERIOD_STATUS, period, status));
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw Errors.failure(
          "Cannot publish period %s to %s: %s",
          period, Secrets.redact(settings.jdbcUrl), Secrets.redact(firstLine(e)));
    }
    Result result = new Result(period, warehouse.schema(), written);
    LOG.info(
        "published {} rows of period {} to {} ({})",
        result.total(),
        period,
        Secrets.redact(settings.jdbcUrl),
        warehouse.schema());
    return result;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(settings.jdbcUrl, settings.user, settings.password);
  }

  /** An empty period would wipe the warehouse's figures: refuse it (the gold stage has not run). */
  private void requireGold(List<TableSpec> tables, String period) {
    for (TableSpec table : tables) {
      if (lake.exists(table)
          && !lake.read(table).filter(col("billing_period").equalTo(period)).isEmpty()) {
        return;
      }
    }
    throw Errors.failure(
        "Nothing to publish: the gold tables have no rows for period %s (run gold for it first)",
        period);
  }

  /**
   * Deletes the period's rows of the warehouse table and inserts {@code rows} (null: the lake has
   * no such table yet).
   */
  private long replacePeriod(
      Connection connection, TableSpec table, String period, Dataset<Row> rows)
      throws SQLException {
    List<WarehouseSchema.Column> columns = WarehouseSchema.columns(table);
    String target = warehouse.qualified(table);
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + target + " WHERE billing_period = ?")) {
      delete.setString(1, period);
      int deleted = delete.executeUpdate();
      LOG.debug("{}: {} rows of {} deleted", target, deleted, period);
    }
    if (rows == null) {
      return 0;
    }
    List<String> names = columns.stream().map(WarehouseSchema.Column::name).toList();
    String insert =
        "INSERT INTO "
            + target
            + " ("
            + String.join(", ", names)
            + ") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(names.size(), "?"))
            + ")";
    Column[] select = columns.stream().map(c -> col(c.name())).toArray(Column[]::new);
    lake.spark()
        .sparkContext()
        .setJobDescription("publish " + table.qualifiedName() + " " + period);
    Iterator<Row> streamed = rows.select(select).toLocalIterator();
    long count = 0;
    try (PreparedStatement statement = connection.prepareStatement(insert)) {
      int pending = 0;
      while (streamed.hasNext()) {
        bind(statement, columns, streamed.next());
        statement.addBatch();
        count++;
        if (++pending == batchSize) {
          statement.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        statement.executeBatch();
      }
    }
    LOG.info("{}: {} rows of {} inserted", target, count, period);
    return count;
  }

  private static void bind(
      PreparedStatement statement, List<WarehouseSchema.Column> columns, Row row)
      throws SQLException {
    for (int i = 0; i < columns.size(); i++) {
      WarehouseSchema.Column column = columns.get(i);
      int index = i + 1;
      if (row.isNullAt(i)) {
        statement.setNull(index, column.jdbcType());
        continue;
      }
      Object value = row.get(i);
      switch (column.jdbcType()) {
        case java.sql.Types.NUMERIC -> statement.setBigDecimal(index, (BigDecimal) value);
        case java.sql.Types.VARCHAR -> statement.setString(index, (String) value);
        case java.sql.Types.BIGINT -> statement.setLong(index, ((Number) value).longValue());
        case java.sql.Types.INTEGER -> statement.setInt(index, ((Number) value).intValue());
        case java.sql.Types.BOOLEAN -> statement.setBoolean(index, (Boolean) value);
        case java.sql.Types.DATE -> statement.setDate(index, (java.sql.Date) value);
        case java.sql.Types.TIMESTAMP_WITH_TIMEZONE ->
            statement.setTimestamp(index, (Timestamp) value);
        default -> statement.setObject(index, value);
      }
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
      LOG.warn("publish rolled back: {}", Secrets.redact(firstLine(cause)));
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static String firstLine(Throwable e) {
    Throwable t = e;
    if (e instanceof SQLException sql && sql.getNextException() != null) {
      t = sql.getNextException();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
