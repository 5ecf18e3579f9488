package io.cogslake.lake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local log store commits under the table's lock file, and a version that exists is never
 * replaced.
 */
class LocalLockingLogStoreTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void theSessionCommitsLocalTablesThroughTheLockingStore() {
    Lake lake =
        new Lake(spark, dir.resolve("lake").toString())
            .openReadOnly(); // the layers exist, no table yet
    lake.ensure(Tables.PERIOD_STATUS);
    Path log = dir.resolve("lake/silver/period_status/_delta_log");
    assertTrue(Files.exists(log.resolve("00000000000000000000.json")));
    assertTrue(
        Files.exists(log.resolve(LocalLockingLogStore.LOCK_FILE)),
        "no lock file beside the log: the session's store is not ours");
  }

  @Test
  void aCommitWaitsForTheHolderOfTheTablesLockAndNeverReplacesAVersion() throws Exception {
    Configuration conf = new Configuration();
    LocalLockingLogStore store = new LocalLockingLogStore(conf);
    Path log = Files.createDirectories(dir.resolve("t/_delta_log"));
    org.apache.hadoop.fs.Path version1 =
        new org.apache.hadoop.fs.Path(log.resolve("00000000000000000001.json").toUri());

    CompletableFuture<Void> commit;
    // another process (here: another thread) holds the table's lock: the commit waits for it
    try (LocalFileLock held = LocalFileLock.acquire(log.resolve(LocalLockingLogStore.LOCK_FILE))) {
      commit =
          CompletableFuture.runAsync(
              () -> {
                try {
                  store.write(
                      version1,
                      List.of("{\"commitInfo\":{\"first\":true}}").iterator(),
                      false,
                      conf);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      Thread.sleep(500);
      assertFalse(commit.isDone(), "the commit did not wait for the lock");
      assertFalse(Files.exists(log.resolve("00000000000000000001.json")));
    }
    commit.get(30, TimeUnit.SECONDS);
    assertTrue(Files.readString(log.resolve("00000000000000000001.json")).contains("first"));

    // the second writer of version 1 is told it exists (Delta then retries at version 2)
    assertThrows(
        java.nio.file.FileAlreadyExistsException.class,
        () ->
            store.write(
                version1, List.of("{\"commitInfo\":{\"second\":true}}").iterator(), false, conf));
    assertTrue(Files.readString(log.resolve("00000000000000000001.json")).contains("first"));
  }
}
