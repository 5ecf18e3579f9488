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

/** A configuration, a SparkSession and the opened lake, for one command; stops Spark when closed. */
final class LakeSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LakeSession.class);

  final CogsConfig config;
  final SparkSession spark;
  final Lake lake;

  private LakeSession(CogsConfig config, SparkSession spark, Lake lake) {
    this.config = config;
    this.spark = spark;
    this.lake = lake;
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
    SparkSession spark = SparkSessions.getOrCreate(config.spark.master, config.spark.conf);
    if (!verbose) {
      spark.sparkContext().setLogLevel("ERROR");
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
          ConfigLoader.redact(config.lake), String.format("%.1f", (System.nanoTime() - started) / 1e9), spark.version(), spark.sparkContext().master());
      return new LakeSession(config, spark, lake);
    } catch (RuntimeException e) {
      spark.stop();
      throw e;
    }
  }

  @Override
  public void close() {
    spark.stop();
  }
}
