package io.cogslake.pipeline;

import io.cogslake.allocate.AllocateCostsJob;
import io.cogslake.classify.ClassifyCostsJob;
import io.cogslake.gold.BuildGoldJob;
import io.cogslake.gold.SimulateJob;
import io.cogslake.ingest.IngestSourcesJob;
import io.cogslake.lake.DeltaConflicts;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Parallel;
import io.cogslake.ledger.NormalizeLedgerJob;
import io.cogslake.revenue.NormalizeCompanyDataJob;
import io.cogslake.usage.CheckUsageGapsJob;
import io.cogslake.usage.NormalizeUsageJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages in order, looked up by name. Each stage is a pure function of its inputs for the periods
 * it is given and records itself in silver.run_log.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /** What a stage reports: the periods it wrote, rows in and out (the run log adds the input files). */
  public record StageResult(String stage, List<String> periods, long rowsIn, long rowsOut, String rulesVersion) {}

  private static final Map<String, BiFunction<Lake, RunContext, StageResult>> STAGES = new LinkedHashMap<>();

  static {
    STAGES.put("ingest", Pipeline::ingest);
    STAGES.put("normalize", Pipeline::normalize);
    STAGES.put("allocate", Pipeline::allocate);
    STAGES.put("classify", Pipeline::classify);
    STAGES.put("gold", Pipeline::gold);
    STAGES.put("simulate", Pipeline::simulate);
  }

  private Pipeline() {}

  public static List<String> stages() {
    return List.copyOf(STAGES.keySet());
  }

  public static StageResult runStage(String stage, Lake lake, RunContext run) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    lake.spark().sparkContext().setJobGroup(stage, "cogs " + stage + " " + run.periods(), false);
    try {
      // A stage replaces exactly its periods, so one that lost a commit race to a concurrent run (another
      // period's writer of a table it reads whole) is run again from the start on the new snapshot.
      StageResult result = DeltaConflicts.retry(stage + " " + run.periods(), DeltaConflicts.ATTEMPTS, () -> {
        StageResult r = STAGES.get(stage).apply(lake, run);
        RunLog.record(lake, run, stage, r.periods(), RunLog.inputChecksums(lake, r.periods()), r.rowsIn(), r.rowsOut(), r.rulesVersion(), started);
        return r;
      });
      LOG.info("{} done in {} s: periods {}, {} rows in, {} rows out", stage, String.format("%.1f", (System.nanoTime() - t0) / 1e9), result.periods(), result.rowsIn(), result.rowsOut());
      return result;
    } finally {
      lake.spark().sparkContext().clearJobGroup();
    }
  }

  /** Every stage in order for the run's periods. */
  public static List<StageResult> runAll(Lake lake, RunContext run) {
    List<StageResult> results = new ArrayList<>();
    RunContext current = run;
    for (String stage : STAGES.keySet()) {
      StageResult result = runStage(stage, lake, current);
      results.add(result);
      // classify brings later months' amortization up to date: gold rebuilds them too
      if (stage.equals("classify") && !current.allPeriods() && !current.periods().containsAll(result.periods())) {
        current = current.withPeriods(result.periods());
      }
    }
    return results;
  }

  private static StageResult ingest(Lake lake, RunContext run) {
    IngestSourcesJob.Result result = new IngestSourcesJob(lake, run).run();
    long rows = result.sources().stream().mapToLong(IngestSourcesJob.SourceResult::rows).sum();
    return new StageResult("ingest", List.copyOf(result.periods()), rows, rows - result.quarantined(), null);
  }

  private static StageResult allocate(Lake lake, RunContext run) {
    AllocateCostsJob.Result result = new AllocateCostsJob(lake, run).run();
    return new StageResult("allocate", result.periods(), result.linesIn(), result.rows(), null);
  }

  private static StageResult classify(Lake lake, RunContext run) {
    ClassifyCostsJob.Result result = new ClassifyCostsJob(lake, run).run();
    return new StageResult("classify", result.periods(), result.rowsIn(), result.rows(), result.rulesVersion());
  }

  private static StageResult gold(Lake lake, RunContext run) {
    BuildGoldJob.Result result = new BuildGoldJob(lake, run).run();
    long rows = result.rows().values().stream().mapToLong(Long::longValue).sum();
    return new StageResult("gold", result.periods(), result.rowsIn(), rows, null);
  }

  private static StageResult simulate(Lake lake, RunContext run) {
    SimulateJob.Result result = new SimulateJob(lake, run).run();
    return new StageResult("simulate", result.periods(), result.callsIn(), result.rows(), null);
  }

  private static StageResult normalize(Lake lake, RunContext run) {
    // The ledger, the company's data and the usage are independent tables: normalized at once, each job in
    // a session of its own (they register views of the same names); the usage gaps need all three.
    var ledgerResult = new AtomicReference<NormalizeLedgerJob.Result>();
    var companyResult = new AtomicReference<List<NormalizeCompanyDataJob.SourceResult>>();
    var usageResult = new AtomicReference<NormalizeUsageJob.Result>();
    Parallel.run(List.of(
        () -> ledgerResult.set(new NormalizeLedgerJob(lake.inNewSession(), run).run()),
        () -> companyResult.set(new NormalizeCompanyDataJob(lake.inNewSession(), run).run()),
        () -> usageResult.set(new NormalizeUsageJob(lake.inNewSession(), run).run())));
    NormalizeLedgerJob.Result ledger = ledgerResult.get();
    List<NormalizeCompanyDataJob.SourceResult> company = companyResult.get();
    NormalizeUsageJob.Result usage = usageResult.get();
    Set<String> periods = new TreeSet<>();
    ledger.sources().forEach(s -> periods.addAll(s.periods()));
    company.forEach(s -> periods.addAll(s.periods()));
    periods.addAll(usage.periods());
    long companyRows = company.stream().mapToLong(NormalizeCompanyDataJob.SourceResult::rows).sum();
    long rowsIn = ledger.rowsIn() + companyRows + usage.rows();
    long rows = ledger.rows() + companyRows + usage.rows() + new CheckUsageGapsJob(lake, run).run(periods).rows();
    return new StageResult("normalize", List.copyOf(periods), rowsIn, rows, null);
  }
}
