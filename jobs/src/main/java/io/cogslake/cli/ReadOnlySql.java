package io.cogslake.cli;

import io.cogslake.errors.Errors;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.collection.JavaConverters;

/**
 * What {@code bin/cogs sql} may run: exactly one statement that reads — a query, or a SHOW /
 * DESCRIBE — checked on the parsed plan, not on the text. Writing is what the stages do (closed
 * periods, run log); an UPDATE, DROP, INSERT, MERGE, CREATE, SET, VACUUM, ... is exit 2 naming the
 * statement.
 */
final class ReadOnlySql {
  /**
   * The operators a parsed query is made of (an allow-list: a new kind of node is refused, not
   * run).
   */
  private static final Set<String> QUERY_NODES =
      Set.of(
          "Project",
          "Filter",
          "Aggregate",
          "Sort",
          "Distinct",
          "Deduplicate",
          "Union",
          "Intersect",
          "Except",
          "Join",
          "LateralJoin",
          "Generate",
          "Window",
          "WithWindowDefinition",
          "GlobalLimit",
          "LocalLimit",
          "Offset",
          "Tail",
          "SubqueryAlias",
          "OneRowRelation",
          "LocalRelation",
          "Range",
          "Sample",
          "Pivot",
          "Unpivot",
          "Expand",
          "RepartitionByExpression",
          "Repartition",
          "RebalancePartitions",
          "UnresolvedHint",
          "UnresolvedWith",
          "CTERelationRef",
          "UnresolvedRelation",
          "RelationTimeTravel",
          "UnresolvedInlineTable",
          "UnresolvedTableValuedFunction",
          "UnresolvedTVFAliases",
          "UnresolvedSubqueryColumnAliases",
          "UnresolvedHaving");

  /**
   * SHOW and DESCRIBE statements (Spark's and Delta's), which only read the catalog or a table's
   * log.
   */
  private static final Set<String> SHOW_DESCRIBE =
      Set.of(
          "ShowTables",
          "ShowTableExtended",
          "ShowNamespaces",
          "ShowColumns",
          "ShowFunctions",
          "ShowViews",
          "ShowPartitions",
          "ShowCreateTable",
          "ShowTableProperties",
          "ShowCatalogsCommand",
          "ShowCurrentNamespaceCommand",
          "DescribeRelation",
          "DescribeColumn",
          "DescribeNamespace",
          "DescribeFunction",
          "DescribeDeltaHistory",
          "DescribeDeltaDetailCommand");

  /**
   * Functions that run Java code of the caller's choosing: not read-only, whatever the statement.
   */
  private static final Set<String> CODE_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

  private ReadOnlySql() {}

  /**
   * Parses {@code query} with the session's parser and refuses anything but one read-only
   * statement.
   */
  static void check(SparkSession spark, String query) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(query);
    } catch (Exception e) { // ParseException is checked to Java; two statements fail here too
      throw Errors.notOneStatement(firstLine(e));
    }
    String root = plan.getClass().getSimpleName();
    if (SHOW_DESCRIBE.contains(root)) {
      return;
    }
    checkQuery(query, plan);
  }

  private static void checkQuery(String query, LogicalPlan plan) {
    String node = plan.getClass().getSimpleName();
    if (!QUERY_NODES.contains(node)) {
      throw Errors.notReadOnly(kind(query, node), "it is not a query");
    }
    for (Expression e : JavaConverters.seqAsJavaListConverter(plan.expressions()).asJava()) {
      checkExpression(query, e);
    }
    for (LogicalPlan child : JavaConverters.seqAsJavaListConverter(plan.children()).asJava()) {
      checkQuery(query, child);
    }
    if (plan instanceof org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith with) {
      for (var cte : JavaConverters.seqAsJavaListConverter(with.cteRelations()).asJava()) {
        checkQuery(query, cte._2());
      }
    }
  }

  private static void checkExpression(String query, Expression e) {
    if (e instanceof SubqueryExpression sub) {
      checkQuery(query, sub.plan());
    }
    if (e instanceof UnresolvedFunction f) {
      List<String> name = JavaConverters.seqAsJavaListConverter(f.nameParts()).asJava();
      if (CODE_FUNCTIONS.contains(name.get(name.size() - 1).toLowerCase(Locale.ROOT))) {
        throw Errors.notReadOnly("a query calling " + String.join(".", name), "it runs Java code");
      }
    }
    for (Expression child : JavaConverters.seqAsJavaListConverter(e.children()).asJava()) {
      checkExpression(query, child);
    }
  }

  /**
   * The statement's kind as a user wrote it (its first keywords), with Spark's name for the plan
   * node.
   */
  private static String kind(
      String query, String node) { // node: Spark's plan class, e.g. UpdateTable
    String[] words = query.strip().split("\\s+", 3);
    String keywords =
        words.length == 0 || words[0].isEmpty()
            ? "an empty statement"
            : words[0].toUpperCase(Locale.ROOT);
    if (words.length > 1
        && Set.of("TABLE", "VIEW", "DATABASE", "SCHEMA", "FUNCTION", "INTO", "OVERWRITE")
            .contains(words[1].toUpperCase(Locale.ROOT))) {
      keywords += " " + words[1].toUpperCase(Locale.ROOT);
    }
    return keywords + " (" + node + ")";
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .findFirst()
        .orElse("syntax error");
  }
}
