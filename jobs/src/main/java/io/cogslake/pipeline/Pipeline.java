package io.cogslake.pipeline;

import io.cogslake.allocate.AllocateCostsJob;
import io.cogslake.classify.ClassifyCostsJob;
import io.cogslake.gold.BuildGoldJob;
import io.cogslake.gold.SimulateJob;
import io.cogslake.ingest.IngestSourcesJob;
import io.cogslake.lake.DeltaConflicts;
import io.cogslake.lake.Lake;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.RunLog;
import io.cogslake.stage.Stage;
import io.cogslake.stage.StageResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every step of the job, the stages in order and the commands around them (publish, close,
 * reopen, report): each under a Spark job group of its name, again from the start when it lost a
 * commit race, and recorded in silver.run_log. The stages compute; this is the one place that
 * records them.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private static final Map<String, BiFunction<Lake, RunContext, Stage>> STAGES =
      new LinkedHashMap<>();

  static {
    STAGES.put("ingest", IngestSourcesJob::new);
    STAGES.put("normalize", NormalizeStage::new);
    STAGES.put("allocate", AllocateCostsJob::new);
    STAGES.put("classify", ClassifyCostsJob::new);
    STAGES.put("gold", BuildGoldJob::new);
    STAGES.put("simulate", SimulateJob::new);
  }

  private Pipeline() {}

  public static List<String> stages() {
    return List.copyOf(STAGES.keySet());
  }

  /** One stage for the run's periods, recorded in silver.run_log. */
  public static StageResult runStage(String stage, Lake lake, RunContext run) {
    return run(lake, run, stage, () -> STAGES.get(stage).apply(lake, run).execute());
  }

  /** Every stage in order for the run's periods. */
  public static List<StageResult> runAll(Lake lake, RunContext run) {
    List<StageResult> results = new ArrayList<>();
    RunContext current = run;
    for (String stage : STAGES.keySet()) {
      StageResult result = runStage(stage, lake, current);
      results.add(result);
      // classify brings later months' amortization up to date: gold rebuilds them too
      if (stage.equals("classify")
          && !current.allPeriods()
          && !current.periods().containsAll(result.periods())) {
        current = current.withPeriods(result.periods());
      }
    }
    return results;
  }

  /**
   * Runs one step that writes (a stage, publish, close, reopen) and records its result in
   * silver.run_log: the periods it wrote, rows in and out, the files behind them.
   */
  public static StageResult run(
      Lake lake, RunContext run, String step, Supplier<StageResult> body) {
    Instant started = Instant.now();
    return labelled(
        lake,
        run,
        step,
        () -> {
          // A step replaces exactly its periods, so one that lost a commit race to a concurrent run
          // (another
          // period's writer of a table it reads whole) is run again from the start on the new
          // snapshot.
          return DeltaConflicts.retry(
              step + " " + run.periods(),
              DeltaConflicts.ATTEMPTS,
              () -> {
                StageResult r = body.get();
                RunLog.record(lake, run, r, started);
                return r;
              });
        });
  }

  /**
   * Runs a step that only reads the lake (the month-end pack): labelled and timed, not recorded.
   */
  public static <T> T read(Lake lake, RunContext run, String step, Supplier<T> body) {
    return labelled(lake, run, step, body);
  }

  private static <T> T labelled(Lake lake, RunContext run, String step, Supplier<T> body) {
    long t0 = System.nanoTime();
    lake.spark().sparkContext().setJobGroup(step, "cogs " + step + " " + run.periods(), false);
    try {
      T result = body.get();
      String seconds = String.format("%.1f", (System.nanoTime() - t0) / 1e9);
      if (result instanceof StageResult r) {
        LOG.info(
            "{} done in {} s: periods {}, {} rows in, {} rows out",
            step,
            seconds,
            r.periods(),
            r.rowsIn(),
            r.rowsOut());
      } else {
        LOG.info("{} done in {} s", step, seconds);
      }
      return result;
    } finally {
      lake.spark().sparkContext().clearJobGroup();
    }
  }
}
