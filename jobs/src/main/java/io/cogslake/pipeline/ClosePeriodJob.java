package io.cogslake.pipeline;

import static org.apache.spark.sql.functions.col;

import io.cogslake.errors.Errors;
import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.Tables;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.StageResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a billing period (its figures become final: stages refuse to rewrite it without --reopen)
 * once the checks of {@code sql/close/close_checks.sql} pass: gold built, every invoice tied,
 * nothing UNCLASSIFIED, nothing quarantined. Otherwise it refuses with one line per reason, unless
 * forced with a reason, which silver.period_status and silver.run_log keep beside the checks it
 * overrode.
 */
public final class ClosePeriodJob {
  private static final Logger LOG = LoggerFactory.getLogger(ClosePeriodJob.class);

  /** overridden: the failed checks a forced close went past (empty when the period was ready). */
  public record Result(String period, String status, List<String> overridden, String reason) {}

  private final Lake lake;
  private final RunContext run;

  public ClosePeriodJob(Lake lake, RunContext run) {
    this.lake = lake;
    this.run = run;
  }

  /** Why the period is not ready to close, one line per reason; empty when it is. */
  public List<String> failedChecks(String period) {
    lake.spark().sparkContext().setJobDescription("close checks " + period);
    return SqlFiles.query(
            lake.spark(),
            "close/close_checks.sql",
            Map.of("period", period, "reporting_currency", run.config().reportingCurrency))
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList(); // a few lines
  }

  /**
   * Closes the period when its checks pass; with {@code forceReason} (not blank) also when they
   * fail. Refused: exit 3 naming each reason.
   */
  public Result close(String period, String forceReason) {
    Instant started = Instant.now();
    List<String> failed = failedChecks(period);
    if (!failed.isEmpty() && forceReason == null) {
      throw Errors.closeRefused(period, failed);
    }
    String reason = failed.isEmpty() ? null : forceReason;
    if (reason != null) {
      LOG.warn(
          "closing billing period {} over {} failed checks, forced: {}",
          period,
          failed.size(),
          reason);
    }
    record(period, "closed", reason, failed, started);
    return new Result(period, "closed", failed, reason);
  }

  /** Opens a closed period again (its stages may rewrite it); recorded as closing is. */
  public Result reopen(String period) {
    record(period, "open", null, List.of(), Instant.now());
    return new Result(period, "open", List.of(), null);
  }

  /**
   * The period's new status in silver.period_status, through the pipeline, which records the step
   * in silver.run_log.
   */
  private void record(
      String period, String status, String forcedReason, List<String> overridden, Instant started) {
    String step = status.equals("closed") ? "close" : "reopen";
    Pipeline.run(
        lake,
        run,
        step,
        () -> {
          Row row =
              RowFactory.create(
                  status,
                  Timestamp.from(started),
                  run.runId(),
                  forcedReason != null,
                  forcedReason,
                  overridden,
                  period);
          lake.replace(
              Tables.PERIOD_STATUS,
              lake.rowsOf(Tables.PERIOD_STATUS, List.of(row)),
              col("billing_period").equalTo(period));
          return new StageResult(step, List.of(period), 0, 0, null, forcedReason);
        });
    LOG.info("billing period {} is now {}", period, status);
  }
}
