package io.cogslake.cli;

import io.cogslake.config.SourceConfig;
import io.cogslake.errors.Errors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark's baseline: one forced full parse of every landing file with Spark's plain readers,
 * written to the {@code noop} sink. A full {@code run} is measured against it.
 *
 * <p>Each source folder is read recursively ({@code recursiveFileLookup}: the landing zone has one
 * sub-folder per billing period), with an explicit format per file kind found under it: CSV (plain
 * or gzip) with its header, every column as text (no inference pass); JSON lines with the schema
 * inferred from the first records of one file of the source and then applied to all (one full pass,
 * decimals as decimals), JSON pages of the provider API reports likewise from one whole file;
 * Parquet with its own schema. Every column is written to {@code noop}, so every field of every
 * record is parsed.
 */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark baseline: parse every landing file once (write to noop) and print the seconds.")
final class ParseCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ParseCommand.class);

  /** JSON lines: the schema is inferred from this many records of one file of the source. */
  static final int SCHEMA_SAMPLE_RECORDS = 10_000;

  @Option(names = "--conf", required = true, paramLabel = "FILE")
  Path conf;

  @Option(names = "--verbose")
  boolean verbose;

  /** File kinds a landing folder can hold, with the glob (file name only) that selects them. */
  private enum Kind {
    CSV("*.{csv,CSV,csv.gz,CSV.GZ,txt}"),
    JSON("*.{json,jsonl,ndjson,json.gz,jsonl.gz}"),
    PARQUET("*.{parquet,PARQUET,snappy.parquet}");

    final String glob;

    Kind(String glob) {
      this.glob = glob;
    }

    static Kind of(String fileName) {
      String name = fileName.toLowerCase(Locale.ROOT);
      if (name.endsWith(".parquet")) return PARQUET;
      if (name.endsWith(".json")
          || name.endsWith(".jsonl")
          || name.endsWith(".ndjson")
          || name.endsWith(".json.gz")
          || name.endsWith(".jsonl.gz")) return JSON;
      if (name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".txt")) return CSV;
      return null;
    }
  }

  @Override
  public Integer call() {
    var config = LakeSession.loadConfig(conf);
    try (LakeSession session = LakeSession.open(config, verbose, true)) {
      long started = System.nanoTime();
      long totalFiles = 0;
      for (SourceConfig source : config.sources) {
        long t0 = System.nanoTime();
        Map<Kind, List<String>> files = landingFiles(session.spark, source);
        if (files.isEmpty()) {
          throw Errors.config(
              "Source %s: no csv, json or parquet file under %s", source.name, source.path);
        }
        for (Map.Entry<Kind, List<String>> kind : files.entrySet()) {
          reader(session.spark, source, kind.getKey(), kind.getValue().get(0))
              .option("recursiveFileLookup", "true")
              .option("pathGlobFilter", kind.getKey().glob)
              .load(source.path)
              .write()
              .format("noop")
              .mode("overwrite")
              .save();
          totalFiles += kind.getValue().size();
        }
        LOG.info(
            "parsed {} ({} files: {}) in {} s",
            source.name,
            files.values().stream().mapToInt(List::size).sum(),
            files.keySet(),
            String.format("%.1f", (System.nanoTime() - t0) / 1e9));
      }
      System.out.printf("parse_files=%d%n", totalFiles);
      System.out.printf("parse_seconds=%.1f%n", (System.nanoTime() - started) / 1e9);
    }
    return 0;
  }

  /**
   * The source's files by kind (hidden and _-prefixed files are skipped, as Spark's readers do).
   */
  private static Map<Kind, List<String>> landingFiles(SparkSession spark, SourceConfig source) {
    Map<Kind, List<String>> byKind = new LinkedHashMap<>();
    try {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(source.path);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus status = fs.getFileStatus(root);
      if (status.isFile()) {
        add(byKind, status.getPath());
        return byKind;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus file = it.next();
        if (!hidden(root, file.getPath())) {
          add(byKind, file.getPath());
        }
      }
    } catch (IOException e) {
      throw Errors.config(
          "Source %s: cannot list %s: %s", source.name, source.path, e.getMessage());
    }
    return byKind;
  }

  private static boolean hidden(org.apache.hadoop.fs.Path root, org.apache.hadoop.fs.Path file) {
    for (org.apache.hadoop.fs.Path p = file;
        p != null && !p.equals(root) && p.depth() > root.depth();
        p = p.getParent()) {
      if (p.getName().startsWith(".") || p.getName().startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static void add(Map<Kind, List<String>> byKind, org.apache.hadoop.fs.Path file) {
    Kind kind = Kind.of(file.getName());
    if (kind != null) {
      byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(file.toString());
    }
  }

  private static DataFrameReader reader(
      SparkSession spark, SourceConfig source, Kind kind, String sampleFile) {
    DataFrameReader reader = spark.read();
    return switch (kind) {
      case PARQUET -> reader.format("parquet");
      // Text columns: the parse splits and unquotes every field once, typing is the job's work.
      case CSV ->
          reader
              .format("csv")
              .option("header", "true")
              .option("escape", "\"")
              .option("mode", "PERMISSIVE");
      case JSON -> {
        // API report pages are one JSON document per file (.json) or one page per line (.jsonl).
        boolean pages = source.type.startsWith("openai_") || source.type.startsWith("anthropic_");
        boolean multiLine = pages && !sampleFile.toLowerCase(Locale.ROOT).contains(".jsonl");
        // The schema from a sample of one file (a page file whole), so the timed parse is one pass
        // over the data
        StructType schema =
            multiLine
                ? spark
                    .read()
                    .option("multiLine", true)
                    .option("prefersDecimal", "true")
                    .json(sampleFile)
                    .schema()
                : spark
                    .read()
                    .option("prefersDecimal", "true")
                    .json(spark.read().textFile(sampleFile).limit(SCHEMA_SAMPLE_RECORDS))
                    .schema();
        yield reader
            .format("json")
            .schema(schema)
            .option("multiLine", multiLine)
            .option("prefersDecimal", "true");
      }
    };
  }
}
