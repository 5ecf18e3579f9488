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
