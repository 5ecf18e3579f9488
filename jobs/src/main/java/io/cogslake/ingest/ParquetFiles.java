package io.cogslake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads Parquet landing files through their string form, so they are typed, checked and quarantined
 * by the same rules as CSV: scalars become text, maps and structs JSON text.
 */
public final class ParquetFiles {
  private ParquetFiles() {}

  public static Dataset<Row> read(
      SparkSession spark,
      String sourceName,
      String sourceType,
      List<LandingFile> files,
      StructType bronze,
      Function<String, String> rename,
      Map<String, List<String>> mandatoryColumns,
      Set<String> requiredValues,
      Column billingPeriod,
      String ingestId) {
    DelimitedFiles.Scan scan = scan(spark, files);
    ColumnMapping mapping = ColumnMapping.of(scan.header(), bronze, rename);
    mapping.requireMandatory(mandatoryColumns, files.get(0).path(), sourceType);
    return BronzeTyping.type(
        scan.rows(),
        bronze,
        mapping.deliveredName(),
        mapping.extra(),
        requiredValues,
        billingPeriod,
        sourceName,
        ingestId);
  }

  /**
   * The files as text columns (schemas merged), with {@code _file}, {@code _checksum}, {@code
   * _row}.
   */
  public static DelimitedFiles.Scan scan(SparkSession spark, List<LandingFile> files) {
    Dataset<Row> scanned =
        spark
            .read()
            .option("mergeSchema", "true")
            .parquet(files.stream().map(LandingFile::path).toArray(String[]::new));
    List<Column> asText = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (StructField f : scanned.schema().fields()) {
      Column c = col("`" + f.name().replace("`", "``") + "`");
      boolean complex =
          f.dataType() instanceof MapType
              || f.dataType() instanceof StructType
              || f.dataType() instanceof ArrayType;
      asText.add((complex ? to_json(c) : c.cast("string")).as(f.name()));
      names.add(f.name());
    }
    Dataset<Row> numbered = FileScans.withLineage(spark, scanned, files);
    asText.add(col("_file"));
    asText.add(col("_checksum"));
    asText.add(col("_row"));
    return new DelimitedFiles.Scan(
        List.copyOf(names), files, numbered.select(asText.toArray(Column[]::new)));
  }
}
