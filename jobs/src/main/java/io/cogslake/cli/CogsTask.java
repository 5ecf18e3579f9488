package io.cogslake.cli;

/**
 * Main class for platforms that run the job inside a JVM of their own and must not see {@code
 * System.exit} (a Databricks jar task): the same command line as {@link CogsCli}, a non-zero status
 * fails the task with an exception instead of exiting the JVM.
 */
public final class CogsTask {
  private CogsTask() {}

  public static void main(String[] args) {
    int status = CogsCli.execute(args);
    if (status != 0) {
      throw new IllegalStateException(
          "cogs "
              + (args.length > 0 ? args[0] : "")
              + " failed with exit status "
              + status
              + " (see the error above)");
    }
  }
}
