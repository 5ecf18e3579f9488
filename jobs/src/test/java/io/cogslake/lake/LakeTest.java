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
  private static String readString(java.nio.file.Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

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
    Dataset<Row> two =
        lake.rowsOf(
            Tables.PERIOD_STATUS,
            List.of(
                RowFactory.create("closed", null, "r1", false, null, List.of(), "2025-01"),
                RowFactory.create("closed", null, "r1", false, null, List.of(), "2025-02")));
    lake.replace(Tables.PERIOD_STATUS, two, lit(true));
    Dataset<Row> reopened =
        lake.rowsOf(
            Tables.PERIOD_STATUS,
            List.of(RowFactory.create("open", null, "r2", false, null, List.of(), "2025-02")));
    assertEquals(
        1, lake.replace(Tables.PERIOD_STATUS, reopened, col("billing_period").isin("2025-02")));

    List<Row> rows =
        spark
            .sql("select billing_period, status from silver.period_status order by 1")
            .collectAsList();
    assertEquals("[[2025-01,closed], [2025-02,open]]", rows.toString());
  }

  /**
   * What a write returns is what it wrote, not what the table's last commit (another writer's) did.
   */
  @Test
  void aWriteCountsItsOwnRowsNotTheLastCommitsOfAnotherWriter() {
    Lake lake = new Lake(spark, dir.toString()).open();
    Dataset<Row> empty = lake.read(Tables.PERIOD_STATUS).limit(0);
    Dataset<Row> three =
        spark.sql(
            "select 'closed' as status, cast(null as timestamp) as changed_at, 'other' as run_id,"
                + " false as forced, cast(null as string) as reason, cast(null as array<string>) as overridden, p as billing_period"
                + " from values ('2025-01'), ('2025-02'), ('2025-03') as t(p)");
    assertEquals(3, lake.replace(Tables.PERIOD_STATUS, three, lit(true)));
    // another process's commit, without this process's token: 3 rows in the table's last commit
    three.write().format("delta").mode("append").save(lake.location(Tables.PERIOD_STATUS));
    assertEquals(
        0, lake.replace(Tables.PERIOD_STATUS, empty, col("billing_period").equalTo("2025-04")));
    assertEquals(0, lake.append(Tables.PERIOD_STATUS, empty));
    assertEquals(6, lake.read(Tables.PERIOD_STATUS).count());
  }

  /**
   * Two lakes opened at once on one new folder (as two first runs do): both open, every table once.
   */
  @Test
  void openingOneNewLakeFromSeveralThreadsAtOnceCreatesEachTableOnce() {
    List<Long> versions =
        Parallel.map(
            List.of(1, 2, 3),
            3,
            i -> {
              new Lake(spark.newSession(), dir.toString()).open();
              return 0L;
            });
    assertEquals(3, versions.size());
    for (TableSpec table : Tables.all()) {
      long commits =
          io.delta.tables.DeltaTable.forPath(spark, dir + "/" + table.layer() + "/" + table.name())
              .history()
              .count();
      assertEquals(1, commits, table.qualifiedName());
    }
  }

  @Test
  void aLakeOfAnEarlierVersionGainsTheColumnsAddedSinceAndKeepsItsRows() {
    // silver.period_status as the first version made it: four columns, one closed period.
    String location = dir.resolve("silver/period_status").toString();
    StructType earlier =
        new StructType()
            .add("status", DataTypes.StringType)
            .add("changed_at", DataTypes.TimestampType)
            .add("run_id", DataTypes.StringType)
            .add("billing_period", DataTypes.StringType);
    spark
        .createDataFrame(List.of(RowFactory.create("closed", null, "r0", "2024-12")), earlier)
        .write()
        .format("delta")
        .partitionBy("billing_period")
        .save(location);

    Lake lake = new Lake(spark, dir.toString()).open();

    assertEquals(
        List.of(
            "status", "changed_at", "run_id", "billing_period", "forced", "reason", "overridden"),
        List.of(lake.read(Tables.PERIOD_STATUS).schema().fieldNames()));
    // a write in the contract's column order lands by name beside the old row
    lake.replace(
        Tables.PERIOD_STATUS,
        lake.rowsOf(
            Tables.PERIOD_STATUS,
            List.of(
                RowFactory.create(
                    "closed", null, "r1", true, "audit waived", List.of("x"), "2025-01"))),
        col("billing_period").equalTo("2025-01"));
    assertEquals(
        "[[2024-12,closed,r0,null,null], [2025-01,closed,r1,true,audit waived]]",
        spark
            .sql(
                "select billing_period, status, run_id, forced, reason from silver.period_status order by 1")
            .collectAsList()
            .toString());
    // the lake now says which definitions it holds, so the next open reads no table's schema
    assertEquals(Lake.schemaFingerprint(), readString(dir.resolve(Lake.SCHEMA_FILE)).strip());
  }
}
