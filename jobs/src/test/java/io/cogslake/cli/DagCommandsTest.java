package io.cogslake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Airflow DAG (dags/cogs_lake.py) against the launcher: the DAG file is executed by Python with
 * stand-ins for the few Airflow names it imports (Airflow itself is not needed), every task's
 * command is rendered for a billing period, and CogsCli's command line must accept it.
 */
class DagCommandsTest {
  static final Path DAG = Path.of("dags/cogs_lake.py");
  static final List<String> STAGES =
      List.of("ingest", "normalize", "allocate", "classify", "gold", "publish");

  @TempDir Path dir;

  @Test
  void everyTaskIsALauncherCommandForTheRunsBillingPeriod() throws Exception {
    JsonNode dag = load("cogs_lake");
    List<String> ids = new ArrayList<>();
    for (JsonNode task : dag.get("tasks")) {
      String id = task.get("task_id").asText();
      ids.add(id);
      String command = render(task.get("bash_command").asText(), "2025-03");
      List<String> words = Arrays.asList(command.trim().split("\\s+"));
      assertTrue(words.get(0).endsWith("bin/cogs"), command);
      String[] args = words.subList(1, words.size()).toArray(String[]::new);
      CommandLine.ParseResult parsed =
          new CommandLine(new CogsCli()).parseArgs(args); // throws when not accepted
      assertTrue(parsed.hasSubcommand(), command);
      CommandLine.ParseResult sub = parsed.subcommand();
      assertEquals(id, sub.commandSpec().name(), "task " + id + " runs " + command);
      Object period = sub.matchedOptionValue("--period", null);
      assertEquals("2025-03", period instanceof List<?> l ? l.get(0) : period, command);
      assertTrue(sub.hasMatchedOption("--conf"), command);
    }
    assertTrue(ids.containsAll(STAGES), ids.toString());
    assertTrue(ids.contains("simulate"), ids.toString());
  }

  @Test
  void stagesRunInOrderAndPeriodsCanBeBackfilledAndRetried() throws Exception {
    JsonNode dag = load("cogs_lake");
    List<String> edges = new ArrayList<>();
    dag.get("edges").forEach(e -> edges.add(e.get(0).asText() + ">" + e.get(1).asText()));
    for (int i = 1; i < STAGES.size(); i++) {
      assertTrue(
          edges.contains(STAGES.get(i - 1) + ">" + STAGES.get(i)),
          STAGES.get(i - 1) + " before " + STAGES.get(i) + ": " + edges);
    }
    JsonNode settings = dag.get("dag");
    assertTrue(settings.get("catchup").asBoolean(), "catchup");
    assertTrue(settings.get("max_active_runs").asInt() > 1, "several periods at once");
    assertTrue(settings.get("default_args").get("retries").asInt() >= 1, "retries");
    assertFalse(
        settings.get("default_args").get("depends_on_past").asBoolean(), "periods independent");
  }

  /**
   * The daily DAG: the open month so far (run --through the day just ended), then published; no
   * catch-up.
   */
  @Test
  void theDailyDagRunsTheOpenMonthThroughTheDayAndPublishesIt() throws Exception {
    JsonNode dag = load("cogs_lake_daily");
    assertEquals("@daily", dag.get("dag").get("schedule").asText());
    assertFalse(
        dag.get("dag").get("catchup").asBoolean(),
        "no catch-up: each run rebuilds the month so far");
    List<String> commands = new ArrayList<>();
    for (JsonNode task : dag.get("tasks")) {
      String command = render(task.get("bash_command").asText(), "2025-03");
      String[] words = command.trim().split("\\s+");
      CommandLine.ParseResult sub =
          new CommandLine(new CogsCli())
              .parseArgs(Arrays.copyOfRange(words, 1, words.length))
              .subcommand();
      assertEquals(task.get("task_id").asText(), sub.commandSpec().name(), command);
      commands.add(
          task.get("task_id").asText()
              + " "
              + sub.matchedOptionValue(
                  sub.commandSpec().name().equals("run") ? "--through" : "--period", null));
    }
    assertEquals("[run 2025-03-12, publish 2025-03]", commands.toString());
    assertEquals(
        "run>publish",
        dag.get("edges").get(0).get(0).asText() + ">" + dag.get("edges").get(0).get(1).asText());
  }

  @Test
  void aCommandTheLauncherDoesNotKnowIsCaught() {
    String[] args =
        render(
                "{{ var.value.get('cogs_launcher', 'bin/cogs') }} allocate --conf c.yaml --periods 2025-03",
                "2025-03")
            .split("\\s+");
    assertTrue(
        org.junit.jupiter.api.Assertions.assertThrows(
                CommandLine.ParameterException.class,
                () ->
                    new CommandLine(new CogsCli())
                        .parseArgs(Arrays.copyOfRange(args, 1, args.length)))
            .getMessage()
            .contains("--periods"));
  }

  /** The Jinja the DAG uses: the run's period and Airflow Variables with their defaults. */
  static String render(String template, String period) {
    String out =
        template
            .replace("{{ data_interval_start.strftime('%Y-%m') }}", period)
            .replace("{{ data_interval_start.strftime('%Y-%m-%d') }}", period + "-12");
    Matcher variable =
        Pattern.compile("\\{\\{ var\\.value\\.get\\('[^']+', '([^']*)'\\) }}").matcher(out);
    out = variable.replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    assertFalse(out.contains("{{") || out.contains("{%"), "template left unrendered: " + out);
    return out;
  }

  /** The DAG of that id: its settings, tasks and edges. */
  private JsonNode load(String dagId) throws Exception {
    for (JsonNode dag : loadAll()) {
      if (dag.get("dag").get("dag_id").asText().equals(dagId)) {
        return dag;
      }
    }
    throw new AssertionError("no DAG " + dagId + " in " + DAG);
  }

  /**
   * Runs the DAG file with stand-in airflow/pendulum modules; returns each DAG's settings, tasks
   * and edges.
   */
  private JsonNode loadAll() throws Exception {
    assertTrue(Files.isRegularFile(DAG), DAG.toAbsolutePath().toString());
    Map<String, String> stubs =
        Map.of(
            "pendulum.py",
            "def datetime(*args, **kwargs):\n    return [args, kwargs]\n",
            "airflow/__init__.py",
            "DAGS = []\nCURRENT = None\n"
                + "class DAG:\n"
                + "    def __init__(self, **kwargs):\n        self.kwargs = kwargs\n        self.tasks = []\n        self.edges = []\n        DAGS.append(self)\n"
                + "    def __enter__(self):\n        global CURRENT\n        CURRENT = self\n        return self\n"
                + "    def __exit__(self, *exc):\n        return False\n",
            "airflow/models/__init__.py",
            "",
            "airflow/models/baseoperator.py",
            "import airflow\n"
                + "def _ids(x):\n    return [t.task_id for t in x] if isinstance(x, (list, tuple)) else [x.task_id]\n"
                + "def chain(*items):\n"
                + "    for a, b in zip(items, items[1:]):\n"
                + "        for u in _ids(a):\n            for d in _ids(b):\n                airflow.CURRENT.edges.append([u, d])\n",
            "airflow/operators/__init__.py",
            "",
            "airflow/operators/bash.py",
            "import airflow\n"
                + "class BashOperator:\n"
                + "    def __init__(self, task_id, bash_command, **kwargs):\n"
                + "        self.task_id = task_id\n        self.bash_command = bash_command\n"
                + "        airflow.CURRENT.tasks.append({'task_id': task_id, 'bash_command': bash_command})\n");
    for (var stub : stubs.entrySet()) {
      Path file = dir.resolve(stub.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, stub.getValue());
    }
    String harness =
        "import json, runpy, sys\n"
            + "sys.path.insert(0, sys.argv[1])\n"
            + "runpy.run_path(sys.argv[2])\n"
            + "import airflow\n"
            + "print(json.dumps([{'dag': d.kwargs, 'tasks': d.tasks, 'edges': d.edges} for d in airflow.DAGS], default=str))\n";
    Process p =
        new ProcessBuilder(
                "python3", "-c", harness, dir.toString(), DAG.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("[]"));
  }
}
