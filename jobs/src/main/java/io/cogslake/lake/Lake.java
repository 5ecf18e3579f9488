package io.cogslake.lake;

import static org.apache.spark.sql.functions.col;

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

/**
 * The lake on disk: {@code <root>/<layer>/<table>/}, each a Delta table. Opening a lake creates the
 * contract's tables with their schema (idempotent) and registers every table folder found in the
 * session's catalog, so {@code silver.ledger} resolves from any process.
 */
public final class Lake {
  private static final Logger LOG = LoggerFactory.getLogger(Lake.class);
  private static final List<String> LAYERS = List.of("bronze", "silver", "gold");

  /** The lock file a local lake's table creation holds, in the lake's root. */
  static final String LOCK_FILE = "_lake.lock";

  /** The file in the lake's root naming the table definitions the lake was last brought to. */
  static final String SCHEMA_FILE = "_lake_schema";

  /**
   * A commit or checkpoint of a Delta log: {@code 00000000000000000000.json}, {@code
   * ….checkpoint….parquet}.
   */
  private static final java.util.regex.Pattern COMMIT_FILE =
      java.util.regex.Pattern.compile("\\d{20}\\.(json|checkpoint.*\\.parquet)");

  /** Table name → location registered in this JVM's in-memory catalog. */
  private static final Map<String, String> REGISTERED =
      new java.util.concurrent.ConcurrentHashMap<>();

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
   * The same lake in a session of its own (same Spark context and catalog; its own temporary views
   * and settings), for a job that runs beside others in the same stage and registers views of the
   * same names.
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
    createMissing(Tables.all());
    upgradeIfEarlierVersion();
    registerExisting();
    return this;
  }

  /**
   * Brings a lake made by an earlier version to today's contract. The lake's root holds the
   * fingerprint of the table definitions it was last brought to ({@value #SCHEMA_FILE}); when it
   * matches, nothing is read: looking at ~40 tables' schemas on every open costs seconds.
   */
  private void upgradeIfEarlierVersion() {
    String fingerprint = schemaFingerprint();
    if (fingerprint.equals(recordedFingerprint())) {
      return;
    }
    var local = LocalFileLock.localPath(root);
    try (LocalFileLock lock =
        local.map(dir -> LocalFileLock.acquire(dir.resolve(LOCK_FILE))).orElse(null)) {
      if (fingerprint.equals(recordedFingerprint())) {
        return; // another process brought it up to date while this one waited
      }
      Parallel.map(
          Tables.all(),
          4,
          table -> {
            addMissingColumns(table);
            return null;
          });
      writeFingerprint(fingerprint);
    }
  }

  /** SHA-256 of every contract table's definition, in the registry's order. */
  static String schemaFingerprint() {
    try {
      var digest = java.security.MessageDigest.getInstance("SHA-256");
      for (TableSpec table : Tables.all()) {
        digest.update(
            (table.qualifiedName()
                    + " "
                    + table.partitionColumns()
                    + "\n"
                    + SqlFiles.text(table.ddlResource())
                    + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path schemaFile() {
    return new Path(root, SCHEMA_FILE);
  }

  private String recordedFingerprint() {
    Path file = schemaFile();
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(file)) {
        return null;
      }
      try (var in = fs.open(file)) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private void writeFingerprint(String fingerprint) {
    Path file = schemaFile();
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (var out = fs.create(file, true)) {
        out.write((fingerprint + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
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
    boolean existed = exists(table);
    createMissing(List.of(table));
    if (existed) {
      addMissingColumns(table);
    }
    register(table.layer(), table.name(), location(table));
  }

  /**
   * Creates the tables whose folder holds no Delta table yet. Two first runs at once would both
   * create version 0 of the same tables (DELTA_PROTOCOL_CHANGED for the loser): on a local lake the
   * creation happens under the lake's lock file, and the tables are looked at again once it is
   * held; elsewhere a lost race is retried and finds the table created.
   */
  private void createMissing(List<TableSpec> tables) {
    if (tables.stream().allMatch(this::exists)) {
      return;
    }
    var local = LocalFileLock.localPath(root);
    try (LocalFileLock lock =
        local.map(dir -> LocalFileLock.acquire(dir.resolve(LOCK_FILE))).orElse(null)) {
      // Creating a Delta table is a small commit of its own; the tables are independent, so in
      // parallel.
      Parallel.map(
          tables.stream().filter(t -> !exists(t)).toList(),
          4,
          table -> {
            DeltaConflicts.retry(
                "creating " + table.qualifiedName() + " at " + location(table),
                DeltaConflicts.ATTEMPTS,
                () -> create(table));
            return null;
          });
    }
  }

  private Void create(TableSpec table) {
    String path = location(table);
    try {
      DeltaTable.createIfNotExists(spark)
          .location(path)
          .addColumns(SqlFiles.schema(table.ddlResource()))
          .partitionedBy(table.partitionColumns().toArray(String[]::new))
          .execute();
    } catch (RuntimeException e) {
      // another process created it in between (a lake elsewhere than on this machine's disk)
      if (exists(table)) {
        return null;
      }
      // a lost race is retried by the caller (the cause says so); anything else names the table
      throw new IllegalStateException(
          "Cannot create " + table.qualifiedName() + " at " + path + ": " + e.getMessage(), e);
    }
    return null;
  }

  /**
   * A lake made by an earlier version lacks the columns added to the contract since: they are added
   * (null in old rows), so writes, which go by column name, find them. Nothing is dropped or
   * retyped.
   */
  private void addMissingColumns(TableSpec table) {
    String path = location(table);
    StructType existing = spark.read().format("delta").load(path).schema();
    List<String> have = List.of(existing.fieldNames());
    List<String> missing = new ArrayList<>();
    for (StructField field : SqlFiles.schema(table.ddlResource()).fields()) {
      if (!have.contains(field.name())) {
        missing.add("`" + field.name() + "` " + field.dataType().sql());
      }
    }
    if (!missing.isEmpty()) {
      spark.sql(
          "ALTER TABLE delta.`" + path + "` ADD COLUMNS (" + String.join(", ", missing) + ")");
      LOG.info(
          "{}: added columns {} (a lake of an earlier version)", table.qualifiedName(), missing);
    }
  }

  /** Rows built in the driver (log entries, statuses) as a table's rows, in its contract schema. */
  public Dataset<Row> rowsOf(TableSpec table, List<Row> rows) {
    return spark.createDataFrame(rows, SqlFiles.schema(table.ddlResource()));
  }

  /**
   * Whether the table's log holds a commit, asked of the file system: Delta's own check answers
   * from this JVM's cached view of the log, which misses a table another process has just created.
   */
  public boolean exists(TableSpec table) {
    Path log = new Path(location(table), "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(log)
          && fs.listStatus(log, p -> COMMIT_FILE.matcher(p.getName()).matches()).length > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Delta log at " + log, e);
    }
  }

  public Dataset<Row> read(TableSpec table) {
    return spark.read().format("delta").load(location(table));
  }

  /**
   * Replaces the rows matching {@code condition} with {@code rows} in one Delta commit and returns
   * the rows that commit wrote. The condition is on partition columns, so writers of other periods
   * or sources do not conflict.
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

  /**
   * Replaces exactly the partitions present in {@code rows} (dynamic partition overwrite); returns
   * the rows written.
   */
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
    conform(table, rows)
        .write()
        .format("delta")
        .mode("append")
        .option("userMetadata", commit)
        .save(location(table));
    return rowsWrittenBy(table, commit);
  }

  private static String commitToken() {
    return "cogs-" + java.util.UUID.randomUUID();
  }

  /**
   * Rows written by this process's commit, found by its token in the commit's userMetadata, from
   * Delta's own metrics (no extra pass over the data): the table's last commit may be another
   * process's (a concurrent period), or an older one when this write committed nothing.
   */
  private long rowsWrittenBy(TableSpec table, String commit) {
    DeltaTable delta = DeltaTable.forPath(spark, location(table));
    // usually the last commit; further back when other periods' writers committed since
    for (int window : new int[] {1, 100, Integer.MAX_VALUE}) {
      Dataset<Row> history = window == Integer.MAX_VALUE ? delta.history() : delta.history(window);
      List<Row> mine =
          history
              .filter(col("userMetadata").equalTo(commit))
              .select("operationMetrics")
              .collectAsList();
      if (!mine.isEmpty()) {
        return outputRows(mine.get(0));
      }
      if (history.count() < window) {
        break; // the whole history was read
      }
    }
    // Delta records no commit for a write that changes nothing (an empty append): 0 rows
    return 0L;
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
            "Writing "
                + table.qualifiedName()
                + ": the transform does not produce column "
                + field.name());
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
            register(
                layer,
                status.getPath().getName(),
                root + "/" + layer + "/" + status.getPath().getName());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the lake at " + root, e);
    }
  }

  private void register(String layer, String name, String path) {
    String qualified = layer + "." + name;
    synchronized (
        REGISTERED) { // the catalog is the JVM's: sessions opening lakes at once take turns
      registerOnce(qualified, path);
    }
  }

  private void registerOnce(String qualified, String path) {
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
