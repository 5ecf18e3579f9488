package io.cogslake.stage;

import io.cogslake.lake.Lake;
import io.cogslake.lake.TableSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows a stage has for the partitions of several sources (or other writers) of the same tables,
 * gathered and then written as one Delta commit per table: each replaces exactly the partitions
 * added for it, so runs of other periods or sources do not conflict, and a table gets one version
 * per run.
 */
public final class TableWrites {
  private final Lake lake;
  private final Map<TableSpec, Dataset<Row>> rows = new LinkedHashMap<>();
  private final Map<TableSpec, Column> replaced = new LinkedHashMap<>();

  public TableWrites(Lake lake) {
    this.lake = lake;
  }

  /**
   * {@code partitions} (a condition on partition columns) of {@code table} are to hold {@code
   * newRows}.
   */
  public TableWrites add(TableSpec table, Column partitions, Dataset<Row> newRows) {
    rows.merge(table, lake.conform(table, newRows), Dataset::unionByName);
    replaced.merge(table, partitions, Column::or);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /**
   * Writes each table once, in the order the tables were first added; the rows written per table.
   */
  public Map<TableSpec, Long> write() {
    Map<TableSpec, Long> written = new LinkedHashMap<>();
    rows.forEach(
        (table, tableRows) ->
            written.put(table, lake.replace(table, tableRows, replaced.get(table))));
    return written;
  }
}
