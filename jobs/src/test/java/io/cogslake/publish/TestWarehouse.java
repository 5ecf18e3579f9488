package io.cogslake.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL server for the publish tests, no mock: connects to the local cluster and, when
 * that fails, starts it ({@code pg_ctlcluster <version> main start}, as on these machines and in
 * .ci/run) and creates the test role and database as the postgres user. Runs as root (CI does).
 */
final class TestWarehouse {
  static final String USER = "cogs_test";
  static final String PASSWORD = "cogs_test";
  static final String DATABASE = "cogs_test";
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;

  private static boolean ready;

  private TestWarehouse() {}

  static synchronized String url() {
    if (!ready) {
      if (!canConnect()) {
        startCluster();
        createRoleAndDatabase();
      }
      if (!canConnect()) {
        throw new IllegalStateException(
            "PostgreSQL at " + URL + " is not reachable as " + USER + " after start-up");
      }
      ready = true;
    }
    return URL;
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  /** Drops and re-creates a schema, so a test starts from an empty warehouse. */
  static void freshSchema(String schema) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static boolean canConnect() {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
      return c.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void startCluster() {
    String clusters = run(List.of("pg_lsclusters", "-h"), true);
    for (String line : clusters.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && !f[3].startsWith("online")) {
        run(List.of("pg_ctlcluster", f[0], f[1], "start"), false);
      }
    }
  }

  private static void createRoleAndDatabase() {
    String role = psql("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'");
    if (!role.trim().equals("1")) {
      psql("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
    } else {
      psql("ALTER ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
    }
    String db = psql("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
    if (!db.trim().equals("1")) {
      psql("CREATE DATABASE " + DATABASE + " OWNER " + USER);
    }
  }

  private static String psql(String sql) {
    return run(
        List.of(
            "runuser",
            "-u",
            "postgres",
            "--",
            "psql",
            "-h",
            "/var/run/postgresql",
            "-X",
            "-tA",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql),
        false);
  }

  private static String run(List<String> command, boolean mayFail) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      if (exit != 0 && !mayFail) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed (" + exit + "): " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
