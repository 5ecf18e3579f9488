package io.cogslake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.cogslake.config.SourceConfig;
import io.cogslake.lake.SqlFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The company's own CSV files that carry a {@code billing_period} column (revenue, invoices, the
 * customer list): every listed column is mandatory, the period must read YYYY-MM, and so must the
 * other month columns a type names (a customer's acquisition and churn months).
 */
public final class CompanyCsvReader implements SourceReader {
  private static final String MONTH = "^\\d{4}-(0[1-9]|1[0-2])$";

  private final String type;
  private final Set<String> required;
  private final List<String> monthColumns;
  private final List<Column> moreProblems;

  public CompanyCsvReader(String type, Set<String> required) {
    this(type, required, List.of(), List.of());
  }

  /**
   * @param monthColumns further columns that must read YYYY-MM when they have a value
   * @param moreProblems further reasons a row cannot be used (null when it can), over the typed
   *     columns
   */
  public CompanyCsvReader(
      String type, Set<String> required, List<String> monthColumns, List<Column> moreProblems) {
    this.type = type;
    this.required = required;
    this.monthColumns = monthColumns;
    this.moreProblems = moreProblems;
  }

  /** True when the column reads YYYY-MM (a month the other checks can compare). */
  public static Column isMonth(String column) {
    return col(column).rlike(MONTH);
  }

  @Override
  public String bronzeDdl() {
    return "tables/bronze/" + type + ".ddl";
  }

  @Override
  public Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId) {
    Map<String, List<String>> mandatory =
        required.stream()
            .collect(
                Collectors.toMap(c -> c.equals("period") ? "billing_period" : c, c -> List.of(c)));
    Column period = when(isMonth("period"), col("period"));
    List<Column> problems = new ArrayList<>();
    for (String month : monthColumns) {
      problems.add(
          when(
              col(month).isNotNull().and(not(isMonth(month))),
              concat(lit(month + ": '"), col(month), lit("' is not a month (YYYY-MM)"))));
    }
    problems.addAll(moreProblems);
    return DelimitedFiles.read(
        spark,
        source.name,
        source.type,
        files,
        SqlFiles.schema(bronzeDdl()),
        name -> name.equalsIgnoreCase("billing_period") ? "period" : name.toLowerCase(),
        mandatory,
        required,
        period,
        ingestId,
        problems);
  }
}
