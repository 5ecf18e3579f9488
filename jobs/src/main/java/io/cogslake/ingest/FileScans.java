package io.cogslake.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Record numbers without a second pass: while ingesting, every landing file is scanned whole by one
 * task (no splitting, no packing of small files together), so the row index inside the task's
 * partition — the low 33 bits of {@code monotonically_increasing_id()} — is the record number in
 * the file.
 */
public final class FileScans {
  private static final long NEVER = 1L << 40;
  private static final long ROW_INDEX_BITS = (1L << 33) - 1;
  private static final String MAX_PARTITION_BYTES = "spark.sql.files.maxPartitionBytes";
  private static final String OPEN_COST = "spark.sql.files.openCostInBytes";

  private FileScans() {}

  /** Runs {@code action} (which must include the write) with one task per whole landing file. */
  public static <T> T oneTaskPerFile(SparkSession spark, Supplier<T> action) {
    String maxBytes = spark.conf().get(MAX_PARTITION_BYTES);
    String openCost = spark.conf().get(OPEN_COST);
    spark.conf().set(MAX_PARTITION_BYTES, String.valueOf(NEVER));
    spark.conf().set(OPEN_COST, String.valueOf(NEVER));
    try {
      return action.get();
    } finally {
      spark.conf().set(MAX_PARTITION_BYTES, maxBytes);
      spark.conf().set(OPEN_COST, openCost);
    }
  }

  /**
   * Adds {@code _file}, {@code _checksum} and {@code _row} (1-based record number) to a DataFrame
   * that comes straight from {@code spark.read()} and still carries the hidden {@code _metadata}
   * column.
   */
  public static Dataset<Row> withLineage(
      SparkSession spark, Dataset<Row> scanned, List<LandingFile> files) {
    StructType schema =
        new StructType()
            .add("_spark_path", DataTypes.StringType)
            .add("_file", DataTypes.StringType)
            .add("_checksum", DataTypes.StringType);
    Dataset<Row> listing =
        spark.createDataFrame(
            files.stream().map(f -> RowFactory.create(f.path(), f.path(), f.checksum())).toList(),
            schema);
    Dataset<Row> numbered =
        scanned
            .select(col("*"), col("_metadata.file_path").as("_spark_path"))
            .withColumn(
                "_row", monotonically_increasing_id().bitwiseAND(lit(ROW_INDEX_BITS)).plus(1));
    // A left join: a path spelled differently must never drop rows; such a row keeps Spark's path.
    Dataset<Row> joined =
        numbered.join(
            broadcast(listing),
            numbered.col("_spark_path").equalTo(listing.col("_spark_path")),
            "left");
    return joined
        .withColumn(
            "_file",
            org.apache.spark.sql.functions.coalesce(
                listing.col("_file"), numbered.col("_spark_path")))
        .drop(listing.col("_spark_path"))
        .drop(numbered.col("_spark_path"));
  }
}
