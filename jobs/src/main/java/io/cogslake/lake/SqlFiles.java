package io.cogslake.lake;

import io.cogslake.errors.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Loads the SQL transforms and table schemas kept under {@code sql/} (on the classpath). */
public final class SqlFiles {
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private SqlFiles() {}

  /** The text of {@code sql/<relativePath>}. */
  public static String text(String relativePath) {
    return CACHE.computeIfAbsent("sql/" + relativePath, SqlFiles::readResource);
  }

  /** The text of any resource of the build, e.g. {@code conf/demo.yaml}. */
  public static String resource(String path) {
    return CACHE.computeIfAbsent(path, SqlFiles::readResource);
  }

  /** Runs one transform file; values are bound as named parameters ({@code :name}), never formatted in. */
  public static Dataset<Row> query(SparkSession spark, String relativePath, Map<String, Object> parameters) {
    String sql = text(relativePath);
    return parameters.isEmpty() ? spark.sql(sql) : spark.sql(sql, parameters);
  }

  /** A table schema from its .ddl file: a column list, {@code --} comment lines allowed. */
  public static StructType schema(String relativePath) {
    String ddl =
        text(relativePath)
            .lines()
            .filter(line -> !line.strip().startsWith("--"))
            .collect(Collectors.joining("\n"));
    return StructType.fromDDL(ddl);
  }

  private static String readResource(String resource) {
    try (InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw Errors.failure("Resource %s is missing from the build", resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
