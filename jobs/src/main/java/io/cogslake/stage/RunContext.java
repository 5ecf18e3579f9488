package io.cogslake.stage;

import io.cogslake.config.CogsConfig;
import java.util.List;
import java.util.UUID;

/**
 * What one invocation was asked to do: shared by every stage it runs, recorded in silver.run_log.
 * {@code through}: the day the open month is processed through ({@code run --through}), or null.
 */
public record RunContext(
    String runId,
    String command,
    List<String> periods,
    boolean strict,
    boolean reopen,
    CogsConfig config,
    java.time.LocalDate through) {

  public static RunContext of(
      String command, List<String> periods, boolean strict, boolean reopen, CogsConfig config) {
    return new RunContext(
        UUID.randomUUID().toString(), command, List.copyOf(periods), strict, reopen, config, null);
  }

  /** The same run, processing the open month through {@code day}. */
  public RunContext through(java.time.LocalDate day) {
    return new RunContext(runId, command, periods, strict, reopen, config, day);
  }

  /**
   * The same run (same id) over more periods: a stage that had to bring later months up to date
   * hands them on.
   */
  public RunContext withPeriods(java.util.Collection<String> more) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(periods);
    all.addAll(more);
    return new RunContext(runId, command, List.copyOf(all), strict, reopen, config, through);
  }

  public boolean allPeriods() {
    return periods.isEmpty();
  }
}
