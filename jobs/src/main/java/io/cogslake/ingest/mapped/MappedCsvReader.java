package io.cogslake.ingest.mapped;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.cogslake.config.SourceConfig;
import io.cogslake.errors.Errors;
import io.cogslake.ingest.BronzeTyping;
import io.cogslake.ingest.DelimitedFiles;
import io.cogslake.ingest.LandingFile;
import io.cogslake.ingest.ParquetFiles;
import io.cogslake.ingest.SourceReader;
import io.cogslake.lake.SqlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code mapped_csv}: any vendor's CSV (plain or compressed) or Parquet export, its columns mapped
 * to ledger columns by configuration ({@link SourceMapping}). Each mapping is evaluated over the
 * file's columns as delivered (text), then typed into the bronze schema by {@link BronzeTyping}
 * like every other source: money exactly as DECIMAL(38,18), a value that cannot be read quarantines
 * its row with the reason. The period is the UTC month of the configured date (billing_period, else
 * ChargePeriodStart).
 */
public final class MappedCsvReader implements SourceReader {
  /** A mapped value's own column before typing; the leading _ keeps it out of _raw and _extra. */
  private static final String MAPPED = "_mapped_";

  private static final Set<String> REQUIRED_VALUES =
      Set.of("ChargePeriodStart", "BilledCost", "EffectiveCost", "BillingCurrency");

  @Override
  public String bronzeDdl() {
    return SourceMapping.BRONZE_DDL;
  }

  @Override
  public Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId) {
    SourceMapping mapping = SourceMapping.of(source, "source " + source.name);
    StructType bronze = SqlFiles.schema(bronzeDdl());
    List<LandingFile> parquet =
        files.stream().filter(f -> f.path().toLowerCase(Locale.ROOT).endsWith(".parquet")).toList();
    List<LandingFile> csv = files.stream().filter(f -> !parquet.contains(f)).toList();
    List<DelimitedFiles.Scan> scans = new ArrayList<>();
    if (!csv.isEmpty()) {
      scans.addAll(DelimitedFiles.scan(spark, source.type, csv));
    }
    if (!parquet.isEmpty()) {
      scans.add(ParquetFiles.scan(spark, parquet));
    }
    Dataset<Row> all = null;
    for (DelimitedFiles.Scan scan : scans) {
      Dataset<Row> typed = typed(mapping, scan, bronze, ingestId);
      all = all == null ? typed : all.unionByName(typed);
    }
    return all;
  }

  private static Dataset<Row> typed(
      SourceMapping mapping, DelimitedFiles.Scan scan, StructType bronze, String ingestId) {
    String file = scan.files().get(0).path();
    mapping.requireFileColumns(scan.header(), file);
    Dataset<Row> rows = scan.rows();
    Map<String, String> delivered = new LinkedHashMap<>();
    for (Map.Entry<String, Column> value : values(mapping).entrySet()) {
      String name = MAPPED + value.getKey();
      try {
        rows = rows.withColumn(name, value.getValue());
      } catch (
          Exception
              e) { // AnalysisException is checked in Java's eyes and thrown unannounced from Scala
        if (!(e instanceof AnalysisException)) {
          throw e;
        }
        throw Errors.config(
            "Source %s: the mapping of %s cannot be computed over file %s: %s",
            mapping.source(), value.getKey(), file, ((AnalysisException) e).getSimpleMessage());
      }
      DataType type = rows.schema().apply(name).dataType();
      if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
        // a file's columns are text: arithmetic on them computes in double, which would change
        // money
        throw Errors.config(
            "Source %s: the mapping of %s computes in floating point (%s); cast the file's columns to a decimal first, e.g."
                + " cast(units as decimal(38,18)) * 0.25",
            mapping.source(), value.getKey(), type.simpleString());
      }
      rows = rows.withColumn(name, col(name).cast(DataTypes.StringType));
      delivered.put(value.getKey(), name);
    }
    Set<String> read = mapping.fileColumnsRead();
    List<String> extra =
        scan.header().stream().filter(h -> !read.contains(h.toLowerCase(Locale.ROOT))).toList();
    Column period = date_format(col("PeriodDate"), "yyyy-MM");
    return BronzeTyping.type(
        rows, bronze, delivered, extra, REQUIRED_VALUES, period, mapping.source(), ingestId);
  }

  /** Bronze column → its value over the file's columns, the configuration's defaults filled in. */
  private static Map<String, Column> values(SourceMapping mapping) {
    Map<String, Column> values = new LinkedHashMap<>();
    mapping
        .columns()
        .forEach((column, mapped) -> values.put(column, new Column(mapped.expression())));
    values.putIfAbsent(
        "EffectiveCost",
        values.get("BilledCost")); // amortized = billed unless the file says otherwise
    if (mapping.currency() != null) {
      values.put("BillingCurrency", lit(mapping.currency()));
    }
    values.put("Provider", lit(mapping.provider()));
    values.put("PeriodDate", new Column(mapping.periodDate().expression()));
    List<Column> tags = new ArrayList<>();
    mapping
        .tags()
        .forEach(
            (key, mapped) -> {
              tags.add(lit(key));
              Column value = new Column(mapped.expression()).cast(DataTypes.StringType);
              tags.add(when(trim(value).notEqual(lit("")), value)); // an empty cell is no tag
            });
    if (mapping.workload() != null && !mapping.tags().containsKey("workload")) {
      tags.add(lit("workload"));
      tags.add(lit(mapping.workload()));
    }
    if (!tags.isEmpty()) {
      values.put(
          "Tags", to_json(map_filter(map(tags.toArray(Column[]::new)), (k, v) -> v.isNotNull())));
    }
    return values;
  }
}
