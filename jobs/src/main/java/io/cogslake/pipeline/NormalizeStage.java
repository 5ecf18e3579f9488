package io.cogslake.pipeline;

import io.cogslake.lake.Lake;
import io.cogslake.lake.Parallel;
import io.cogslake.ledger.NormalizeLedgerJob;
import io.cogslake.revenue.NormalizeCompanyDataJob;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.Stage;
import io.cogslake.stage.StageResult;
import io.cogslake.usage.CheckUsageGapsJob;
import io.cogslake.usage.NormalizeUsageJob;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bronze to silver: the ledger, the company's data (revenue, invoices) and the usage, then the
 * usage gaps, which need all three.
 */
final class NormalizeStage extends Stage {
  NormalizeStage(Lake lake, RunContext run) {
    super("normalize", lake, run);
  }

  @Override
  public StageResult run() {
    // Independent tables: normalized at once, each job in a session of its own (they register views
    // of the same names).
    List<StageResult> parts =
        Parallel.map(
            List.<Stage>of(
                new NormalizeLedgerJob(lake.inNewSession(), run),
                new NormalizeCompanyDataJob(lake.inNewSession(), run),
                new NormalizeUsageJob(lake.inNewSession(), run)),
            3,
            Stage::execute);
    Set<String> periods = new TreeSet<>();
    parts.forEach(p -> periods.addAll(p.periods()));
    long rowsIn = parts.stream().mapToLong(StageResult::rowsIn).sum();
    long rows =
        parts.stream().mapToLong(StageResult::rowsOut).sum()
            + new CheckUsageGapsJob(lake, run).run(periods).rows();
    return new StageResult(name(), List.copyOf(periods), rowsIn, rows, null);
  }
}
