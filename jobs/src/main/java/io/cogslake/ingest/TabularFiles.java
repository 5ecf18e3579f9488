package io.cogslake.ingest;

import io.cogslake.config.SourceConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A delivery of billing export files that may mix CSV (plain or gzip) and Parquet: each read its
 * way, one result.
 */
public final class TabularFiles {
  private TabularFiles() {}

  public static Dataset<Row> read(
      SparkSession spark,
      SourceConfig source,
      List<LandingFile> files,
      StructType bronze,
      Function<String, String> rename,
      Map<String, List<String>> mandatoryColumns,
      Set<String> requiredValues,
      Column billingPeriod,
      String ingestId) {
    List<LandingFile> parquet =
        files.stream().filter(f -> f.path().toLowerCase().endsWith(".parquet")).toList();
    List<LandingFile> csv = files.stream().filter(f -> !parquet.contains(f)).toList();
    Dataset<Row> rows = null;
    if (!csv.isEmpty()) {
      rows =
          DelimitedFiles.read(
              spark,
              source.name,
              source.type,
              csv,
              bronze,
              rename,
              mandatoryColumns,
              requiredValues,
              billingPeriod,
              ingestId,
              List.of());
    }
    if (!parquet.isEmpty()) {
      Dataset<Row> p =
          ParquetFiles.read(
              spark,
              source.name,
              source.type,
              parquet,
              bronze,
              rename,
              mandatoryColumns,
              requiredValues,
              billingPeriod,
              ingestId);
      rows = rows == null ? p : rows.unionByName(p);
    }
    return rows;
  }
}
