package io.cogslake.ingest;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
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
      settings.setMaxColumns(4096);
      String[] names = new CsvParser(settings).parseLine(line);
      return names == null ? List.of() : Arrays.stream(names).map(n -> n == null ? "" : n.strip()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the header of " + file, e);
    }
  }
}
