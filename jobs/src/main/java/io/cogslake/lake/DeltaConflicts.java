package io.cogslake.lake;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delta's optimistic concurrency: a commit that lost the race to a concurrent writer of the same
 * table (ConcurrentAppendException, ConcurrentDeleteReadException, ConcurrentWriteException,
 * ProtocolChangedException, MetadataChangedException, ...) changed nothing, so the work that made
 * it can simply be done again on the new snapshot.
 */
public final class DeltaConflicts {
  /**
   * How many times a piece of work that keeps losing commit races is tried before its conflict is
   * thrown.
   */
  public static final int ATTEMPTS = 8;

  private static final Logger LOG = LoggerFactory.getLogger(DeltaConflicts.class);
  private static final long FIRST_PAUSE_MS = 200;
  private static final long LONGEST_PAUSE_MS = 5_000;

  private DeltaConflicts() {}

  /** Whether {@code error}, or one of its causes, is a commit that lost to a concurrent one. */
  public static boolean isConflict(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DeltaConcurrentModificationException) {
        return true;
      }
      // the same errors when they arrive re-wrapped (e.g. from another thread's job)
      if (t instanceof SparkThrowable s
          && s.getErrorClass() != null
          && (s.getErrorClass().startsWith("DELTA_CONCURRENT")
              || s.getErrorClass().equals("DELTA_PROTOCOL_CHANGED")
              || s.getErrorClass().equals("DELTA_METADATA_CHANGED"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code work}, again after a pause when it lost a commit race, at most {@code attempts}
   * times; any other failure, or the last conflict, is thrown as it is.
   */
  public static <T> T retry(String what, int attempts, Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        if (attempt >= attempts || !isConflict(e)) {
          throw e;
        }
        long pause = pause(attempt);
        LOG.warn(
            "{}: a concurrent commit won ({}); attempt {} of {} in {} ms",
            what,
            firstLine(e),
            attempt + 1,
            attempts,
            pause);
        sleep(pause);
      }
    }
  }

  /** Exponential back-off with jitter, so writers that collided do not collide again in step. */
  private static long pause(int attempt) {
    long ceiling = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS << Math.min(attempt - 1, 10));
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return e.getClass().getSimpleName() + ": " + (end < 0 ? message : message.substring(0, end));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to retry a conflicting commit", e);
    }
  }
}
