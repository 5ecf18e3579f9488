package io.cogslake.cli;

import static io.cogslake.cli.CommandLineTest.cogs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.classify.RulesFile;
import io.cogslake.cli.CommandLineTest.Outcome;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.ConfigLoader;
import io.cogslake.config.SafePredicate;
import io.cogslake.errors.CogsException;
import io.cogslake.errors.Secrets;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, security: each attack tried through the launcher as a user would, refused with exit 2
 * and a message naming it, and whatever the attack would have created does not exist afterwards.
 */
class SecurityTest extends SparkTestBase {
  @TempDir Path dir;
  Path lakeDir;
  Lake lake;

  /** What FileUtil.symLink would create if a predicate ran Java. */
  Path marker;

  @BeforeEach
  void tinyLake() {
    lakeDir = dir.resolve("lake");
    marker = dir.resolve("marker");
    lake = TestLakes.open(spark, TestLakes.config(lakeDir));
    // One ledger line and one allocated row, so an unchecked predicate would be evaluated on a row.
    TestTables.put(
        spark,
        lake,
        Tables.LEDGER,
        "select 'l1' as x_LedgerId, 'openai' as x_Provider, 'ops' as x_Team, 'Usage' as ChargeCategory, 5.00 as x_EffectiveCostReporting,"
            + " timestamp'2025-05-03 00:00:00' as ChargePeriodStart, 'ai' as x_Source, '2025-05' as billing_period");
    TestTables.put(
        spark,
        lake,
        Tables.COST_ALLOCATED,
        "select 'l1' as x_LedgerId, 'P' as customer, 'assistant' as product, 5.00 as amount, '2025-05' as billing_period");
    TestTables.put(
        spark,
        lake,
        Tables.GROSS_MARGIN,
        "select '=HYPERLINK(\"http://x\")' as product, 'blended' as layer, 100.00 as revenue, 60.00 as cogs, '2025-01' as billing_period");
  }

  private Path conf(String yaml) throws Exception {
    return Files.writeString(
        dir.resolve("c-" + System.nanoTime() + ".yaml"), "lake: " + lakeDir + "\n" + yaml);
  }

  private String symLinkCall() {
    return "java_method('org.apache.hadoop.fs.FileUtil', 'symLink', '"
        + dir
        + "', '"
        + marker
        + "') = 0";
  }

  private void assertNoMarker() {
    assertFalse(
        Files.exists(marker, LinkOption.NOFOLLOW_LINKS), "the attack ran: " + marker + " exists");
  }

  private static void assertRefused(Outcome outcome, String... named) {
    assertEquals(2, outcome.exit(), outcome.err());
    assertEquals(1, outcome.err().lines().count(), "one line on stderr: " + outcome.err());
    for (String name : named) {
      assertTrue(outcome.err().contains(name), "message names " + name + ": " + outcome.err());
    }
  }

  @Test
  void anAllocationWhereCallingJavaIsRefusedNamingRuleAndFunction() throws Exception {
    Path symLink =
        conf(
            "allocation:\n  rules:\n    - {id: evil_link, method: even, where: \""
                + symLinkCall().replace("\"", "\\\"")
                + "\"}\n");
    assertRefused(
        cogs("allocate", "--conf", symLink.toString(), "--period", "2025-05"),
        "Allocation rule evil_link",
        "function java_method");
    assertNoMarker();

    // reflect(System.exit) stopped allocate half-way with exit status 0; now it never runs (this
    // JVM lives on).
    Path exit =
        conf(
            "allocation:\n  rules:\n    - {id: evil_exit, method: even, where: \"reflect('java.lang.System', 'exit', 0) is null\"}\n");
    assertRefused(
        cogs("allocate", "--conf", exit.toString(), "--period", "2025-05"),
        "Allocation rule evil_exit",
        "function reflect");
    // Qualified names, lambdas and sub-queries are refused the same way.
    for (String where :
        List.of(
            "system.builtin.reflect('java.lang.System', 'exit', 0) is null",
            "exists(array(1), x -> x > 0)",
            "x_LedgerId in (select x_LedgerId from silver.ledger)")) {
      CogsException e =
          assertThrows(
              CogsException.class, () -> SafePredicate.check("Allocation rule q: 'where'", where));
      assertEquals(2, e.exitCode());
      assertTrue(
          e.getMessage().startsWith("Allocation rule q: 'where' may not use "), e.getMessage());
    }
    assertTrue(
        lake.read(Tables.COST_ALLOCATED).filter("x_LedgerId = 'l1'").count() == 1,
        "nothing rewritten");
  }

  @Test
  void aClassificationRuleCallingJavaIsRefusedNamingRuleAndFunction() throws Exception {
    Path rules =
        Files.writeString(
            dir.resolve("evil.sql"),
            "-- rules_version: evil-1\n-- rule: harmless | category: COGS | component: inference\nlower(customer) = 'p'\n"
                + "-- rule: evil_link | category: COGS | component: other\n"
                + symLinkCall()
                + "\n");
    Path c = conf("classification:\n  rules: " + rules + "\n");
    assertRefused(
        cogs("classify", "--conf", c.toString(), "--period", "2025-05"),
        "rule evil_link",
        "function java_method");
    assertNoMarker();
    assertEquals(0, lake.read(Tables.COST_CLASSIFIED).count());

    CogsException exit =
        assertThrows(
            CogsException.class,
            () ->
                RulesFile.parse(
                    "-- rules_version: e-1\n-- rule: evil_exit | category: COGS | component: other\nreflect('java.lang.System', 'exit', 0) = ''\n",
                    "e.sql"));
    assertEquals(2, exit.exitCode());
    assertTrue(
        exit.getMessage()
            .startsWith(
                "Rules file e.sql, rule evil_exit: the predicate may not use function reflect"),
        exit.getMessage());
  }

  @Test
  void aSyntaxErrorInAWhereIsExitTwoNamingTheRule() throws Exception {
    Path c =
        conf(
            "allocation:\n  rules:\n    - {id: broken, method: even, where: \"x_Team = = 'ops'\"}\n");
    Outcome out = cogs("allocate", "--conf", c.toString(), "--period", "2025-05");
    assertRefused(out, "Allocation rule broken: 'where' does not parse as SQL", "x_Team = = 'ops'");

    // --verbose (an option of the subcommand) adds the stack trace; without it, the one line above.
    Outcome verbose;
    try {
      verbose = cogs("allocate", "--conf", c.toString(), "--period", "2025-05", "--verbose");
    } finally { // --verbose turns the JVM's logs up: back to the suite's level
      spark.sparkContext().setLogLevel("WARN");
      Configurator.setLevel("org.apache.spark", Level.WARN);
    }
    assertEquals(2, verbose.exit());
    assertTrue(verbose.err().contains("\tat io.cogslake."), verbose.err());
    assertTrue(verbose.err().strip().endsWith(out.err().strip()), verbose.err());
  }

  @Test
  void anEnvironmentValueInAWhereIsAStringLiteralNotSql() {
    String attack =
        "nobody' or true or java_method('org.apache.hadoop.fs.FileUtil', 'symLink', 'a', '"
            + marker
            + "') = 0 or '";
    CogsConfig config =
        new ConfigLoader(Map.of("TEAM", attack, "PW", "it's")::get)
            .parse(
                "lake: "
                    + lakeDir
                    + "\nallocation:\n  rules:\n    - {id: team, method: even, where: \"x_Team = ${TEAM}\"}\n"
                    + "publish:\n  password: ${PW}\n",
                dir,
                "env.yaml");
    String where = config.allocation.rules.get(0).where;
    // The value is one quoted literal: the predicate passes the allow-list and matches no line.
    assertEquals(
        0,
        lake.read(Tables.LEDGER)
            .filter(SafePredicate.column("Allocation rule team: 'where'", where))
            .count());
    assertNoMarker();
    TestTables.put(
        spark,
        lake,
        Tables.LEDGER,
        "select 'l2' as x_LedgerId, \""
            + attack.replace("\"", "\\\"")
            + "\" as x_Team, 'ai' as x_Source, '2025-05' as billing_period");
    assertEquals(
        List.of("l2"),
        lake.read(Tables.LEDGER)
            .filter(SafePredicate.column("r", where))
            .select("x_LedgerId")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());
    // A value that is not SQL (a credential) is substituted as it is.
    assertEquals("it's", config.publish.password);
  }

  @Test
  void sqlRefusesEveryStatementThatWritesAndLeavesTheTableUnchanged() throws Exception {
    Path c = conf("");
    Outcome update =
        cogs(
            "sql",
            "--conf",
            c.toString(),
            "UPDATE gold.gross_margin SET revenue = revenue * 2 WHERE billing_period = '2025-01'");
    assertRefused(update, "sql is read-only", "UPDATE (UpdateTable)");
    Outcome drop = cogs("sql", "--conf", c.toString(), "DROP TABLE gold.gross_margin");
    assertRefused(drop, "sql is read-only", "DROP TABLE (DropTable)");
    for (String statement :
        List.of(
            "delete from gold.gross_margin",
            "insert into gold.gross_margin select * from gold.gross_margin",
            "with a as (select 1) insert into gold.gross_margin select * from gold.gross_margin",
            "merge into gold.gross_margin t using gold.gross_margin s on t.product = s.product when matched then delete",
            "create table gold.x as select 1",
            "vacuum gold.gross_margin retain 0 hours",
            "insert overwrite directory '" + dir.resolve("out") + "' select 1",
            "set spark.sql.ansi.enabled=true")) {
      assertRefused(cogs("sql", "--conf", c.toString(), statement), "sql is read-only");
    }
    assertRefused(
        cogs("sql", "--conf", c.toString(), "select 1; drop table gold.gross_margin"),
        "exactly one read-only statement",
        "extra input 'drop'");
    assertRefused(
        cogs("sql", "--conf", c.toString(), "select " + symLinkCall().replace(" = 0", "")),
        "java_method");
    assertNoMarker();

    Outcome figures =
        cogs(
            "sql",
            "--conf",
            c.toString(),
            "--format",
            "csv",
            "select revenue from gold.gross_margin where billing_period = '2025-01'");
    assertEquals("revenue\n100.0000000000\n", figures.out(), figures.err());
    assertEquals(0, cogs("sql", "--conf", c.toString(), "show tables in gold").exit());
    assertEquals(
        0, cogs("sql", "--conf", c.toString(), "describe history gold.gross_margin").exit());
    assertEquals(
        0,
        cogs(
                "sql",
                "--conf",
                c.toString(),
                "with a as (select revenue from gold.gross_margin) select * from a")
            .exit());
  }

  @Test
  void aPasswordInTheJdbcUrlIsMaskedInEveryMessage() throws Exception {
    // Nothing listens on port 1: the connection fails, and the error names the URL.
    Path c =
        conf(
            "publish:\n  jdbc_url: \"jdbc:postgresql://cogs:s3cret@127.0.0.1:1/finance?password=s3cret&ssl=false\"\n  password: s3cret\n");
    Outcome publish = cogs("publish", "--conf", c.toString(), "--period", "2025-01");
    assertEquals(1, publish.exit(), publish.err());
    assertTrue(
        publish.err().contains("jdbc:postgresql://***@127.0.0.1:1/finance?password=***&ssl=false"),
        publish.err());
    assertFalse(publish.err().contains("s3cret"), publish.err());

    Outcome notJdbc =
        cogs(
            "publish",
            "--conf",
            conf("publish:\n  jdbc_url: \"postgresql://cogs:s3cret@h/db\"\n").toString(),
            "--period",
            "2025-01");
    assertRefused(notJdbc, "publish.jdbc_url", "postgresql://***@h/db");
    assertFalse(notJdbc.err().contains("s3cret"));

    assertEquals(
        "jdbc:sqlserver://h:1433;databaseName=f;user=u;password=***",
        Secrets.redact("jdbc:sqlserver://h:1433;databaseName=f;user=u;password=s3cret"));
    assertEquals("jdbc:mysql://***@h/db", Secrets.redact("jdbc:mysql://u:p@ss@h/db"));
    assertEquals(
        "cannot reach jdbc:oracle:thin:***@h:1521/f (refused)",
        Secrets.redact("cannot reach jdbc:oracle:thin:u/s3cret@h:1521/f (refused)"));
  }

  @Test
  void exportStaysOutOfTheLakeTakesOnlyLakeTablesAndNeutralisesFormulas() throws Exception {
    Path c = conf("");
    Path log = lakeDir.resolve("gold/gross_margin/_delta_log/00000000000000000000.json");
    String before = Files.readString(log);
    assertRefused(
        cogs(
            "export",
            "--conf",
            c.toString(),
            "--table",
            "gold.gross_margin",
            "--format",
            "json",
            "--out",
            log.toString()),
        "is inside the lake");
    assertRefused(
        cogs(
            "export",
            "--conf",
            c.toString(),
            "--table",
            "gold.gross_margin",
            "--format",
            "csv",
            "--out",
            lakeDir.toString()),
        "is inside the lake");
    // A symbolic link into the lake is the lake.
    Path link = Files.createSymbolicLink(dir.resolve("link"), lakeDir.resolve("gold"));
    assertRefused(
        cogs(
            "export",
            "--conf",
            c.toString(),
            "--table",
            "gold.gross_margin",
            "--format",
            "csv",
            "--out",
            link.resolve("x.csv").toString()),
        "is inside the lake");
    assertEquals(before, Files.readString(log));
    try (Stream<Path> files = Files.list(lakeDir.resolve("gold"))) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().startsWith(".")),
          "no staging folder in the lake");
    }

    Path out = dir.resolve("out.csv");
    String delta = "delta.`" + lakeDir.resolve("silver/ledger") + "`";
    assertRefused(
        cogs(
            "export",
            "--conf",
            c.toString(),
            "--table",
            delta,
            "--format",
            "csv",
            "--out",
            out.toString()),
        "--table '" + delta + "'");
    assertRefused(
        cogs(
            "export",
            "--conf",
            c.toString(),
            "--table",
            "gold.x; drop table gold.cogs",
            "--format",
            "csv",
            "--out",
            out.toString()),
        "--table 'gold.x; drop table gold.cogs'");
    assertRefused(
        cogs(
            "export",
            "--conf",
            c.toString(),
            "--table",
            "gold.nothing",
            "--format",
            "csv",
            "--out",
            out.toString()),
        "gold.nothing");
    assertFalse(Files.exists(out));

    assertEquals(
        0,
        cogs(
                "export",
                "--conf",
                c.toString(),
                "--table",
                "gold.gross_margin",
                "--format",
                "csv",
                "--out",
                out.toString())
            .exit());
    assertTrue(
        Files.readString(out).contains("\"'=HYPERLINK(\\\"http://x\\\")\",blended,100.0000000000"),
        Files.readString(out));
    assertEquals(
        0,
        cogs(
                "export",
                "--conf",
                c.toString(),
                "--table",
                "gold.gross_margin",
                "--format",
                "csv",
                "--out",
                out.toString(),
                "--raw")
            .exit());
    assertTrue(
        Files.readString(out).contains("\"=HYPERLINK(\\\"http://x\\\")\",blended,100.0000000000"),
        Files.readString(out));

    // A failed export (the target is a folder with a file in it) leaves no staging folder behind.
    Path occupied = Files.createDirectories(dir.resolve("occupied"));
    Files.writeString(occupied.resolve("keep.txt"), "mine");
    assertEquals(
        1,
        cogs(
                "export",
                "--conf",
                c.toString(),
                "--table",
                "gold.gross_margin",
                "--format",
                "csv",
                "--out",
                occupied.toString())
            .exit());
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().startsWith(".occupied-")),
          "staging folder removed");
    }
    assertEquals("mine", Files.readString(occupied.resolve("keep.txt")));
  }
}
