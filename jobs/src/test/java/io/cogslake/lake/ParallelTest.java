package io.cogslake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.errors.CogsException;
import io.cogslake.errors.Errors;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The writes of one stage run at once: results keep the items' order and a failure keeps its exit
 * status.
 */
class ParallelTest {

  @Test
  void resultsComeInTheOrderOfTheItemsAndTheWorkOverlaps() throws Exception {
    // Two items wait for each other: they finish only if both run at the same time.
    CountDownLatch both = new CountDownLatch(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Integer> results =
        Parallel.map(
            List.of(3, 1, 2),
            3,
            n -> {
              threads.add(Thread.currentThread().getName());
              both.countDown();
              try {
                assertTrue(both.await(10, TimeUnit.SECONDS), "items did not run at once");
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return n * 10;
            });
    assertEquals(List.of(30, 10, 20), results);
    assertTrue(threads.size() >= 2, "ran on " + threads);
  }

  @Test
  void theFirstFailureIsThrownAsItWas() {
    CogsException closed = Errors.periodClosed("2025-03", "gold");
    CogsException thrown =
        assertThrows(
            CogsException.class,
            () ->
                Parallel.map(
                    List.of("a", "b"),
                    2,
                    s -> {
                      if (s.equals("b")) {
                        throw closed;
                      }
                      return s;
                    }));
    assertSame(closed, thrown);
    assertEquals(3, thrown.exitCode());
  }
}
