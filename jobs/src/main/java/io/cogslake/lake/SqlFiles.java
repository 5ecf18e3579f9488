package io.cogslake.lake;

import io.cogslake.errors.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Loads the SQL transforms and table schemas kept under {@code sql/} (on the classpath). */
public final class SqlFiles {
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private SqlFiles() {}

  /** The text of {@code sql/<relativePath>}, with its shared blocks in place. */
  public static String text(String relativePath) {
    return CACHE.computeIfAbsent(
        "sql/" + relativePath, resource -> withBlocks(readResource(resource), resource));
  }

  /**
   * A line {@code @include blocks/<name>.sql} (optionally followed by a comma) is replaced by that
   * file of {@code sql/}: one copy of a CTE several transforms share, e.g. the model-alias match.
   * Blocks do not nest.
   */
  static String withBlocks(String sql, String resource) {
    Matcher m = INCLUDE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String block = readResource("sql/" + m.group(1)).strip();
      if (INCLUDE.matcher(block).find()) {
        throw Errors.failure(
            "Block %s (included by %s) includes another block; blocks do not nest",
            m.group(1), resource);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(block + m.group(2)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static final Pattern INCLUDE =
      Pattern.compile("^@include (blocks/[A-Za-z0-9_]+\\.sql)(,?)[ \\t]*$", Pattern.MULTILINE);

  /** The text of any resource of the build, e.g. {@code conf/demo.yaml}. */
  public static String resource(String path) {
    return CACHE.computeIfAbsent(path, SqlFiles::readResource);
  }

  /**
   * Runs one transform file; values are bound as named parameters ({@code :name}), never formatted
   * in.
   */
  public static Dataset<Row> query(
      SparkSession spark, String relativePath, Map<String, Object> parameters) {
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
