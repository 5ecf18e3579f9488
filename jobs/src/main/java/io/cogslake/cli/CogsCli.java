package io.cogslake.cli;

import io.cogslake.errors.CogsException;
import io.cogslake.errors.Errors;
import io.cogslake.errors.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point: {@code bin/cogs <command>}; also the main class for spark-submit. */
@Command(
    name = "cogs",
    mixinStandardHelpOptions = true,
    version = "cogs-lake 0.1.0",
    description = "AI cost of goods sold and gross margin on a Delta Lake.",
    subcommands = {
      RunCommand.class,
      StageCommand.Ingest.class,
      StageCommand.Normalize.class,
      StageCommand.Allocate.class,
      StageCommand.Classify.class,
      StageCommand.Gold.class,
      StageCommand.Simulate.class,
      ParseCommand.class,
      PeriodStatusCommand.Close.class,
      PeriodStatusCommand.Reopen.class,
      SqlCommand.class,
      ExportCommand.class,
      GenerateCommand.class,
      DemoCommand.class,
      PublishCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CogsCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns the contract's exit status; errors are one line on stderr. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new CogsCli());
    cli.setOut(new PrintWriter(System.out, true));
    cli.setErr(new PrintWriter(System.err, true));
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine()
              .getErr()
              .println("cogs: " + Secrets.redact(e.getMessage()) + " (see --help)");
          return Errors.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          boolean verbose = verbose(parsed);
          if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            commandLine.getErr().print(Secrets.redact(trace.toString()));
          }
          CogsException known = findCogsException(e);
          if (known != null) {
            commandLine.getErr().println("cogs: " + Secrets.redact(known.getMessage()));
            return known.exitCode();
          }
          commandLine
              .getErr()
              .println(
                  "cogs: "
                      + Secrets.redact(oneLine(e))
                      + (verbose ? "" : " (--verbose for details)"));
          return Errors.FAILURE;
        });
    return cli.execute(args);
  }

  /** --verbose belongs to the subcommand (or its mixin), not to the top-level command. */
  static boolean verbose(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static CogsException findCogsException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CogsException c) {
        return c;
      }
    }
    return null;
  }

  private static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
