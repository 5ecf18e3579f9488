package io.cogslake.ingest.gcp;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import io.cogslake.config.SourceConfig;
import io.cogslake.errors.Errors;
import io.cogslake.ingest.BronzeTyping;
import io.cogslake.ingest.DelimitedFiles;
import io.cogslake.ingest.FileScans;
import io.cogslake.ingest.JsonFiles;
import io.cogslake.ingest.LandingFile;
import io.cogslake.ingest.SourceReader;
import io.cogslake.lake.SqlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Google Cloud billing export (standard and detailed usage cost) as JSON lines, CSV or Parquet,
 * plain or compressed. Nested fields are flattened to bronze columns named by their path ({@code
 * service.description} → {@code service_description}); arrays and records ({@code credits}, {@code
 * labels}, {@code project.labels}) are kept as JSON text, every credit with it. JSON numbers are
 * read as their text, never as doubles.
 */
public final class GcpBillingReader implements SourceReader {
  static final Set<String> REQUIRED_VALUES = Set.of("cost", "currency", "invoice_month");

  /**
   * Keys of the export's numbers, at any depth: cost, the credits' and usage's amounts, the
   * conversion rate.
   */
  static final List<String> EXACT_NUMBER_KEYS =
      List.of(
          "cost", "cost_at_list", "currency_conversion_rate", "amount", "amount_in_pricing_units");

  private static final Set<String> TIMESTAMPS =
      Set.of("usage_start_time", "usage_end_time", "export_time");

  @Override
  public String bronzeDdl() {
    return "tables/bronze/gcp_billing.ddl";
  }

  /**
   * Bronze column → its path in an export record: the flattened name with the first dots restored.
   */
  static Map<String, String> paths(StructType bronze) {
    Map<String, String> paths = new LinkedHashMap<>();
    for (StructField f : bronze.fields()) {
      if (f.name().startsWith("_") || f.name().equals("billing_period")) {
        continue;
      }
      paths.put(f.name(), PATH_OF.getOrDefault(f.name(), f.name()));
    }
    return paths;
  }

  private static final Map<String, String> PATH_OF =
      Map.ofEntries(
          Map.entry("service_id", "service.id"),
          Map.entry("service_description", "service.description"),
          Map.entry("sku_id", "sku.id"),
          Map.entry("sku_description", "sku.description"),
          Map.entry("project_id", "project.id"),
          Map.entry("project_number", "project.number"),
          Map.entry("project_name", "project.name"),
          Map.entry("project_labels", "project.labels"),
          Map.entry("location_location", "location.location"),
          Map.entry("location_region", "location.region"),
          Map.entry("location_zone", "location.zone"),
          Map.entry("resource_name", "resource.name"),
          Map.entry("resource_global_name", "resource.global_name"),
          Map.entry("usage_amount", "usage.amount"),
          Map.entry("usage_unit", "usage.unit"),
          Map.entry("usage_amount_in_pricing_units", "usage.amount_in_pricing_units"),
          Map.entry("usage_pricing_unit", "usage.pricing_unit"),
          Map.entry("invoice_month", "invoice.month"));

  @Override
  public Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId) {
    StructType bronze = SqlFiles.schema(bronzeDdl());
    Column period =
        when(
            col("invoice_month").rlike("^\\d{6}$"),
            concat(
                substring(col("invoice_month"), 1, 4),
                lit("-"),
                substring(col("invoice_month"), 5, 2)));
    List<LandingFile> json = new ArrayList<>();
    List<LandingFile> parquet = new ArrayList<>();
    List<LandingFile> csv = new ArrayList<>();
    for (LandingFile f : files) {
      String name =
          f.path().toLowerCase(Locale.ROOT).replaceFirst("\\.(gz|bz2|deflate|snappy|lz4|zst)$", "");
      (name.endsWith(".parquet") ? parquet : name.endsWith(".csv") ? csv : json).add(f);
    }
    Dataset<Row> rows = null;
    if (!csv.isEmpty()) {
      Map<String, List<String>> mandatory =
          Map.of(
              "cost",
              List.of("cost"),
              "currency",
              List.of("currency"),
              "invoice_month",
              List.of("invoice_month"));
      rows =
          DelimitedFiles.read(
              spark,
              source.name,
              source.type,
              csv,
              bronze,
              n -> n.replace('.', '_').toLowerCase(Locale.ROOT),
              mandatory,
              REQUIRED_VALUES,
              period,
              ingestId,
              List.of());
    }
    if (!json.isEmpty()) {
      StructType schema =
          nestedStringSchema(paths(bronze).values())
              .add(BronzeTyping.CORRUPT_RECORD, DataTypes.StringType);
      // Declaring a number's field a string is not enough: Spark's JSON reader copies a number into
      // a string
      // field through a double (cost 1.234567890123456789 → 1.2345678901234567, and so every credit
      // in the
      // credits text). So the money and quantities arrive quoted, as their exact text.
      Dataset<Row> scanned =
          JsonFiles.readLinesExactNumbers(spark, json, schema, EXACT_NUMBER_KEYS);
      rows = union(rows, flatten(scanned, schema, bronze, source, period, ingestId));
    }
    if (!parquet.isEmpty()) {
      Dataset<Row> scanned =
          spark
              .read()
              .option("mergeSchema", "true")
              .parquet(parquet.stream().map(LandingFile::path).toArray(String[]::new));
      Set<String> missing = new TreeSet<>();
      for (String required : List.of("cost", "currency", "invoice.month")) {
        if (typeAt(scanned.schema(), required) == null) {
          missing.add(required);
        }
      }
      if (!missing.isEmpty()) {
        throw Errors.missingColumns(parquet.get(0).path(), source.type, missing);
      }
      rows =
          union(
              rows,
              flatten(
                  FileScans.withLineage(spark, scanned, parquet),
                  scanned.schema(),
                  bronze,
                  source,
                  period,
                  ingestId));
    }
    return rows;
  }

  private static Dataset<Row> union(Dataset<Row> a, Dataset<Row> b) {
    return a == null ? b : a.unionByName(b);
  }

  /** One string column per bronze column, from the record's nested fields (absent ones null). */
  private static Dataset<Row> flatten(
      Dataset<Row> scanned,
      StructType recordSchema,
      StructType bronze,
      SourceConfig source,
      Column period,
      String ingestId) {
    List<Column> flat = new ArrayList<>();
    Map<String, String> delivered = new LinkedHashMap<>();
    paths(bronze)
        .forEach(
            (name, path) -> {
              DataType type = typeAt(recordSchema, path);
              Column c = col(path);
              Column text =
                  type == null
                      ? lit(null).cast(DataTypes.StringType)
                      : type instanceof StructType
                              || type instanceof ArrayType
                              || type instanceof MapType
                          ? to_json(c)
                          : c.cast(DataTypes.StringType);
              if (TIMESTAMPS.contains(name)) {
                text =
                    regexp_replace(text, " UTC$", "Z"); // BigQuery writes 2026-07-14 07:00:00 UTC
              }
              flat.add(text.as(name));
              delivered.put(name, name);
            });
    flat.add(col("_file"));
    flat.add(col("_checksum"));
    flat.add(col("_row"));
    if (List.of(scanned.columns()).contains(BronzeTyping.CORRUPT_RECORD)) {
      flat.add(col(BronzeTyping.CORRUPT_RECORD));
    }
    return BronzeTyping.type(
        scanned.select(flat.toArray(Column[]::new)),
        bronze,
        delivered,
        List.of(),
        REQUIRED_VALUES,
        period,
        source.name,
        ingestId,
        List.of(creditProblems()));
  }

  private static final DecimalType MONEY = DataTypes.createDecimalType(38, 18);
  private static final ArrayType CREDIT_AMOUNTS =
      DataTypes.createArrayType(new StructType().add("amount", DataTypes.StringType));

  /**
   * Why the credits text cannot be used, or null: the ledger makes a line of every credit, so
   * credits that are not a JSON array, or a credit amount that is missing or cannot be read exactly
   * (1e-30, "abc"), would otherwise vanish or round to 0 there in silence. Read from the exact text
   * of its numbers.
   */
  static Column creditProblems() {
    Column credits = col("credits");
    Column parsed =
        from_json(
            JsonFiles.quoteNumbers(credits, List.of("amount")),
            CREDIT_AMOUNTS,
            Map.of("mode", "PERMISSIVE"));
    Column perCredit =
        filter(
            transform(
                parsed,
                (c, i) -> {
                  Column amount = c.getField("amount");
                  Column at = concat(lit("credits["), i.cast("string"), lit("]."));
                  return when(amount.isNull(), concat(at, lit("amount is missing")))
                      .when(
                          BronzeTyping.typed(amount, MONEY).isNull(),
                          concat(at, BronzeTyping.unreadable("amount", amount, MONEY)));
                }),
            r -> r.isNotNull());
    return when(
            credits.isNotNull().and(parsed.isNull()),
            concat(lit("credits: cannot read '"), credits, lit("' as a JSON array of credits")))
        .when(credits.isNotNull(), nullif(concat_ws("; ", perCredit), lit("")));
  }

  private static DataType typeAt(StructType schema, String path) {
    DataType current = schema;
    for (String part : path.split("\\.")) {
      if (!(current instanceof StructType struct) || !List.of(struct.fieldNames()).contains(part)) {
        return null;
      }
      current = struct.apply(part).dataType();
    }
    return current;
  }

  /**
   * A JSON read schema with every leaf a string: numbers come as their text, arrays and objects as
   * JSON.
   */
  private static StructType nestedStringSchema(Iterable<String> paths) {
    Map<String, Object> tree = new LinkedHashMap<>();
    for (String path : paths) {
      String[] parts = path.split("\\.");
      Map<String, Object> node = tree;
      for (int i = 0; i < parts.length - 1; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> child =
            (Map<String, Object>)
                node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        node = child;
      }
      node.put(parts[parts.length - 1], DataTypes.StringType);
    }
    return toStruct(tree);
  }

  @SuppressWarnings("unchecked")
  private static StructType toStruct(Map<String, Object> tree) {
    StructType out = new StructType();
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      out =
          out.add(
              e.getKey(),
              e.getValue() instanceof Map
                  ? toStruct((Map<String, Object>) e.getValue())
                  : (DataType) e.getValue());
    }
    return out;
  }
}
