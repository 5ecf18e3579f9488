package io.cogslake.lake;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession every command and test uses: Delta, UTC, an in-memory catalog. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * Returns the active session when running under spark-submit, else starts a local one.
   *
   * @param master the master to use when no session is active (e.g. {@code local[*]})
   * @param extraConf the configuration's {@code spark.conf}, applied last so a user can override
   */
  public static SparkSession getOrCreate(String master, Map<String, String> extraConf) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("cogs-lake")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            // Tables are found by registering the lake's folders at start-up; no Derby lock.
            .config("spark.sql.catalogImplementation", "in-memory")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.mapKeyDedupPolicy", "LAST_WIN")
            // Casts of unreadable values give null, which the ingest turns into a quarantine
            // reason.
            .config("spark.sql.ansi.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.adaptive.enabled", "true")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.sources.partitionOverwriteMode", "static")
            .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .config("spark.databricks.delta.properties.defaults.checkpointInterval", "50")
            // Commits to a local lake under a lock file, so processes sharing it never both write
            // version N
            // (a cluster's store needs its own: S3DynamoDBLogStore on S3; ADLS and GCS are atomic
            // already).
            .config("spark.delta.logStore.file.impl", LocalLockingLogStore.class.getName());
    if (!isUnderSparkSubmit()) {
      builder.master(master == null ? "local[*]" : master);
    }
    extraConf.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    // The job decides the time zone, whatever a cluster default says (CONTRACT: timestamps are
    // UTC).
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    return spark;
  }

  private static boolean isUnderSparkSubmit() {
    return System.getProperty("spark.master") != null;
  }
}
