package io.cogslake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's contract: exit codes, one-line errors on stderr, results only on stdout. */
class CommandLineTest extends SparkTestBase {
  @TempDir Path dir;

  record Outcome(int exit, String out, String err) {}

  static Outcome cogs(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int exit = CogsCli.execute(args);
      return new Outcome(
          exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void badUsageExitsTwoWithOneLine() throws Exception {
    Outcome missing = cogs("run");
    assertEquals(2, missing.exit());
    assertEquals("cogs: Missing required option: '--conf=FILE' (see --help)\n", missing.err());

    Path conf =
        Files.writeString(
            dir.resolve("c.yaml"), "lake: " + dir.resolve("lake") + "\ncolour: blue\n");
    Outcome unknownKey = cogs("sql", "--conf", conf.toString(), "select 1");
    assertEquals(2, unknownKey.exit());
    assertEquals("cogs: Unknown configuration key 'colour'\n", unknownKey.err());
    assertEquals("", unknownKey.out());

    Outcome badPeriod = cogs("ingest", "--conf", conf.toString(), "--period", "2025-13");
    assertEquals(2, badPeriod.exit());

    Path withSimulation =
        Files.writeString(
            dir.resolve("s.yaml"),
            "lake: "
                + dir.resolve("lake")
                + "\nsimulations:\n  - {name: cheaper, where: \"step = 'classifier'\", calls_factor: 0.5}\n");
    Outcome unknownScenario =
        cogs(
            "simulate",
            "--conf",
            withSimulation.toString(),
            "--period",
            "2025-03",
            "--scenario",
            "cheapr");
    assertEquals(2, unknownScenario.exit());
    assertEquals(
        "cogs: Unknown simulation 'cheapr': the configuration has cheaper\n",
        unknownScenario.err());

    Path plain = Files.writeString(dir.resolve("p.yaml"), "lake: " + dir.resolve("lake") + "\n");
    Outcome noSuchDay = cogs("run", "--conf", plain.toString(), "--through", "2025-02-30");
    assertEquals(2, noSuchDay.exit());
    assertEquals(
        "cogs: Invalid --through '2025-02-30': expected a day, YYYY-MM-DD\n", noSuchDay.err());
    Outcome otherMonth =
        cogs("run", "--conf", plain.toString(), "--through", "2025-03-12", "--period", "2025-02");
    assertEquals(2, otherMonth.exit());
    assertEquals(
        "cogs: --through 2025-03-12 processes period 2025-03; it cannot be combined with --period 2025-02\n",
        otherMonth.err());
    Outcome badAnomalies =
        cogs(
            "run",
            "--conf",
            Files.writeString(
                    dir.resolve("a.yaml"),
                    "lake: " + dir.resolve("lake") + "\nanomalies: {window_days: 0}\n")
                .toString());
    assertEquals(2, badAnomalies.exit());
    assertEquals(
        "cogs: Configuration key 'anomalies.window_days' must be a number of days from 1 to 366, not '0'\n",
        badAnomalies.err());
  }

  @Test
  void sqlPrintsCsvWithHeaderPlainDecimalsAndEmptyNulls() throws Exception {
    Path conf = Files.writeString(dir.resolve("c.yaml"), "lake: " + dir.resolve("lake") + "\n");
    Outcome out =
        cogs(
            "sql",
            "--conf",
            conf.toString(),
            "--format",
            "csv",
            "select cast('0.0000001' as decimal(38,18)) as tiny, cast(null as string) as nothing, 'a,b' as text");
    assertEquals(0, out.exit(), out.err());
    assertEquals("tiny,nothing,text\n0.000000100000000000,,\"a,b\"\n", out.out());

    Outcome empty =
        cogs(
            "sql",
            "--conf",
            conf.toString(),
            "--format",
            "csv",
            "select 1 as a, 'x' as b where false");
    assertEquals("a,b\n", empty.out());
  }

  @Test
  void aClosedPeriodIsNotRewrittenWithoutReopen() throws Exception {
    Path landing = dir.resolve("landing");
    TestLakes.copyFixture("focus/ai-billing/multi_model_usage.csv", landing.resolve("m.csv"));
    Path conf =
        Files.writeString(
            dir.resolve("c.yaml"),
            "lake: "
                + dir.resolve("lake")
                + "\nsources:\n  - {name: ai, type: focus, path: "
                + landing
                + "}\n");
    assertEquals(0, cogs("run", "--conf", conf.toString()).exit());
    // The fixture's provider sent no invoice: close refuses, naming it, until forced with a reason.
    Outcome notReady = cogs("close", "--conf", conf.toString(), "--period", "2025-05");
    assertEquals(3, notReady.exit(), notReady.err());
    assertTrue(
        notReady.err().startsWith("cogs: Billing period 2025-05 cannot be closed:\n  - provider "),
        notReady.err());
    assertTrue(notReady.err().contains(": no invoice for ledger lines of "), notReady.err());
    Outcome noReason = cogs("close", "--conf", conf.toString(), "--period", "2025-05", "--force");
    assertEquals(2, noReason.exit());
    assertEquals(
        "cogs: --force needs --reason TEXT: a period closed over failed checks records why\n",
        noReason.err());
    Outcome forced =
        cogs(
            "close",
            "--conf",
            conf.toString(),
            "--period",
            "2025-05",
            "--force",
            "--reason",
            "invoice arrives by mail");
    assertEquals(0, forced.exit(), forced.err());
    assertTrue(
        forced
            .out()
            .startsWith(
                "billing period 2025-05 closed, forced over 1 failed checks (invoice arrives by mail):\n  - provider "),
        forced.out());

    // A late delivery for the closed period waits in the ingest log instead of rewriting it.
    List<String> lines = Files.readAllLines(landing.resolve("m.csv"));
    Files.write(
        landing.resolve("late.csv"),
        List.of(lines.get(0), lines.get(1).replaceFirst("^50\\.00,", "51.00,")));
    assertEquals(0, cogs("run", "--conf", conf.toString()).exit());
    Outcome waiting =
        cogs(
            "sql",
            "--conf",
            conf.toString(),
            "--format",
            "csv",
            "select status, reason, rows from silver.ingest_log where file like '%late.csv'");
    assertEquals("status,reason,rows\npending,period closed,1\n", waiting.out());
    Outcome ledger =
        cogs(
            "sql",
            "--conf",
            conf.toString(),
            "--format",
            "csv",
            "select count(*) as n from silver.ledger where billing_period = '2025-05'");
    assertEquals("n\n4\n", ledger.out());

    Outcome refused = cogs("normalize", "--conf", conf.toString(), "--period", "2025-05");
    assertEquals(3, refused.exit());
    assertTrue(
        refused
            .err()
            .startsWith("cogs: Billing period 2025-05 is closed: normalize of ai would rewrite it"),
        refused.err());

    assertEquals(
        0, cogs("normalize", "--conf", conf.toString(), "--period", "2025-05", "--reopen").exit());
    Outcome log =
        cogs(
            "sql",
            "--conf",
            conf.toString(),
            "--format",
            "csv",
            "select stage, reopened from silver.run_log where command = 'normalize' and billing_period = '2025-05'");
    assertEquals("stage,reopened\nnormalize,true\n", log.out());
  }
}
