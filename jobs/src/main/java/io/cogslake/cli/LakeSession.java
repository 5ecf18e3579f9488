package io.cogslake.cli;

import io.cogslake.config.CogsConfig;
import io.cogslake.config.ConfigLoader;
import io.cogslake.lake.Lake;
import io.cogslake.lake.SparkSessions;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration, a SparkSession and the opened lake, for one command; stops Spark when closed.
 */
final class LakeSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LakeSession.class);

  final CogsConfig config;
  final SparkSession spark;
  final Lake lake;

  /**
   * False when a session was already running (spark-submit shells, tests): then it is not ours to
   * stop.
   */
  private final boolean ownsSpark;

  private LakeSession(CogsConfig config, SparkSession spark, Lake lake, boolean ownsSpark) {
    this.config = config;
    this.spark = spark;
    this.lake = lake;
    this.ownsSpark = ownsSpark;
  }

  static CogsConfig loadConfig(Path file) {
    return new ConfigLoader().load(file);
  }

  /** Starts Spark and opens the lake; {@code readOnly} creates no table (sql, export). */
  static LakeSession open(CogsConfig config, boolean verbose, boolean readOnly) {
    if (verbose) {
      Configurator.setRootLevel(Level.INFO);
    }
    long started = System.nanoTime();
    boolean ownsSpark = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.getOrCreate(config.spark.master, config.spark.conf);
    if (!verbose && ownsSpark) {
      spark.sparkContext().setLogLevel("ERROR");
      // A failed task (a rule that fails on a row) is logged by Spark at ERROR with its stack
      // trace; without
      // --verbose the error is the one line the launcher prints.
      Configurator.setLevel("org.apache.spark", Level.OFF);
    } else if (verbose) {
      Configurator.setLevel("org.apache.spark", Level.INFO);
    }
    try {
      Lake lake = new Lake(spark, config.lake);
      if (readOnly) {
        lake.openReadOnly();
      } else {
        lake.open();
      }
      LOG.info(
          "lake {} opened in {} s (Spark {}, {})",
          io.cogslake.errors.Secrets.redact(config.lake),
          String.format("%.1f", (System.nanoTime() - started) / 1e9),
          spark.version(),
          spark.sparkContext().master());
      return new LakeSession(config, spark, lake, ownsSpark);
    } catch (RuntimeException e) {
      if (ownsSpark) {
        spark.stop();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (ownsSpark) {
      spark.stop();
    }
  }
}
