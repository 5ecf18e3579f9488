package io.cogslake.ingest.aws;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;

import io.cogslake.config.SourceConfig;
import io.cogslake.ingest.LandingFile;
import io.cogslake.ingest.SourceReader;
import io.cogslake.ingest.TabularFiles;
import io.cogslake.lake.SqlFiles;
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
 * AWS Cost and Usage Reports: CUR 2.0 (Data Exports; snake_case, {@code product} and {@code
 * resource_tags} as maps in Parquet or JSON text in CSV), legacy CUR CSV ({@code
 * lineItem/UnblendedCost}, {@code resourceTags/user:team}) and legacy CUR Parquet as written for
 * Athena (flattened snake_case, {@code resource_tags_user_*}). CSV may be gzip'd. Legacy names are
 * renamed to the snake_case names Athena gives them ({@code reservation/ReservationARN} → {@code
 * reservation_reservation_a_r_n}); tag columns and columns the bronze schema does not list are kept
 * in {@code _extra} under their delivered name.
 */
public final class AwsCurReader implements SourceReader {
  static final Map<String, List<String>> MANDATORY =
      Map.of(
          "line_item_line_item_type", List.of("line_item_line_item_type"),
          "line_item_unblended_cost", List.of("line_item_unblended_cost"),
          "line_item_currency_code", List.of("line_item_currency_code"),
          "bill_billing_period_start_date", List.of("bill_billing_period_start_date"));

  static final Set<String> REQUIRED_VALUES =
      Set.of(
          "line_item_line_item_type",
          "line_item_unblended_cost",
          "line_item_currency_code",
          "bill_billing_period_start_date");

  @Override
  public String bronzeDdl() {
    return "tables/bronze/aws_cur.ddl";
  }

  /**
   * A legacy header {@code category/ColumnName} → {@code category_column_name} (an underscore
   * before every capital, as Athena spells it); snake_case and tag columns are kept as they are.
   */
  static String snakeName(String delivered) {
    int slash = delivered.indexOf('/');
    if (slash < 0
        || delivered.startsWith("resourceTags/")
        || delivered.startsWith("costCategory/")) {
      return delivered;
    }
    return snake(delivered.substring(0, slash)) + "_" + snake(delivered.substring(slash + 1));
  }

  private static String snake(String camel) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public Dataset<Row> read(
      SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId) {
    StructType bronze = SqlFiles.schema(bronzeDdl());
    Function<String, String> rename = AwsCurReader::snakeName;
    Column period = date_format(col("bill_billing_period_start_date"), "yyyy-MM");
    return TabularFiles.read(
        spark, source, files, bronze, rename, MANDATORY, REQUIRED_VALUES, period, ingestId);
  }
}
