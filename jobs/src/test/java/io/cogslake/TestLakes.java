package io.cogslake;

import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import io.cogslake.pipeline.Pipeline;
import io.cogslake.stage.RunContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Small helpers to build a lake and a landing zone for a test. */
public final class TestLakes {
  private TestLakes() {}

  public static CogsConfig config(Path lake, SourceConfig... sources) {
    CogsConfig config = new CogsConfig();
    config.lake = lake.toString();
    config.sources = new java.util.ArrayList<>(List.of(sources));
    return config;
  }

  /** Copies a classpath fixture (under fixtures/) to {@code target}, creating folders. */
  public static Path copyFixture(String fixture, Path target) {
    try (InputStream in =
        TestLakes.class.getClassLoader().getResourceAsStream("fixtures/" + fixture)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + fixture);
      }
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path emptyLake;

  /**
   * Opens the test's lake. A new lake starts as a copy of one empty lake made once per JVM:
   * creating the lake's ~40 empty Delta tables costs seconds, copying their one-commit logs costs
   * milliseconds.
   */
  public static Lake open(SparkSession spark, CogsConfig config) {
    Path target = Path.of(config.lake);
    if (!Files.exists(target)) {
      copyTree(emptyLake(spark), target);
    }
    return new Lake(spark, config.lake).open();
  }

  private static synchronized Path emptyLake(SparkSession spark) {
    if (emptyLake == null) {
      try {
        Path lake = Files.createTempDirectory("cogs-empty-lake");
        new Lake(spark, lake.toString()).open();
        emptyLake = lake;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return emptyLake;
  }

  /** Copies a folder and everything below it (a lake, files as they are). */
  public static void copyTree(Path from, Path to) {
    try (var paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path copy = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the given stages for the periods (none = every period). */
  public static void run(Lake lake, CogsConfig config, List<String> stages, String... periods) {
    RunContext run = RunContext.of("test", List.of(periods), false, false, config);
    for (String stage : stages) {
      Pipeline.runStage(stage, lake, run);
    }
  }
}
