package io.cogslake.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a file of the local disk, held against other processes ({@link
 * FileChannel#lock}, released by the operating system when a process dies, even under {@code kill
 * -9}) and against other threads of this JVM (a file lock is per process, so threads queue on a
 * lock of their own first).
 */
public final class LocalFileLock implements AutoCloseable {
  private static final Map<Path, ReentrantLock> THREADS = new ConcurrentHashMap<>();

  private final Path file;
  private final ReentrantLock threads;
  private final FileChannel channel;
  private final FileLock lock;

  private LocalFileLock(Path file, ReentrantLock threads, FileChannel channel, FileLock lock) {
    this.file = file;
    this.threads = threads;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Waits for the lock on {@code file} (created with its folders if missing). Re-entrant for one
   * thread.
   */
  public static LocalFileLock acquire(Path file) {
    Path key = file.toAbsolutePath().normalize();
    ReentrantLock threads = THREADS.computeIfAbsent(key, k -> new ReentrantLock());
    threads.lock();
    if (threads.getHoldCount() > 1) {
      return new LocalFileLock(key, threads, null, null); // this thread holds the file lock already
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(key.getParent());
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return new LocalFileLock(key, threads, channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      threads.unlock();
      throw new UncheckedIOException(
          new IOException("Cannot lock " + key + ": " + e.getMessage(), e));
    }
  }

  /**
   * The local file behind a lake or table location ({@code /x}, {@code file:/x}, {@code
   * file:///x}), or empty for any other file system (S3, ADLS, GCS, HDFS), where a local lock would
   * guard nothing.
   */
  public static Optional<Path> localPath(String location) {
    URI uri = new org.apache.hadoop.fs.Path(location).toUri();
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      return Optional.of(Path.of(uri.getPath()));
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException("Cannot release the lock " + file + ": " + e.getMessage(), e));
    } finally {
      closeQuietly(channel);
      threads.unlock();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing releases the lock too; nothing more to do
      }
    }
  }
}
