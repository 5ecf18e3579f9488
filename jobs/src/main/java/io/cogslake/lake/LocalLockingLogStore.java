package io.cogslake.lake;

import io.delta.storage.HDFSLogStore;
import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Delta's log store for {@code file:} paths that several processes can commit through. Delta's own
 * (HDFSLogStore) writes version N by "fail if the file exists, else rename": atomic on HDFS, but on
 * a local file system two processes can both pass the check and both "win" version N, one commit
 * silently replacing the other. Here the check and the rename happen under a lock file beside the
 * table's log ({@code _delta_log/.commit.lock}), so exactly one process commits each version and
 * the other sees the version exists and retries as Delta intends. Registered as {@code
 * spark.delta.logStore.file.impl}.
 */
public class LocalLockingLogStore extends HDFSLogStore {
  static final String LOCK_FILE = ".commit.lock";

  public LocalLockingLogStore(Configuration hadoopConf) {
    super(hadoopConf);
  }

  @Override
  public void write(
      Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf)
      throws IOException {
    java.nio.file.Path log = java.nio.file.Path.of(path.getParent().toUri().getPath());
    try (LocalFileLock lock = LocalFileLock.acquire(log.resolve(LOCK_FILE))) {
      super.write(path, actions, overwrite, hadoopConf);
    }
  }
}
