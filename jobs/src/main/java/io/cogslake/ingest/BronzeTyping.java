package io.cogslake.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_filter;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns string columns as delivered into a bronze table's typed columns, and says per row what
 * could not be read: {@code _error} names the column, the value and the expected type. The text
 * {@code NULL} and empty fields are nulls (real exports write both). A row whose billing period
 * cannot be read is an error too, so no row can slip past both the ledger and the quarantine.
 */
public final class BronzeTyping {
  public static final String CORRUPT_RECORD = "_corrupt_record";
  private static final String RAW = "__raw_";

  private BronzeTyping() {}

  /**
   * @param raw string columns as delivered (plus {@code _file, _checksum, _row} and, for CSV,
   *     {@code _corrupt_record})
   * @param bronze the bronze schema; fields starting with {@code _} and billing_period are not
   *     typed here
   * @param deliveredName bronze column → the delivered column holding it (absent: the column is
   *     null)
   * @param extraColumns delivered columns the schema does not know, kept in {@code _extra}
   * @param required bronze columns that must have a value
   * @param billingPeriod the period (YYYY-MM) over the typed columns; null when unreadable
   */
  public static Dataset<Row> type(
      Dataset<Row> raw,
      StructType bronze,
      Map<String, String> deliveredName,
      List<String> extraColumns,
      Set<String> required,
      Column billingPeriod,
      String sourceName,
      String ingestId) {
    return type(
        raw,
        bronze,
        deliveredName,
        extraColumns,
        required,
        billingPeriod,
        sourceName,
        ingestId,
        List.of());
  }

  /**
   * As above, with more reasons a row cannot be used (null when it can), over the typed columns.
   */
  public static Dataset<Row> type(
      Dataset<Row> raw,
      StructType bronze,
      Map<String, String> deliveredName,
      List<String> extraColumns,
      Set<String> required,
      Column billingPeriod,
      String sourceName,
      String ingestId,
      List<Column> moreProblems) {
    List<String> rawColumns = List.of(raw.columns());
    boolean hasCorrupt = rawColumns.contains(CORRUPT_RECORD);
    List<Column> typedColumns = new ArrayList<>();
    List<Column> deliveredColumns = new ArrayList<>();
    for (String name : rawColumns) {
      if (!name.startsWith("_")) {
        deliveredColumns.add(col(quote(name)));
      }
    }
    List<String> typedNames = new ArrayList<>();
    for (StructField field : bronze.fields()) {
      if (field.name().startsWith("_") || field.name().equals("billing_period")) {
        continue;
      }
      String delivered = deliveredName.get(field.name());
      Column value =
          delivered == null ? lit(null).cast(DataTypes.StringType) : clean(col(quote(delivered)));
      typedColumns.add(typed(value, field.dataType()).as(field.name()));
      typedColumns.add(value.as(RAW + field.name()));
      typedNames.add(field.name());
    }
    typedColumns.add(extra(extraColumns).as("_extra"));
    typedColumns.add(col("_file"));
    typedColumns.add(col("_checksum"));
    typedColumns.add(col("_row"));
    typedColumns.add(
        (hasCorrupt ? col(CORRUPT_RECORD) : lit(null).cast(DataTypes.StringType))
            .as(CORRUPT_RECORD));
    typedColumns.add(to_json(struct(deliveredColumns.toArray(Column[]::new))).as(RAW + "record"));
    Dataset<Row> typed =
        raw.select(typedColumns.toArray(Column[]::new)).withColumn("billing_period", billingPeriod);

    List<Column> problems = new ArrayList<>();
    problems.add(
        when(col(CORRUPT_RECORD).isNotNull(), lit("malformed record: wrong number of fields")));
    for (StructField field : bronze.fields()) {
      if (!typedNames.contains(field.name())) {
        continue;
      }
      Column value = col(RAW + field.name());
      if (!(field.dataType() instanceof StringType)) {
        problems.add(
            when(
                value.isNotNull().and(col(field.name()).isNull()),
                unreadable(field.name(), value, field.dataType())));
      }
      if (required.contains(field.name())) {
        problems.add(when(value.isNull(), lit(field.name() + " is empty")));
      }
    }
    problems.addAll(moreProblems);
    Column error = nullif(concat_ws("; ", problems.toArray(Column[]::new)), lit(""));
    // Only when nothing else explains it: a missing or unreadable period of its own.
    Column withPeriod =
        coalesce(error, when(col("billing_period").isNull(), lit("billing period cannot be read")));

    List<Column> out = new ArrayList<>();
    typedNames.forEach(n -> out.add(col(n)));
    out.add(col("_extra"));
    out.add(lit(sourceName).as("_source"));
    out.add(col("_file"));
    out.add(col("_checksum"));
    out.add(col("_row"));
    out.add(lit(ingestId).as("_ingest_id"));
    out.add(withPeriod.as("_error"));
    out.add(
        when(withPeriod.isNotNull(), coalesce(col(CORRUPT_RECORD), col(RAW + "record")))
            .as("_raw"));
    out.add(coalesce(col("billing_period"), lit("unknown")).as("billing_period"));
    return typed.select(out.toArray(Column[]::new));
  }

  /**
   * Typed value of a cleaned string; null when it cannot be read exactly (ANSI mode is off in our
   * sessions, where a cast truncates "10.7" to 10 and rounds "1e-30" to 0: both would change a
   * figure without a word, so such values are null here and the row is rejected by {@link
   * #unreadable}).
   */
  public static Column typed(Column value, DataType type) {
    if (type instanceof StringType) {
      return value;
    }
    Column text = trim(value);
    if (isIntegral(type)) {
      return when(text.rlike(WHOLE), text.cast(type));
    }
    if (type instanceof DecimalType decimal) {
      return when(not(beyondScale(text, decimal.scale())), text.cast(type));
    }
    if (type.equals(DataTypes.DateType)) {
      // the cast reads '2026-07' as 2026-07-01, '2026' as 2026-01-01 and ignores what follows a
      // space: a
      // month or a stray suffix would land on another day without a word, so only YYYY-MM-DD is a
      // date
      return when(text.rlike("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), text.cast(type));
    }
    return text.cast(type);
  }

  /**
   * Why a delivered value has no typed value: not a number, a fraction where a count is due, too
   * many decimals, too large.
   */
  public static Column unreadable(String name, Column value, DataType type) {
    Column text = trim(value);
    String typeName = type.simpleString();
    Column cannotRead = concat(lit(name + ": cannot read '"), value, lit("' as " + typeName));
    if (isIntegral(type)) {
      return when(
              text.rlike(NUMBER),
              concat(lit(name + ": '"), value, lit("' is not a whole number (" + typeName + ")")))
          .otherwise(cannotRead);
    }
    if (type instanceof DecimalType decimal) {
      return when(
              beyondScale(text, decimal.scale()),
              concat(
                  lit(name + ": '"),
                  value,
                  lit(
                      "' is below the money scale: fewer than "
                          + KEPT_SIGNIFICANT_DIGITS
                          + " significant digits within "
                          + decimal.scale()
                          + " decimals ("
                          + typeName
                          + "); it is not rounded")))
          .when(
              text.rlike(NUMBER),
              concat(lit(name + ": '"), value, lit("' is out of range for " + typeName)))
          .otherwise(cannotRead);
    }
    if (type.equals(DataTypes.DateType)) {
      return concat(cannotRead, lit(" (YYYY-MM-DD)"));
    }
    return cannotRead;
  }

  private static boolean isIntegral(DataType type) {
    return type.equals(DataTypes.LongType)
        || type.equals(DataTypes.IntegerType)
        || type.equals(DataTypes.ShortType)
        || type.equals(DataTypes.ByteType);
  }

  /**
   * Significant digits a rounded value must keep to be rounded to the scale rather than
   * quarantined.
   */
  static final int KEPT_SIGNIFICANT_DIGITS = 6;

  /** A whole number, also as written by a JSON writer that prints counts as floats ("12.0"). */
  private static final String WHOLE = "^[+-]?[0-9]+(\\.0*)?$";

  /**
   * A decimal number, with an optional exponent: groups are the integer digits, the fraction
   * digits, the exponent.
   */
  private static final String NUMBER =
      "^(?=[+-]?\\.?[0-9])[+-]?([0-9]*)(?:\\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$";

  /**
   * Why a typed decimal cannot be kept at the smaller scale of the table it feeds (null when it
   * can): rounded to {@code keptScale} decimals it would keep fewer than {@link
   * #KEPT_SIGNIFICANT_DIGITS} significant digits (a quantity of 1e-12 kept to 10 decimals is 0).
   */
  public static Column belowKeptScale(String name, Column typed, int keptScale, String keptBy) {
    Column text = typed.cast(DataTypes.StringType);
    // Spark writes a small decimal as 1.000000E-12: shown without its trailing zeros, as 1E-12
    Column shown =
        regexp_replace(regexp_replace(text, "(\\.[0-9]*?)0+(E|$)", "$1$2"), "\\.(E|$)", "$1");
    return when(
        typed.isNotNull().and(beyondScale(text, keptScale)),
        concat(
            lit(name + ": '"),
            shown,
            lit(
                "' is below the scale "
                    + keptBy
                    + " keeps: fewer than "
                    + KEPT_SIGNIFICANT_DIGITS
                    + " significant digits within "
                    + keptScale
                    + " decimals; it is not rounded")));
  }

  /**
   * True when a number is beyond the money scale: it needs more than {@code scale} decimals and
   * fewer than {@link #KEPT_SIGNIFICANT_DIGITS} of its significant digits fall within them (1e-30
   * would become 0, 3.4e-17 would keep one digit), computed from its digits, never through a
   * double. A value that merely carries more decimals than the type keeps (Azure's
   * 0.0001188669167459011366) is rounded to the scale, as the type holds it: its relative change is
   * below 10^-6.
   */
  static Column beyondScale(Column text, int scale) {
    // The common case, a plain number with no more decimals than the scale, is settled by one
    // regex.
    return when(text.rlike("^[+-]?[0-9]*(\\.[0-9]{0," + scale + "})?$"), lit(false))
        .otherwise(beyondScaleByDigits(text, scale));
  }

  private static Column beyondScaleByDigits(Column text, int scale) {
    Column intDigits = regexp_extract(text, NUMBER, 1);
    Column fraction = regexp_extract(text, NUMBER, 2);
    Column exponent =
        coalesce(nullif(regexp_extract(text, NUMBER, 3), lit("")).cast("bigint"), lit(0L));
    Column digits = concat(intDigits, fraction);
    Column significant = regexp_replace(digits, "0+$", "");
    Column trailingZeros = length(digits).minus(length(significant));
    Column decimals = length(fraction).minus(exponent).minus(trailingZeros);
    // decimal place of the first significant digit (1 = tenths; 0 or less: in the integer part)
    Column leadingZeros = length(digits).minus(length(regexp_replace(digits, "^0+", "")));
    Column firstPlace = leadingZeros.plus(1).minus(length(intDigits).plus(exponent));
    Column keptDigits = lit(scale).minus(firstPlace).plus(1);
    return coalesce(
        text.rlike(NUMBER)
            .and(length(significant).gt(0))
            .and(decimals.gt(scale))
            .and(keptDigits.lt(KEPT_SIGNIFICANT_DIGITS)),
        lit(false));
  }

  static Column clean(Column delivered) {
    return when(
            delivered
                .isNull()
                .or(upper(trim(delivered)).equalTo("NULL"))
                .or(trim(delivered).equalTo("")),
            lit(null))
        .otherwise(delivered)
        .cast(DataTypes.StringType);
  }

  private static Column extra(List<String> extraColumns) {
    MapType type = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);
    if (extraColumns.isEmpty()) {
      return map().cast(type);
    }
    List<Column> kv = new ArrayList<>();
    for (String name : extraColumns) {
      kv.add(lit(name));
      kv.add(clean(col(quote(name))));
    }
    return map_filter(map(kv.toArray(Column[]::new)), (k, v) -> v.isNotNull()).cast(type);
  }

  /** Column names from files may hold dots or spaces. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
