package io.cogslake.ingest;

import io.cogslake.errors.Errors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads CSV landing files whose headers may differ from file to file (versions of a format, extra
 * columns): files are grouped by header, each group read with its own all-string schema, typed into
 * the bronze schema and the groups unioned. A file missing mandatory columns is refused by name.
 */
public final class DelimitedFiles {
  private DelimitedFiles() {}

  /**
   * One group of files that share a header, scanned as delivered: every column a string, plus
   * lineage.
   */
  public record Scan(List<String> header, List<LandingFile> files, Dataset<Row> rows) {}

  /**
   * @param rename maps a delivered header name to the bronze column it fills (same name if absent)
   * @param mandatoryColumns for each mandatory bronze column, the alternatives that satisfy it
   * @param moreProblems further reasons a row cannot be used (null when it can), over the typed
   *     columns
   */
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
      String ingestId,
      List<Column> moreProblems) {
    Dataset<Row> all = null;
    for (Scan scan : scan(spark, sourceType, files)) {
      ColumnMapping mapping = ColumnMapping.of(scan.header(), bronze, rename);
      mapping.requireMandatory(mandatoryColumns, scan.files().get(0).path(), sourceType);
      Dataset<Row> typed =
          BronzeTyping.type(
              scan.rows(),
              bronze,
              mapping.deliveredName(),
              mapping.extra(),
              requiredValues,
              billingPeriod,
              sourceName,
              ingestId,
              moreProblems);
      all = all == null ? typed : all.unionByName(typed);
    }
    return all;
  }

  /**
   * The files grouped by header, each group read with its own all-string schema (plus {@code
   * _corrupt_record}, {@code _file}, {@code _checksum}, {@code _row}); a header naming a column
   * twice is refused.
   */
  public static List<Scan> scan(SparkSession spark, String sourceType, List<LandingFile> files) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Map<List<String>, List<LandingFile>> byHeader = new LinkedHashMap<>();
    for (LandingFile file : files) {
      List<String> header = CsvHeaders.read(conf, file.path());
      // Two copies of a column (BilledCost twice): reading either one would be a guess.
      CsvHeaders.duplicates(header).entrySet().stream()
          .findFirst()
          .ifPresent(
              d -> {
                throw Errors.duplicateColumn(file.path(), sourceType, d.getKey(), d.getValue());
              });
      byHeader.computeIfAbsent(header, h -> new ArrayList<>()).add(file);
    }
    List<Scan> scans = new ArrayList<>();
    for (Map.Entry<List<String>, List<LandingFile>> group : byHeader.entrySet()) {
      StructType rawSchema = new StructType();
      Set<String> seen = new java.util.HashSet<>();
      for (String name : group.getKey()) {
        String unique = seen.add(name) ? name : name + "_" + seen.size(); // duplicate header names
        rawSchema = rawSchema.add(unique, DataTypes.StringType);
      }
      List<String> header = List.of(rawSchema.fieldNames());
      rawSchema = rawSchema.add(BronzeTyping.CORRUPT_RECORD, DataTypes.StringType);
      Dataset<Row> scanned =
          spark
              .read()
              .schema(rawSchema)
              .option("header", "true")
              .option("enforceSchema", "true")
              .option("multiLine", "true")
              .option("escape", "\"")
              .option("mode", "PERMISSIVE")
              .option("columnNameOfCorruptRecord", BronzeTyping.CORRUPT_RECORD)
              .csv(group.getValue().stream().map(LandingFile::path).toArray(String[]::new));
      scans.add(
          new Scan(
              header, group.getValue(), FileScans.withLineage(spark, scanned, group.getValue())));
    }
    return scans;
  }
}
