package io.cogslake.stage;

import io.cogslake.config.CogsConfig;
import java.util.List;
import java.util.UUID;

/** What one invocation was asked to do: shared by every stage it runs, recorded in silver.run_log. */
public record RunContext(
    String runId, String command, List<String> periods, boolean strict, boolean reopen, CogsConfig config) {

  public static RunContext of(String command, List<String> periods, boolean strict, boolean reopen, CogsConfig config) {
    return new RunContext(UUID.randomUUID().toString(), command, List.copyOf(periods), strict, reopen, config);
  }

  /** The same run (same id) over more periods: a stage that had to bring later months up to date hands them on. */
  public RunContext withPeriods(java.util.Collection<String> more) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(periods);
    all.addAll(more);
    return new RunContext(runId, command, List.copyOf(all), strict, reopen, config);
  }

  public boolean allPeriods() {
    return periods.isEmpty();
  }
}
