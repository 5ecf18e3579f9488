package io.cogslake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.ChildJvm;
import io.cogslake.SparkTestBase;
import io.cogslake.lake.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code run --period} processes at once on a new lake, as an Airflow backfill with {@code
 * max_active_runs=3} starts them: all three create the lake's tables at the same moment and then
 * commit to the same tables. Every one succeeds and the figures are a sequential run's.
 */
@Tag("slow")
class ConcurrentRunsTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void threePeriodsAtOnceOnANewLakeGiveTheFiguresOfASequentialRun() {
    SmallDemo demo = SmallDemo.get(spark);
    Path lake = dir.resolve("lake");
    Path conf = demo.conf(lake);
    List<ChildJvm> runs = new ArrayList<>();
    for (String period : SmallDemo.PERIODS) {
      runs.add(
          ChildJvm.cogs(
              dir.resolve("logs"),
              "run-" + period,
              "run",
              "--conf",
              conf.toString(),
              "--period",
              period));
    }
    for (int i = 0; i < runs.size(); i++) {
      assertEquals(
          0,
          runs.get(i).waitFor(25),
          "run --period " + SmallDemo.PERIODS.get(i) + ":\n" + runs.get(i).errors());
    }

    SmallDemo.assertGoldHasEveryPeriod(spark, lake);
    assertEquals(
        SmallDemo.cogsPerPeriod(spark, demo.sequential), SmallDemo.cogsPerPeriod(spark, lake));
    // the tables that read earlier months see them as they stood when the period was built, which
    // at once
    // depends on timing (README, Several runs at once); the others must equal a sequential run's
    SmallDemo.assertSameTables(
        spark, demo.sequential, lake, Tables.goldOfThePeriodAlone(), SmallDemo.PERIODS);
    // every table created once: version 0 of each is its creation, by one of the three
    for (var table : Tables.all()) {
      long creations =
          io.delta.tables.DeltaTable.forPath(
                  spark, lake.resolve(table.layer()).resolve(table.name()).toString())
              .history()
              .filter("operation like 'CREATE%'")
              .count();
      assertEquals(1, creations, table.qualifiedName());
    }
  }
}
