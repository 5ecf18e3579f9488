package io.cogslake;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.cogslake.lake.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * JUnit 5 base class that owns one SparkSession for the whole suite (surefire runs every class in
 * one JVM). spark-testing-base's own base class starts Spark from JUnit 4 hooks that JUnit 5
 * ignores, so it is used here only for its DataFrame assertions.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;
  private static final JavaDataFrameSuiteBase ASSERTIONS = new JavaDataFrameSuiteBase();

  @BeforeAll
  static void startSpark() {
    if (spark == null) {
      spark =
          SparkSessions.getOrCreate(
              "local[2]",
              Map.of(
                  "spark.sql.shuffle.partitions", "2",
                  "spark.default.parallelism", "2",
                  "spark.driver.host", "127.0.0.1",
                  "spark.sql.adaptive.coalescePartitions.initialPartitionNum", "2",
                  // Every test class runs the same stages' queries: their compiled code is kept for
                  // the
                  // whole suite (Spark keeps 100 by default), not compiled again per class.
                  "spark.sql.codegen.cache.maxEntries", "5000",
                  // The test lakes are small and committed to hundreds of times: listing every file
                  // in
                  // each commit's checksum costs a state reconstruction per commit (measured: the
                  // gold
                  // and simulation tests ~17% faster without it; the checksum itself is still
                  // written).
                  "spark.databricks.delta.allFilesInCrc.enabled", "false"));
      spark.sparkContext().setLogLevel("WARN");
    }
  }

  /**
   * The query's rows as text, one line a row, columns separated by a space, decimals without
   * trailing zeros (12.5, not 12.5000000000): what a worked example's comment states.
   */
  protected static String rowsText(String sql) {
    return spark.sql(sql).collectAsList().stream()
        .map(
            r ->
                java.util.stream.IntStream.range(0, r.length())
                    .mapToObj(
                        i ->
                            r.get(i) instanceof java.math.BigDecimal d
                                ? d.stripTrailingZeros().toPlainString()
                                : String.valueOf(r.get(i)))
                    .collect(java.util.stream.Collectors.joining(" ")))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** Same rows, any order; decimals compared exactly. */
  protected static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    ASSERTIONS.assertDataFrameNoOrderEquals(expected, actual);
  }
}
