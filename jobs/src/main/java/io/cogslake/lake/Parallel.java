package io.cogslake.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs independent writes of one stage at once (one Spark job each, from its own thread). On small
 * data a Delta write is mostly driver work (planning, the commit, the log), so two of them share
 * two cores better than one after the other; on large data Spark's scheduler shares the cores among
 * their tasks.
 */
public final class Parallel {
  private Parallel() {}

  /**
   * {@code work} applied to each item, at most {@code threads} at a time; results in the items'
   * order.
   */
  public static <T, R> List<R> map(List<T> items, int threads, Function<T, R> work) {
    if (items.size() <= 1 || threads <= 1) {
      return items.stream().map(work).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()));
    try {
      List<Future<R>> pending = new ArrayList<>();
      for (T item : items) {
        pending.add(pool.submit(() -> work.apply(item)));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> f : pending) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for parallel writes", e);
    } catch (ExecutionException e) {
      // the first failure, as it was thrown (a CogsException keeps its exit status)
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Runs independent pieces of work at once and returns when all are done (the first failure is
   * thrown).
   */
  public static void run(List<Runnable> work) {
    map(
        work,
        work.size(),
        piece -> {
          piece.run();
          return null;
        });
  }
}
