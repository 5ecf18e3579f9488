package io.cogslake.lake;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.spark.sql.functions.col;

/**
 * The lake on disk: {@code <root>/<layer>/<table>/}, each a Delta table. Opening a lake creates the
 * contract's tables with their schema (idempotent) and registers every table folder found in the
 * session's catalog, so {@code silver.ledger} resolves from any process.
 */
public final class Lake {
  private static final Logger LOG = LoggerFactory.getLogger(Lake.class);
  private static final List<String> LAYERS = List.of("bronze", "silver", "gold");

  /** Table name → location registered in this JVM's in-memory catalog. */
  private static final Map<String, String> REGISTERED = new java.util.concurrent.ConcurrentHashMap<>();

  private final SparkSession spark;
  private final String root;

  public Lake(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public SparkSession spark() {
    return spark;
  }

  /**
   * The same lake in a session of its own (same Spark context and catalog; its own temporary views and
   * settings), for a job that runs beside others in the same stage and registers views of the same names.
   */
  public Lake inNewSession() {
    return new Lake(spark.newSession(), root);
  }

  public String root() {
    return root;
  }

  public String location(TableSpec table) {
    return root + "/" + table.layer() + "/" + table.name();
  }

  /** Creates the fixed tables that are missing and registers every table of the lake. */
  public Lake open() {
    for (String layer : LAYERS) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + layer);
    }
    // Creating a Delta table is a small commit of its own; the tables are independent, so in parallel.
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> created = new ArrayList<>();
      for (TableSpec table : Tables.all()) {
        created.add(pool.submit(() -> createIfMissing(table)));
      }
      for (java.util.concurrent.Future<?> f : created) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating the lake's tables", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
    registerExisting();
    return this;
  }

  /** Opens a lake for reading only: registers what exists, creates nothing. */
  public Lake openReadOnly() {
    for (String layer : LAYERS) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + layer);
    }
    registerExisting();
    return this;
  }

  /** Creates the table with its schema if its folder holds no Delta table yet, and registers it. */
  public void ensure(TableSpec table) {
    createIfMissing(table);
    register(table.layer(), table.name(), location(table));
  }

  private void createIfMissing(TableSpec table) {
    String path = location(table);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      StructType schema = SqlFiles.schema(table.ddlResource());
      try {
        DeltaTable.createIfNotExists(spark)
            .location(path)
            .addColumns(schema)
            .partitionedBy(table.partitionColumns().toArray(String[]::new))
            .execute();
      } catch (RuntimeException e) {
        // Two processes creating the same table race; the loser finds it created.
        if (!DeltaTable.isDeltaTable(spark, path)) {
          throw e;
        }
      }
    } else {
      addMissingColumns(table, path);
    }
  }

  /**
   * A lake made by an earlier version lacks the columns added to the contract since: they are added
   * (null in old rows), so writes, which go by column name, find them. Nothing is dropped or retyped.
   */
  private void addMissingColumns(TableSpec table, String path) {
    StructType existing = spark.read().format("delta").load(path).schema();
    List<String> have = List.of(existing.fieldNames());
    List<String> missing = new ArrayList<>();
    for (StructField field : SqlFiles.schema(table.ddlResource()).fields()) {
      if (!have.contains(field.name())) {
        missing.add("`" + field.name() + "` " + field.dataType().sql());
      }
    }
    if (!missing.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + path + "` ADD COLUMNS (" + String.join(", ", missing) + ")");
      LOG.info("{}: added columns {} (a lake of an earlier version)", table.qualifiedName(), missing);
    }
  }

  /** Rows built in the driver (log entries, statuses) as a table's rows, in its contract schema. */
  public Dataset<Row> rowsOf(TableSpec table, List<Row> rows) {
    return spark.createDataFrame(rows, SqlFiles.schema(table.ddlResource()));
  }

  public boolean exists(TableSpec table) {
    return DeltaTable.isDeltaTable(spark, location(table));
  }

  public Dataset<Row> read(TableSpec table) {
    return spark.read().format("delta").load(location(table));
  }

  /**
   * Replaces the rows matching {@code condition} with {@code rows} in one Delta commit and returns the rows
   * that commit wrote. The condition is on partition columns, so writers of other periods or sources do
   * not conflict.
   */
  public long replace(TableSpec table, Dataset<Row> rows, Column condition) {
    String commit = commitToken();
    conform(table, rows)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", condition.expr().sql())
        .option("userMetadata", commit)
        .save(location(table));
    return rowsWrittenBy(table, commit);
  }

  /** Replaces exactly the partitions present in {@code rows} (dynamic partition overwrite); returns the rows written. */
  public long replacePartitionsPresent(TableSpec table, Dataset<Row> rows) {
    String commit = commitToken();
    conform(table, rows)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .option("userMetadata", commit)
        .save(location(table));
    return rowsWrittenBy(table, commit);
  }

  public long append(TableSpec table, Dataset<Row> rows) {
    String commit = commitToken();
    conform(table, rows).write().format("delta").mode("append").option("userMetadata", commit).save(location(table));
    return rowsWrittenBy(table, commit);
  }

  /** Rows written by the table's last commit, whoever made it: prefer the count a write returns. */
  public long lastCommitOutputRows(TableSpec table) {
    Row last = DeltaTable.forPath(spark, location(table)).history(1).select("operationMetrics").first();
    return outputRows(last);
  }

  private static String commitToken() {
    return "cogs-" + java.util.UUID.randomUUID();
  }

  /**
   * Rows written by this process's commit, found by its token in the commit's userMetadata, from Delta's
   * own metrics (no extra pass): another process's commit in between (a concurrent period) is not counted.
   */
  private long rowsWrittenBy(TableSpec table, String commit) {
    DeltaTable delta = DeltaTable.forPath(spark, location(table));
    // usually the last commit; a few more when other periods' writers committed since
    List<Row> mine = delta.history(1).filter(col("userMetadata").equalTo(commit)).select("operationMetrics").collectAsList();
    if (mine.isEmpty()) {
      mine = delta.history(100).filter(col("userMetadata").equalTo(commit)).select("operationMetrics").collectAsList();
    }
    // Delta makes no commit for a write that changes nothing (no rows in, none replaced): 0 rows
    return mine.isEmpty() ? 0L : outputRows(mine.get(0));
  }

  private static long outputRows(Row commit) {
    Map<String, String> metrics = commit.getJavaMap(0);
    String rows = metrics == null ? null : metrics.get("numOutputRows");
    return rows == null ? 0L : Long.parseLong(rows);
  }

  /** Selects the table's columns in its order, cast to its types; a missing column is a bug. */
  public Dataset<Row> conform(TableSpec table, Dataset<Row> rows) {
    StructType schema = SqlFiles.schema(table.ddlResource());
    List<Column> columns = new ArrayList<>();
    List<String> available = List.of(rows.columns());
    for (StructField field : schema.fields()) {
      if (!available.contains(field.name())) {
        throw new IllegalStateException(
            "Writing " + table.qualifiedName() + ": the transform does not produce column " + field.name());
      }
      columns.add(col(field.name()).cast(field.dataType()).as(field.name()));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  private void registerExisting() {
    try {
      Path rootPath = new Path(root);
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (String layer : LAYERS) {
        Path layerPath = new Path(rootPath, layer);
        if (!fs.exists(layerPath)) {
          continue;
        }
        for (FileStatus status : fs.listStatus(layerPath)) {
          if (status.isDirectory() && fs.exists(new Path(status.getPath(), "_delta_log"))) {
            register(layer, status.getPath().getName(), root + "/" + layer + "/" + status.getPath().getName());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the lake at " + root, e);
    }
  }

  private void register(String layer, String name, String path) {
    String qualified = layer + "." + name;
    String registeredAt = REGISTERED.get(qualified);
    if (path.equals(registeredAt) && spark.catalog().tableExists(qualified)) {
      return;
    }
    // One session may open several lakes (tests); an external table's drop leaves its data alone.
    spark.sql("DROP TABLE IF EXISTS " + qualified);
    spark.catalog().createTable(qualified, path, "delta");
    REGISTERED.put(qualified, path);
    LOG.debug("Registered {} at {}", qualified, path);
  }
}
