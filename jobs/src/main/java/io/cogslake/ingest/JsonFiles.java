package io.cogslake.ingest;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads JSON landing files with an explicit schema and lineage ({@code _file, _checksum, _row}).
 * Files named {@code .jsonl} / {@code .ndjson} hold one document per line ({@code _row} is the line);
 * any other file is one document (or a top-level array of them). A document that cannot be read keeps
 * its text in {@code _corrupt_record}, which the schema must declare.
 */
public final class JsonFiles {
  private JsonFiles() {}

  public static boolean isJsonLines(LandingFile file) {
    String name = file.path().toLowerCase();
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".jsonl.gz") || name.endsWith(".ndjson.gz");
  }

  public static Dataset<Row> read(SparkSession spark, List<LandingFile> files, StructType schema) {
    List<LandingFile> lines = files.stream().filter(JsonFiles::isJsonLines).toList();
    List<LandingFile> documents = files.stream().filter(f -> !isJsonLines(f)).toList();
    Dataset<Row> all = null;
    if (!lines.isEmpty()) {
      all = scan(spark, lines, schema, false);
    }
    if (!documents.isEmpty()) {
      Dataset<Row> d = scan(spark, documents, schema, true);
      all = all == null ? d : all.unionByName(d);
    }
    return all;
  }

  private static Dataset<Row> scan(SparkSession spark, List<LandingFile> files, StructType schema, boolean multiLine) {
    Dataset<Row> scanned =
        spark
            .read()
            .schema(schema)
            .option("multiLine", String.valueOf(multiLine))
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", BronzeTyping.CORRUPT_RECORD)
            .json(files.stream().map(LandingFile::path).toArray(String[]::new));
    return FileScans.withLineage(spark, scanned, files);
  }
}
