package io.cogslake.lake;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.ChildJvm;
import io.cogslake.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes commit to one local table at once, each its own period, each several times: no
 * commit is lost or replaced. The table has every period's rows and one version per commit, 0..N
 * with no gap. Each writer is {@link #main} in a JVM of its own, with the job's SparkSession.
 */
@Tag("slow")
class ConcurrentWritersTest extends SparkTestBase {
  private static final int WRITERS = 3;
  private static final int COMMITS_EACH = 4;

  @TempDir Path dir;

  @Test
  void writersOfDifferentPeriodsInSeveralProcessesLoseNoCommit() {
    Lake lake =
        new Lake(spark, dir.resolve("lake").toString())
            .openReadOnly(); // the layers exist, no table yet
    lake.ensure(Tables.PERIOD_STATUS); // version 0
    String table = lake.location(Tables.PERIOD_STATUS);
    List<ChildJvm> writers = new ArrayList<>();
    for (int w = 1; w <= WRITERS; w++) {
      writers.add(
          ChildJvm.start(
              dir.resolve("logs"),
              "writer-" + w,
              ConcurrentWritersTest.class.getName(),
              table,
              "2025-0" + w));
    }
    for (ChildJvm writer : writers) {
      assertEquals(0, writer.waitFor(10), writer.errors());
    }

    List<Long> versions =
        spark
            .sql("describe history delta.`" + table + "`")
            .select("version")
            .orderBy("version")
            .collectAsList()
            .stream()
            .map(r -> r.getLong(0))
            .toList();
    assertEquals(LongStream.rangeClosed(0, WRITERS * COMMITS_EACH).boxed().toList(), versions);
    Map<String, Long> appends = new TreeMap<>();
    spark
        .read()
        .format("delta")
        .load(table)
        .groupBy("billing_period")
        .count()
        .collectAsList()
        .forEach(r -> appends.put(r.getString(0), r.getLong(1)));
    assertEquals(
        Map.of(
            "2025-01",
            (long) COMMITS_EACH,
            "2025-02",
            (long) COMMITS_EACH,
            "2025-03",
            (long) COMMITS_EACH),
        appends);
  }

  /** One writer: {@code COMMITS_EACH} appends of one row of {@code period} to {@code table}. */
  public static void main(String[] args) {
    String table = args[0];
    String period = args[1];
    SparkSession session =
        SparkSessions.getOrCreate(
            "local[1]",
            Map.of("spark.sql.shuffle.partitions", "1", "spark.driver.host", "127.0.0.1"));
    try {
      for (int i = 0; i < COMMITS_EACH; i++) {
        List<Row> row =
            List.of(
                org.apache.spark.sql.RowFactory.create(
                    "open", null, "writer-" + period + "-" + i, false, null, List.of(), period));
        // blind appends of different periods never conflict: every one must be a version of its own
        session
            .createDataFrame(row, session.read().format("delta").load(table).schema())
            .write()
            .format("delta")
            .mode("append")
            .save(table);
      }
      long mine =
          session
              .read()
              .format("delta")
              .load(table)
              .filter(col("billing_period").equalTo(period))
              .count();
      if (mine != COMMITS_EACH) {
        throw new IllegalStateException(
            table + " has " + mine + " rows of " + period + " after " + COMMITS_EACH + " commits");
      }
    } finally {
      session.stop();
    }
  }
}
