package io.cogslake.ingest;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.cogslake.errors.Errors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/** Reads the header line of a CSV landing file (plain or compressed) on the driver. */
public final class CsvHeaders {
  private CsvHeaders() {}

  public static List<String> read(Configuration conf, String file) {
    Path path = new Path(file);
    try (InputStream raw = path.getFileSystem(conf).open(path)) {
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      InputStream in = codec == null ? raw : codec.createInputStream(raw);
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line = reader.readLine();
      if (line == null) {
        return List.of();
      }
      if (line.startsWith("\uFEFF")) {
        line = line.substring(1); // Azure exports start with a byte order mark
      }
      CsvParserSettings settings = new CsvParserSettings();
      // As many columns and as long a header as Spark's own CSV reader takes (its defaults): a CUR
      // header with hundreds of columns is longer than univocity's default limits.
      settings.setMaxColumns(20480);
      settings.setMaxCharsPerColumn(-1);
      String[] names = new CsvParser(settings).parseLine(line);
      return names == null
          ? List.of()
          : Arrays.stream(names).map(n -> n == null ? "" : n.strip()).toList();
    } catch (IOException | RuntimeException e) {
      // not gzip at all, a truncated first block, a header univocity cannot parse: name the file
      throw Errors.unreadableFile(file, "cannot read its header: " + reason(e));
    }
  }

  /**
   * Why a compressed landing file cannot be read to its end (truncated, corrupt), or null when it
   * can or is not compressed. Spark's task failure for such a file does not say which file it was
   * reading, so after a failed read each compressed file is checked on the driver, once, to name
   * the culprit.
   */
  public static String compressionProblem(Configuration conf, String file) {
    Path path = new Path(file);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    if (codec == null) {
      return null;
    }
    try (InputStream raw = path.getFileSystem(conf).open(path);
        InputStream in = codec.createInputStream(raw)) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // read to the end: a truncated stream fails only there
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return reason(e);
    }
  }

  /** The innermost message: "Not in GZIP format", "Unexpected end of ZLIB input stream". */
  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Column names that appear more than once (compared as Spark resolves them, ignoring case) →
   * their 1-based positions.
   */
  public static Map<String, List<Integer>> duplicates(List<String> header) {
    Map<String, List<Integer>> positions = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      if (!name.isEmpty()) {
        positions.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(i + 1);
      }
    }
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    positions.forEach(
        (lower, at) -> {
          if (at.size() > 1) {
            out.put(header.get(at.get(0) - 1), at);
          }
        });
    return out;
  }
}
