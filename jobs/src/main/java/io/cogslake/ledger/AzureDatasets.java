package io.cogslake.ledger;

import static org.apache.spark.sql.functions.col;

import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.TableSpec;
import io.cogslake.sources.SourceTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What Microsoft's recipe for merging Azure's actual and amortized exports needs to know, as views
 * for {@code sql/silver/ledger_from_azure_cost.sql}: {@code azure_cost_datasets} (each azure_cost
 * source's configured dataset, {@code actual} unless it says {@code amortized}) and {@code
 * azure_amortized_periods} (the periods an amortized source has delivered: for those, an actual
 * source gives only commitment purchases and refunds). Both are lazy; nothing is collected.
 */
public final class AzureDatasets {
  private AzureDatasets() {}

  public static void registerViews(Lake lake, CogsConfig config) {
    SparkSession spark = lake.spark();
    List<Row> datasets = new ArrayList<>();
    Dataset<Row> periods = spark.sql("select cast(null as string) as billing_period where false");
    for (SourceConfig source : config.sources) {
      if (!"azure_cost".equals(source.type)) {
        continue;
      }
      String dataset =
          source.dataset == null ? "actual" : source.dataset.toLowerCase(java.util.Locale.ROOT);
      datasets.add(RowFactory.create(source.name, dataset));
      TableSpec bronze = SourceTypes.of(source.type).bronze(source.name);
      if (dataset.equals("amortized") && lake.exists(bronze)) {
        periods =
            periods.unionByName(
                lake.read(bronze)
                    .filter(col("_error").isNull())
                    .select("billing_period")
                    .distinct());
      }
    }
    StructType schema =
        new StructType().add("source", DataTypes.StringType).add("dataset", DataTypes.StringType);
    spark.createDataFrame(datasets, schema).createOrReplaceTempView("azure_cost_datasets");
    periods.distinct().createOrReplaceTempView("azure_amortized_periods");
  }
}
