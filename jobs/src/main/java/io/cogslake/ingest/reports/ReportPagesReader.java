package io.cogslake.ingest.reports;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.posexplode_outer;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.cogslake.config.SourceConfig;
import io.cogslake.ingest.BronzeTyping;
import io.cogslake.ingest.JsonFiles;
import io.cogslake.ingest.LandingFile;
import io.cogslake.ingest.SourceReader;
import io.cogslake.lake.SqlFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Saved pages of a provider's Admin API report ({@code {data: [bucket {…, results: [result]}],
 * has_more, next_page}}) → one bronze row per result, with its bucket's start and end. A result's
 * fields fill the bronze columns of the same name unless {@link #columns()} says otherwise. Buckets
 * without results add no row. A page that cannot be read is one rejected row naming the file.
 */
public abstract class ReportPagesReader implements SourceReader {
  private final String type;

  protected ReportPagesReader(String type) {
    this.type = type;
  }

  @Override
  public String bronzeDdl() {
    return "tables/bronze/" + type + ".ddl";
  }

  /** The bucket's fields other than {@code results}, as documented. */
  protected abstract StructType bucketSchema();

  /**
   * One result object, as documented; numbers that are money are decimals, so they are never
   * doubles.
   */
  protected abstract StructType resultSchema();

  /** The bucket's start and end as timestamps, over the bucket column {@code b}. */
  protected abstract Column bucketStart();

  protected abstract Column bucketEnd();

  /**
   * Bronze columns filled otherwise than from the result field of the same name (over {@code r} and
   * {@code b}).
   */
  protected abstract Map<String, Column> columns();

  /**
   * Keys whose JSON numbers must arrive as their exact text (money): declared as strings in the
   * result schema.
   */
  protected List<String> exactNumberKeys() {
    return List.of();
  }

  /** Reasons a result cannot be used (null when it can), over {@code r} and {@code b}. */
  protected abstract List<Column> problems();

  @Override
  public Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId) {
    StructType bucket = bucketSchema().add("results", DataTypes.createArrayType(resultSchema()));
    StructType page =
        new StructType()
            .add("object", DataTypes.StringType)
            .add("data", DataTypes.createArrayType(bucket))
            .add("has_more", DataTypes.BooleanType)
            .add("next_page", DataTypes.StringType)
            .add(BronzeTyping.CORRUPT_RECORD, DataTypes.StringType);
    Dataset<Row> pages =
        exactNumberKeys().isEmpty()
            ? JsonFiles.read(spark, files, page)
            : JsonFiles.readExactNumbers(spark, files, page, exactNumberKeys());
    Column corrupt = col(BronzeTyping.CORRUPT_RECORD);
    Dataset<Row> results =
        pages
            .select(col("*"), posexplode_outer(col("data")).as(new String[] {"bucket_pos", "b"}))
            .select(
                col("*"), posexplode_outer(col("b.results")).as(new String[] {"result_pos", "r"}))
            .filter(col("r").isNotNull().or(corrupt.isNotNull()));

    StructType bronze = SqlFiles.schema(bronzeDdl());
    List<String> resultFields = List.of(resultSchema().fieldNames());
    Map<String, Column> special = columns();
    List<Column> out = new ArrayList<>();
    for (StructField field : bronze.fields()) {
      String name = field.name();
      if (name.startsWith("_") || name.equals("billing_period")) {
        continue;
      }
      Column value;
      if (name.equals("bucket_start")) {
        value = bucketStart();
      } else if (name.equals("bucket_end")) {
        value = bucketEnd();
      } else if (special.containsKey(name)) {
        value = special.get(name);
      } else if (resultFields.contains(name)) {
        value = col("r.`" + name + "`");
      } else {
        value = lit(null);
      }
      out.add(value.cast(field.dataType()).as(name));
    }
    List<Column> reasons = new ArrayList<>();
    reasons.add(when(corrupt.isNotNull(), lit("malformed JSON: not a readable " + type + " page")));
    reasons.add(
        when(
            corrupt.isNull().and(bucketStart().isNull()),
            lit("bucket start is missing or unreadable")));
    problems().forEach(p -> reasons.add(when(corrupt.isNull(), p)));
    Column error = nullif(concat_ws("; ", reasons.toArray(Column[]::new)), lit(""));
    out.add(
        map()
            .cast(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            .as("_extra"));
    out.add(lit(source.name).as("_source"));
    out.add(col("_file"));
    out.add(col("_checksum"));
    // record number in the file: pages (lines) in order, then buckets, then results
    out.add(
        row_number()
            .over(
                Window.partitionBy("_file")
                    .orderBy(col("_row"), col("bucket_pos"), col("result_pos")))
            .cast("bigint")
            .as("_row"));
    out.add(lit(ingestId).as("_ingest_id"));
    out.add(error.as("_error"));
    out.add(when(error.isNotNull(), coalesce(corrupt, to_json(col("r")))).as("_raw"));
    out.add(coalesce(date_format(bucketStart(), "yyyy-MM"), lit("unknown")).as("billing_period"));
    return results.select(out.toArray(Column[]::new));
  }
}
