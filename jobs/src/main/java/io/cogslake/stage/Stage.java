package io.cogslake.stage;

import static org.apache.spark.sql.functions.col;

import io.cogslake.lake.Lake;
import io.cogslake.lake.TableSpec;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What every step of a run shares (as Iceberg's BaseSparkAction is for its actions): the lake, the
 * run, the closed-period guard, which periods to write, the Spark job description, and the replace
 * of a table's periods with the rows it wrote. The pipeline runs a stage: it sets the job group,
 * retries a lost commit race and records the {@link StageResult} in silver.run_log; a stage only
 * computes.
 */
public abstract class Stage {
  /** What a stage's run reports, in its own record: what silver.run_log records of it. */
  public interface Outcome {
    /** The periods it wrote. */
    java.util.Collection<String> periods();

    long rowsIn();

    long rowsOut();

    /** The rules version it classified with; null for a stage that classifies nothing. */
    default String rulesVersion() {
      return null;
    }
  }

  protected final Lake lake;
  protected final SparkSession spark;
  protected final RunContext run;
  private final String name;
  private PeriodGuard guard;

  /**
   * @param name the stage's command, its entry in silver.run_log and its Spark job group
   */
  protected Stage(String name, Lake lake, RunContext run) {
    this.name = name;
    this.lake = lake;
    this.spark = lake.spark();
    this.run = run;
  }

  public final String name() {
    return name;
  }

  /** Runs the stage once for the run's periods. */
  public abstract Outcome run();

  /** Runs the stage once and says what it did, as the pipeline records it. */
  public final StageResult execute() {
    Outcome outcome = run();
    return new StageResult(
        name,
        List.copyOf(new TreeSet<>(outcome.periods())),
        outcome.rowsIn(),
        outcome.rowsOut(),
        outcome.rulesVersion());
  }

  /** The closed periods, read once per stage. */
  protected final PeriodGuard guard() {
    if (guard == null) {
      guard = new PeriodGuard(lake, run);
    }
    return guard;
  }

  /**
   * The periods this stage writes: the run's, or for a run over every period those its inputs hold;
   * less the closed ones (a period the run named fails, exit 3, unless it says --reopen).
   */
  protected final Set<String> periodsToWrite(TableSpec... inputs) {
    Set<String> periods = new TreeSet<>(run.periods());
    if (run.allPeriods()) {
      for (TableSpec input : inputs) {
        lake.read(input)
            .select("billing_period")
            .distinct()
            .collectAsList()
            .forEach(r -> periods.add(r.getString(0)));
      }
    }
    periods.removeIf(p -> !guard().mayRewrite(p, name()));
    return periods;
  }

  /**
   * Names the Spark jobs that follow after the stage and what they compute (Spark UI, event log).
   */
  protected final void describe(String what) {
    spark.sparkContext().setJobDescription(name() + " " + what);
  }

  /**
   * Replaces the periods of {@code table} with {@code rows} in one commit; the rows that commit
   * wrote.
   */
  protected final long replacePeriods(
      TableSpec table, Dataset<Row> rows, Collection<String> periods) {
    return lake.replace(table, rows, col("billing_period").isin(periods.toArray()));
  }

  /**
   * The periods' rows of {@code table} as the temporary view {@code view}, which the stage's SQL
   * reads.
   */
  protected final Dataset<Row> registerPeriods(
      String view, TableSpec table, Collection<String> periods) {
    Dataset<Row> rows = lake.read(table).filter(col("billing_period").isin(periods.toArray()));
    rows.createOrReplaceTempView(view);
    return rows;
  }
}
