package io.cogslake.stage;

import java.util.List;

/**
 * What a stage reports and silver.run_log records: the periods it wrote, rows in and out (the run
 * log adds the input files), the rules version it classified with, and why it went ahead over
 * failed checks (null: not forced).
 */
public record StageResult(
    String stage,
    List<String> periods,
    long rowsIn,
    long rowsOut,
    String rulesVersion,
    String forcedReason)
    implements Stage.Outcome {
  public StageResult(
      String stage, List<String> periods, long rowsIn, long rowsOut, String rulesVersion) {
    this(stage, periods, rowsIn, rowsOut, rulesVersion, null);
  }
}
