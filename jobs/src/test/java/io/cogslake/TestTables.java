package io.cogslake;

import static org.apache.spark.sql.functions.lit;

import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes hand-made rows into a lake table: the columns a test names, nulls for the rest. */
public final class TestTables {
  private TestTables() {}

  /**
   * A ledger line (for {@code put} into silver.ledger) of one provider account, charged from {@code
   * start} (inclusive) to {@code end} (exclusive, both yyyy-MM-dd), billed, effective and reported
   * at {@code amount} USD, in the billing period of its start.
   */
  public static String ledgerLine(
      String id, String provider, String account, String start, String end, String amount) {
    return String.format(
        "select '%s' as x_LedgerId, '%s' as x_Provider, '%s' as x_ProviderAccount,"
            + " timestamp'%s 00:00:00' as ChargePeriodStart, timestamp'%s 00:00:00' as ChargePeriodEnd,"
            + " %s as BilledCost, %s as EffectiveCost, %s as x_EffectiveCostReporting, 'USD' as BillingCurrency,"
            + " '%s' as billing_period, 'f' as x_Source",
        id, provider, account, start, end, amount, amount, amount, start.substring(0, 7));
  }

  /**
   * {@code select} is a query giving some of the table's columns, e.g. "select 'a' as customer
   * union all …".
   */
  public static void put(SparkSession spark, Lake lake, TableSpec table, String select) {
    Dataset<Row> given = spark.sql(select);
    List<String> present = List.of(given.columns());
    Column[] columns =
        java.util.Arrays.stream(SqlFiles.schema(table.ddlResource()).fields())
            .map(
                f ->
                    present.contains(f.name())
                        ? given.col(f.name()).cast(f.dataType()).as(f.name())
                        : lit(null).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new);
    lake.append(table, given.select(columns));
  }
}
