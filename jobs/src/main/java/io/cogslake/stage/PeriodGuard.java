package io.cogslake.stage;

import static org.apache.spark.sql.functions.col;

import io.cogslake.errors.Errors;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps closed periods final: a stage asked to rewrite a closed period fails (exit 3) unless the
 * run says --reopen; a period a stage only came across (no --period) is skipped with a warning.
 */
public final class PeriodGuard {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodGuard.class);

  private final RunContext run;
  private final Set<String> closed;

  public PeriodGuard(Lake lake, RunContext run) {
    this.run = run;
    this.closed =
        lake
            .read(Tables.PERIOD_STATUS)
            .filter(col("status").equalTo("closed"))
            .select("billing_period")
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .collect(Collectors.toSet());
  }

  public boolean isClosed(String period) {
    return closed.contains(period);
  }

  public boolean anyClosed() {
    return !closed.isEmpty();
  }

  /** True when {@code stage} may write {@code period}; throws for a closed period the run named. */
  public boolean mayRewrite(String period, String stage) {
    if (!closed.contains(period) || run.reopen()) {
      return true;
    }
    if (run.periods().contains(period)) {
      throw Errors.periodClosed(period, stage);
    }
    LOG.warn(
        "{}: billing period {} is closed, left as it is (run with --reopen --period {} to change it)",
        stage,
        period,
        period);
    return false;
  }
}
