package io.cogslake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.cogslake.config.SourceConfig;
import io.cogslake.lake.SqlFiles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The company's own CSV files that carry a {@code billing_period} column (revenue, invoices): every
 * listed column is mandatory, the period must read YYYY-MM.
 */
public final class CompanyCsvReader implements SourceReader {
  private final String type;
  private final Set<String> required;

  public CompanyCsvReader(String type, Set<String> required) {
    this.type = type;
    this.required = required;
  }

  @Override
  public String bronzeDdl() {
    return "tables/bronze/" + type + ".ddl";
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceConfig source, List<LandingFile> files, String ingestId) {
    Map<String, List<String>> mandatory =
        required.stream().collect(Collectors.toMap(c -> c.equals("period") ? "billing_period" : c, c -> List.of(c)));
    Column period = when(col("period").rlike("^\\d{4}-(0[1-9]|1[0-2])$"), col("period"));
    return DelimitedFiles.read(
        spark, source.name, source.type, files, SqlFiles.schema(bronzeDdl()),
        name -> name.equalsIgnoreCase("billing_period") ? "period" : name.toLowerCase(),
        mandatory, required, period, ingestId);
  }
}
