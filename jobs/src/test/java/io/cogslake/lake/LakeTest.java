package io.cogslake.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void openingCreatesEveryContractTableAndRegistersItByName() {
    Lake lake = new Lake(spark, dir.toString()).open();
    for (TableSpec table : Tables.all()) {
      assertTrue(spark.catalog().tableExists(table.qualifiedName()), table.qualifiedName());
    }
    assertEquals(0, spark.sql("select * from silver.ledger").count());
    // Opening again is a no-op, not an error.
    lake.open();
  }

  @Test
  void replacingOnePeriodLeavesTheOthers() {
    Lake lake = new Lake(spark, dir.toString()).open();
    StructType schema =
        new StructType()
            .add("status", DataTypes.StringType)
            .add("changed_at", DataTypes.TimestampType)
            .add("run_id", DataTypes.StringType)
            .add("billing_period", DataTypes.StringType);
    Dataset<Row> two =
        spark.createDataFrame(
            List.of(RowFactory.create("closed", null, "r1", "2025-01"), RowFactory.create("closed", null, "r1", "2025-02")),
            schema);
    lake.replace(Tables.PERIOD_STATUS, two, lit(true));
    Dataset<Row> reopened = spark.createDataFrame(List.of(RowFactory.create("open", null, "r2", "2025-02")), schema);
    lake.replace(Tables.PERIOD_STATUS, reopened, col("billing_period").isin("2025-02"));

    List<Row> rows = spark.sql("select billing_period, status from silver.period_status order by 1").collectAsList();
    assertEquals("[[2025-01,closed], [2025-02,open]]", rows.toString());
    assertEquals(1, lake.lastCommitOutputRows(Tables.PERIOD_STATUS));
  }
}
