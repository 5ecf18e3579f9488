package io.cogslake.ledger;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.upper;

import io.cogslake.errors.Errors;
import io.cogslake.lake.Lake;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import io.cogslake.stage.RunContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What every normalization of a bronze table needs: its periods, its good rows, its exchange rates.
 */
public final class BronzeBatches {
  private BronzeBatches() {}

  /** The run's periods this bronze table has, or all of them; never {@code unknown}. */
  public static Set<String> periods(Lake lake, TableSpec bronze, RunContext run) {
    Set<String> found = new TreeSet<>();
    lake.read(bronze)
        .select("billing_period")
        .distinct()
        .collectAsList()
        .forEach(r -> found.add(r.getString(0)));
    found.remove("unknown");
    if (!run.allPeriods()) {
      found.retainAll(run.periods());
    }
    return found;
  }

  /**
   * The rows of the periods that passed ingestion (rejected rows are in silver.quarantine), with
   * {@code _delivered_at}: when their file content was first ingested (silver.ingest_log), the
   * order of deliveries that upserts follow ("the latest delivery wins", not the greatest file
   * name).
   */
  public static Dataset<Row> goodRows(Lake lake, TableSpec bronze, Set<String> periods) {
    Dataset<Row> rows =
        lake.read(bronze)
            .filter(col("billing_period").isin(periods.toArray()).and(col("_error").isNull()));
    Dataset<Row> deliveries =
        lake.read(Tables.INGEST_LOG)
            .groupBy(col("source").as("_log_source"), col("checksum").as("_log_checksum"))
            .agg(min(col("ingested_at")).as("_delivered_at"));
    return rows.join(
            broadcast(deliveries),
            rows.col("_source")
                .equalTo(deliveries.col("_log_source"))
                .and(rows.col("_checksum").equalTo(deliveries.col("_log_checksum"))),
            "left")
        .drop("_log_source", "_log_checksum");
  }

  /**
   * Money in another currency needs the period's rate (view fx_rates): a missing one is an error,
   * not a guess.
   */
  public static void requireExchangeRates(
      SparkSession spark, Dataset<Row> batch, String currencyColumn, String reportingCurrency) {
    List<Row> missing =
        batch
            .select(upper(col(currencyColumn)).as("currency"), col("billing_period"))
            .distinct()
            .filter(col("currency").notEqual(reportingCurrency.toUpperCase()))
            .join(
                spark
                    .table("fx_rates")
                    .select(
                        col("currency").as("fx_currency"), col("billing_period").as("fx_period")),
                col("currency")
                    .equalTo(col("fx_currency"))
                    .and(col("billing_period").equalTo(col("fx_period"))),
                "left_anti")
            .limit(1)
            .collectAsList();
    if (!missing.isEmpty()) {
      throw Errors.missingFxRate(missing.get(0).getString(0), missing.get(0).getString(1));
    }
  }
}
