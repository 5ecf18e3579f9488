package io.cogslake.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cogslake.config.CogsConfig;
import io.cogslake.config.CogsConfig.Simulation;
import io.cogslake.config.SafePredicate;
import io.cogslake.errors.Errors;
import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.Tables;
import io.cogslake.reference.ReferenceData;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.Stage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spend simulator: re-prices the model calls each configured simulation selects (sql/simulate/)
 * and writes gold.simulation and gold.simulation_customers for the periods. It reads the gold
 * stage's silver.request_costs, so it runs after gold. Without simulations it writes nothing.
 */
public final class SimulateJob extends Stage {
  private static final Logger LOG = LoggerFactory.getLogger(SimulateJob.class);
  private static final org.apache.spark.sql.types.DecimalType FACTOR =
      DataTypes.createDecimalType(20, 10);

  /**
   * rowsIn: the calls the scenarios touch (one per scenario and call); rowsOut: rows of both
   * tables.
   */
  public record Result(List<String> periods, long rowsIn, long rowsOut) implements Outcome {}

  public SimulateJob(Lake lake, RunContext run) {
    super("simulate", lake, run);
  }

  @Override
  public Result run() {
    CogsConfig config = run.config();
    List<Simulation> simulations = config.simulations;
    if (simulations.isEmpty()) {
      return new Result(List.of(), 0, 0);
    }
    Set<String> periods = periodsToWrite(Tables.REQUEST_COSTS);
    if (periods.isEmpty()) {
      return new Result(List.of(), 0, 0);
    }
    Object[] wanted = periods.toArray();
    describe(periods.toString());
    new ReferenceData(spark, config).registerViews();
    BuildGoldJob.registerSettings(spark, config);
    Dataset<Row> usage = registerPeriods("usage", Tables.USAGE, periods);
    registerPeriods("classified", Tables.COST_CLASSIFIED, periods);
    registerPeriods("revenue", Tables.REVENUE, periods);
    scenarioNames(simulations).createOrReplaceTempView("simulation_scenarios");

    Dataset<Row> costs =
        lake.read(Tables.REQUEST_COSTS)
            .filter(col("billing_period").isin(wanted))
            .select(
                col("event_id"),
                col("cost").as("baseline_cost"),
                col("priced_cost").as("baseline_priced_cost"));
    Dataset<Row> touched = null;
    for (Simulation simulation : simulations) {
      Dataset<Row> calls = affectedCalls(simulation, usage, costs);
      touched = touched == null ? calls : touched.unionByName(calls);
    }
    touched.createOrReplaceTempView("sim_calls");
    // Read by the price check and both tables: materialized once (executors, not the driver).
    Dataset<Row> simulated =
        SqlFiles.query(spark, "simulate/simulated_calls.sql", Map.of()).localCheckpoint();
    simulated.createOrReplaceTempView("simulated_calls");
    requirePrices(simulated);

    // `simulate --scenario NAME` re-runs those scenarios only; a full run replaces the periods, so
    // a
    // scenario taken out of the configuration leaves no rows behind.
    Column replaced = col("billing_period").isin(wanted);
    if (config.simulationsSelected) {
      replaced =
          replaced.and(col("scenario").isin(simulations.stream().map(sim -> sim.name).toArray()));
    }
    long rows =
        lake.replace(
                Tables.SIMULATION,
                SqlFiles.query(spark, "simulate/simulation.sql", Map.of()),
                replaced)
            + lake.replace(
                Tables.SIMULATION_CUSTOMERS,
                SqlFiles.query(spark, "simulate/simulation_customers.sql", Map.of()),
                replaced);
    long calls = simulated.count();
    LOG.info(
        "simulate: {} scenarios, {} calls re-priced, {} rows for {}",
        simulations.size(),
        calls,
        rows,
        periods);
    return new Result(List.copyOf(periods), calls, rows);
  }

  /**
   * The calls of the periods the simulation's `where` selects, with their cost today and its
   * settings.
   */
  private static Dataset<Row> affectedCalls(Simulation s, Dataset<Row> usage, Dataset<Row> costs) {
    Column where = SafePredicate.column("Simulation " + s.name + ": 'where'", s.where);
    return usage
        .filter(where)
        .join(costs, "event_id")
        .select(
            lit(s.name).as("scenario"),
            col("event_id"),
            col("billing_period"),
            col("usage_date"),
            col("provider"),
            col("model"),
            col("customer"),
            col("product"),
            col("feature"),
            col("step"),
            col("trace_id"),
            col("input_tokens"),
            col("output_tokens"),
            col("cache_read_tokens"),
            col("cache_write_tokens"),
            col("baseline_cost"),
            col("baseline_priced_cost"),
            lit(s.model == null ? null : s.model.provider)
                .cast(DataTypes.StringType)
                .as("target_provider"),
            lit(s.model == null ? null : s.model.model)
                .cast(DataTypes.StringType)
                .as("target_model"),
            factor(s.callsFactor, "calls_factor"),
            factor(s.inputTokensFactor, "input_tokens_factor"),
            factor(s.outputTokensFactor, "output_tokens_factor"),
            factor(s.cacheReadShare, "cache_read_share"),
            factor(s.responseCacheHitRate, "response_cache_hit_rate"));
  }

  private static Column factor(BigDecimal value, String name) {
    return lit(value).cast(FACTOR).as(name);
  }

  /** A model or price missing from the book is an error naming it, never a zero cost. */
  private static void requirePrices(Dataset<Row> simulated) {
    List<Row> missing =
        simulated
            .filter(
                col("input_priced")
                    .equalTo(false)
                    .and(col("input_tokens").gt(0))
                    .or(col("output_priced").equalTo(false).and(col("output_tokens").gt(0))))
            .select(
                col("scenario"),
                col("provider"),
                col("model"),
                col("usage_date"),
                col("input_priced"))
            .orderBy("scenario", "usage_date", "provider", "model")
            .limit(1)
            .collectAsList();
    if (!missing.isEmpty()) {
      Row m = missing.get(0);
      throw Errors.missingSimulationPrice(
          m.getString(0),
          m.getBoolean(4) ? "output" : "input",
          m.getString(1),
          m.getString(2),
          m.get(3));
    }
  }

  private Dataset<Row> scenarioNames(List<Simulation> simulations) {
    List<Row> rows = new ArrayList<>();
    simulations.forEach(s -> rows.add(RowFactory.create(s.name)));
    return spark.createDataFrame(rows, new StructType().add("name", DataTypes.StringType));
  }
}
