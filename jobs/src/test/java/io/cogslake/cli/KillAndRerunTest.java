package io.cogslake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.ChildJvm;
import io.cogslake.SparkTestBase;
import io.cogslake.lake.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a stage, then the same command again: the figures are an
 * uninterrupted run's. Each point is the moment a stage's first table commit lands while its other
 * writes are still to come (one source's bronze before its ingest log; the allocation pools before
 * the allocated cost; the first gold table before the others), seen as that commit's file in the
 * Delta log. The kills follow one another on one lake: each re-run is killed at the next point, the
 * last completes.
 */
@Tag("slow")
class KillAndRerunTest extends SparkTestBase {
  private static final String FIRST_WRITE = "_delta_log/00000000000000000001.json";

  @TempDir Path dir;

  @Test
  void killedMidStageAtThreePointsThenRerunTheFiguresAreAnUninterruptedRunsOnes() throws Exception {
    SmallDemo demo = SmallDemo.get(spark);
    Path lake = dir.resolve("lake");
    String conf = demo.conf(lake).toString();
    String period = SmallDemo.PERIODS.get(1);
    List<String> points = List.of("bronze/focus_aws/", "silver/allocation_pools/", "gold/cogs/");
    for (String point : points) {
      ChildJvm run =
          ChildJvm.cogs(
              dir.resolve("logs"),
              "killed-at-" + point.replace('/', '_'),
              "run",
              "--conf",
              conf,
              "--period",
              period);
      Path trigger = lake.resolve(point + FIRST_WRITE);
      while (!Files.exists(trigger) && run.process.isAlive()) {
        Thread.sleep(20);
      }
      assertTrue(
          run.process.isAlive(), "the run ended before " + trigger + " appeared:\n" + run.errors());
      run.kill();
    }
    ChildJvm rerun =
        ChildJvm.cogs(dir.resolve("logs"), "rerun", "run", "--conf", conf, "--period", period);
    assertEquals(0, rerun.waitFor(25), rerun.errors());

    List<String> one = List.of(period);
    assertEquals(
        SmallDemo.cogsPerPeriod(spark, demo.sequential).get(period),
        SmallDemo.cogsPerPeriod(spark, lake).get(period));
    assertTrue(SmallDemo.cogsPerPeriod(spark, lake).get(period).signum() > 0);
    // this lake has only the one period: the gold tables that read earlier months see none of them
    // here
    SmallDemo.assertSameTables(spark, demo.sequential, lake, Tables.goldOfThePeriodAlone(), one);
    SmallDemo.assertSameTables(
        spark,
        demo.sequential,
        lake,
        List.of(
            Tables.LEDGER,
            Tables.QUARANTINE,
            Tables.USAGE,
            Tables.REVENUE,
            Tables.INVOICES,
            Tables.COST_ALLOCATED,
            Tables.COST_CLASSIFIED,
            Tables.REQUEST_COSTS),
        one,
        List.of(
            "x_IngestId",
            "ingest_id",
            "_ingest_id",
            "run_id")); // which run ingested a line differs, nothing else
  }
}
