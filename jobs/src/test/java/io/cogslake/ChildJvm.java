package io.cogslake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class in a JVM of its own, as {@code bin/cogs} starts the launcher: this test JVM's
 * classpath and its {@code --add-opens} flags (the pom's {@code spark.jvm.flags}), a modest heap.
 * Output goes to files, so a chatty child never blocks on a full pipe.
 */
public final class ChildJvm {
  private static final String HEAP = "-Xmx1g";

  public final Process process;
  private final Path stderr;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  /**
   * Starts {@code cogs args…} (io.cogslake.cli.CogsCli); stdout and stderr go to {@code
   * <logs>/<name>.out|.err}.
   */
  public static ChildJvm cogs(Path logs, String name, String... args) {
    return start(logs, name, "io.cogslake.cli.CogsCli", args);
  }

  /** Starts {@code mainClass args…}; its stdout and stderr go to {@code <logs>/<name>.out|.err}. */
  public static ChildJvm start(Path logs, String name, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(sparkFlags());
    command.addAll(
        List.of(
            HEAP, "-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(logs);
      Path err = logs.resolve(name + ".err");
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(logs.resolve(name + ".out").toFile())
              .redirectError(err.toFile())
              .start();
      return new ChildJvm(p, err);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
  }

  /**
   * Waits for the exit status (at most {@code minutes}); a child still running then is killed and
   * fails the test.
   */
  public int waitFor(int minutes) {
    try {
      if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            process.info().command().orElse("the child")
                + " did not finish within "
                + minutes
                + " min:\n"
                + errors());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code kill -9}: no shutdown hook, no finally block runs in the child. */
  public void kill() {
    try {
      process.destroyForcibly().waitFor(); // SIGKILL on Linux
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String errors() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(no stderr: " + e.getMessage() + ")";
    }
  }

  /** The flags this JVM runs Spark with (surefire's argLine from the pom), minus its heap. */
  private static List<String> sparkFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a ->
                a.startsWith("--add-opens")
                    || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || a.startsWith("-Djdk.reflect"))
        .toList();
  }
}
