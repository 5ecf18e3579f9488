package io.cogslake.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import scala.collection.JavaConverters;

/**
 * A SQL model's declared contract ({@code sql/<layer>/<model>.yml}, beside its SQL, as dbt's
 * models/*.yml): its grain in one sentence, the columns that identify a row, the columns never
 * null, the views it reads, and invariants — each a query returning the rows that break it.
 */
public record ModelContract(
    String model,
    String grain,
    @JsonProperty("unique_key") List<String> uniqueKey,
    @JsonProperty("not_null") List<String> notNull,
    List<String> inputs,
    List<Invariant> invariants) {

  /** One invariant: what it says, and the query that returns the rows breaking it. */
  public record Invariant(String name, String violations) {}

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** The models that declare a contract: every gold table the gold stage builds. */
  public static List<TableSpec> models() {
    return io.cogslake.lake.Tables.gold();
  }

  /** The contract file of a table's model: sql/gold/cogs.yml for gold.cogs. */
  public static Path file(TableSpec table) {
    return Path.of("sql", table.layer(), table.name() + ".yml");
  }

  public static ModelContract of(TableSpec table) {
    try {
      ModelContract c = YAML.readValue(file(table).toFile(), ModelContract.class);
      return new ModelContract(
          c.model,
          c.grain,
          c.uniqueKey == null ? List.of() : c.uniqueKey,
          c.notNull == null ? List.of() : c.notNull,
          c.inputs == null ? List.of() : c.inputs,
          c.invariants == null ? List.of() : c.invariants);
    } catch (IOException e) {
      throw new UncheckedIOException(file(table) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The views and tables a model's SQL reads, from its parsed plan (not its text): every relation
   * named in it, sub-queries included, but its own CTEs.
   */
  public static Set<String> relationsRead(String sqlFile) {
    LogicalPlan plan = CatalystSqlParser$.MODULE$.parsePlan(SqlFiles.text(sqlFile));
    Set<String> relations = new TreeSet<>();
    Set<String> ctes = new TreeSet<>();
    walk(plan, relations, ctes);
    relations.removeAll(ctes);
    return relations;
  }

  private static void walk(LogicalPlan plan, Set<String> relations, Set<String> ctes) {
    if (plan instanceof UnresolvedRelation r) {
      relations.add(String.join(".", JavaConverters.seqAsJavaList(r.multipartIdentifier())));
    }
    if (plan instanceof UnresolvedWith with) {
      for (var cte : JavaConverters.seqAsJavaList(with.cteRelations())) {
        ctes.add(cte._1());
        walk(cte._2(), relations, ctes);
      }
    }
    for (Expression e : JavaConverters.seqAsJavaList(plan.expressions())) {
      walk(e, relations, ctes);
    }
    for (LogicalPlan child : JavaConverters.seqAsJavaList(plan.children())) {
      walk(child, relations, ctes);
    }
  }

  private static void walk(Expression e, Set<String> relations, Set<String> ctes) {
    if (e instanceof SubqueryExpression s) {
      walk(s.plan(), relations, ctes);
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      walk(child, relations, ctes);
    }
  }

  /**
   * What breaks this contract on a lake's table, one line each: a key held by two rows, a null
   * where none may be, an invariant's offending rows, a view it reads that is not registered.
   */
  public List<String> violations(SparkSession spark) {
    List<String> found = new ArrayList<>();
    if (!uniqueKey.isEmpty()) {
      String key = String.join(", ", uniqueKey);
      long twice =
          spark
              .sql("select " + key + " from " + model + " group by " + key + " having count(*) > 1")
              .count();
      if (twice > 0) {
        found.add(model + ": " + twice + " values of (" + key + ") are held by more than one row");
      }
    }
    for (String column : notNull) {
      long nulls = spark.sql("select 1 from " + model + " where " + column + " is null").count();
      if (nulls > 0) {
        found.add(model + ": " + nulls + " rows with " + column + " null");
      }
    }
    for (Invariant invariant : invariants) {
      long broken = spark.sql(invariant.violations()).count();
      if (broken > 0) {
        found.add(model + ": " + broken + " rows break '" + invariant.name() + "'");
      }
    }
    for (String input : inputs) {
      if (!spark.catalog().tableExists(input)) {
        found.add(model + ": reads view " + input + ", which nothing registered");
      }
    }
    return found;
  }
}
