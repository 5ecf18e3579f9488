package io.cogslake.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import io.cogslake.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running a period again changes nothing: every table of the lake (bronze, silver, gold) holds the
 * same rows after the second run, but the run log, which gains the second run's lines, and the time
 * the rules were applied (silver.rules_versions.applied_at); and the second run, which found
 * nothing new to ingest, logs 0 rows for its ingest (not the last commit's count).
 */
@Tag("slow")
class RepeatedRunTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void runningAPeriodTwiceLeavesEveryTableAsItWas() {
    SmallDemo demo = SmallDemo.get(spark);
    Path lake = dir.resolve("lake");
    TestLakes.copyTree(demo.sequential, lake);
    CogsConfig config = LakeSession.loadConfig(demo.conf(lake));
    Lake opened = TestLakes.open(spark, config);
    String period = SmallDemo.PERIODS.get(0);
    long logged = SmallDemo.read(spark, lake, Tables.RUN_LOG).count();

    TestLakes.run(opened, config, Pipeline.stages(), period);

    List<TableSpec> tables =
        SmallDemo.tablesOf(lake).stream().filter(t -> !t.equals(asListed(Tables.RUN_LOG))).toList();
    // silver.rules_versions says when the rules were last applied to a period: the one column a
    // re-run moves
    SmallDemo.assertSameTables(
        spark, demo.sequential, lake, tables, SmallDemo.PERIODS, List.of("applied_at"));
    var runLog = SmallDemo.read(spark, lake, Tables.RUN_LOG);
    assertEquals(logged + Pipeline.stages().size(), runLog.count());
    var ingest =
        runLog
            .filter(col("stage").equalTo("ingest"))
            .orderBy(col("finished_at").desc())
            .select("rows_in", "rows_out")
            .first();
    assertEquals(0L, ingest.getLong(0));
    assertEquals(0L, ingest.getLong(1));
    // the first run's ingest of the period counted what it read
    var first =
        SmallDemo.read(spark, demo.sequential, Tables.RUN_LOG)
            .filter(col("stage").equalTo("ingest").and(col("billing_period").equalTo(period)))
            .select("rows_in")
            .first();
    assertEquals(
        SmallDemo.read(spark, demo.sequential, Tables.INGEST_LOG)
            .filter(col("billing_period").equalTo(period).and(col("status").equalTo("ingested")))
            .agg(org.apache.spark.sql.functions.sum("rows"))
            .first()
            .getLong(0),
        first.getLong(0));
  }

  private static TableSpec asListed(TableSpec table) {
    return new TableSpec(table.layer(), table.name(), null, List.of());
  }
}
