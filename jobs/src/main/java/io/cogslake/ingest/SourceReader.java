package io.cogslake.ingest;

import io.cogslake.config.SourceConfig;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads one source type's landing files into bronze rows: the type's columns, typed, plus lineage
 * ({@code _source, _file, _checksum, _row, _ingest_id}), {@code _error} (why a row cannot be used,
 * or null), {@code _raw} (the record as delivered, for rejected rows) and {@code billing_period}
 * ({@code unknown} when it cannot be read). The result is lazy: nothing is read until it is
 * written.
 */
public interface SourceReader {
  /** The bronze schema file under {@code sql/tables/}. */
  String bronzeDdl();

  Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId);
}
