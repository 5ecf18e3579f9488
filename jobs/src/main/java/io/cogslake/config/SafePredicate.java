package io.cogslake.config;

import io.cogslake.errors.Errors;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedExtractValue;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Add;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Concat;
import org.apache.spark.sql.catalyst.expressions.Divide;
import org.apache.spark.sql.catalyst.expressions.EqualNullSafe;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.ILike;
import org.apache.spark.sql.catalyst.expressions.If;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.InSubquery;
import org.apache.spark.sql.catalyst.expressions.IntegralDivide;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.IsNull;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Like;
import org.apache.spark.sql.catalyst.expressions.LikeAll;
import org.apache.spark.sql.catalyst.expressions.LikeAny;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Multiply;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.catalyst.expressions.NotLikeAll;
import org.apache.spark.sql.catalyst.expressions.NotLikeAny;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.expressions.RLike;
import org.apache.spark.sql.catalyst.expressions.Remainder;
import org.apache.spark.sql.catalyst.expressions.StringLocate;
import org.apache.spark.sql.catalyst.expressions.StringTrim;
import org.apache.spark.sql.catalyst.expressions.StringTrimLeft;
import org.apache.spark.sql.catalyst.expressions.StringTrimRight;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.Substring;
import org.apache.spark.sql.catalyst.expressions.Subtract;
import org.apache.spark.sql.catalyst.expressions.UnaryMinus;
import org.apache.spark.sql.catalyst.expressions.UnaryPositive;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.collection.JavaConverters;

/**
 * A rule predicate (allocation {@code where}, classification rule, later the simulator's) checked
 * on its parsed expression tree against an allow-list: the row's columns, literals, comparison,
 * boolean logic, {@code in}, null tests, {@code like}/{@code rlike}/{@code ilike}, arithmetic,
 * {@code case}/{@code if}, {@code cast} and the pure functions of {@link #FUNCTIONS}. Anything else
 * ({@code reflect}, {@code java_method}, sub-queries, lambdas, windows, aggregates, unknown or
 * qualified functions) is a configuration error naming the rule and what it used: a predicate
 * decides which rows match, it must never run code. The returned column is built from the checked
 * tree itself, so what runs is what was checked (no second parse, no variable substitution in
 * between).
 */
public final class SafePredicate {
  /** Expression nodes the parser makes for the allowed syntax; everything else is refused. */
  private static final Set<Class<?>> NODES =
      Set.of(
          UnresolvedAttribute.class,
          UnresolvedExtractValue.class,
          Literal.class,
          EqualTo.class,
          EqualNullSafe.class,
          LessThan.class,
          LessThanOrEqual.class,
          GreaterThan.class,
          GreaterThanOrEqual.class,
          And.class,
          Or.class,
          Not.class,
          In.class,
          IsNull.class,
          IsNotNull.class,
          Like.class,
          RLike.class,
          ILike.class,
          LikeAny.class,
          LikeAll.class,
          NotLikeAny.class,
          NotLikeAll.class,
          Add.class,
          Subtract.class,
          Multiply.class,
          Divide.class,
          Remainder.class,
          IntegralDivide.class,
          UnaryMinus.class,
          UnaryPositive.class,
          CaseWhen.class,
          If.class,
          Cast.class,
          Concat.class,
          StringTrim.class,
          StringTrimLeft.class,
          StringTrimRight.class,
          Substring.class,
          StringLocate.class);

  /**
   * Functions a predicate may call by name: pure functions of their arguments (README: rule
   * predicates).
   */
  public static final Set<String> FUNCTIONS =
      Set.of(
          // nulls and conditions
          "coalesce",
          "nvl",
          "nvl2",
          "ifnull",
          "nullif",
          "isnull",
          "isnotnull",
          "if",
          // strings
          "lower",
          "upper",
          "lcase",
          "ucase",
          "trim",
          "ltrim",
          "rtrim",
          "btrim",
          "substring",
          "substr",
          "left",
          "right",
          "concat",
          "concat_ws",
          "length",
          "char_length",
          "character_length",
          "startswith",
          "endswith",
          "contains",
          "instr",
          "locate",
          "position",
          "replace",
          "split_part",
          "lpad",
          "rpad",
          "initcap",
          "like",
          "ilike",
          "rlike",
          "regexp",
          "regexp_like",
          "regexp_extract",
          // maps and arrays (tags)
          "element_at",
          "map_contains_key",
          "array_contains",
          // numbers
          "abs",
          "round",
          "bround",
          "floor",
          "ceil",
          "ceiling",
          "greatest",
          "least",
          "sign",
          "signum",
          // dates
          "to_date",
          "to_timestamp",
          "date_trunc",
          "trunc",
          "date_format",
          "year",
          "quarter",
          "month",
          "day",
          "dayofmonth",
          "dayofweek",
          "dayofyear",
          "weekofyear",
          "hour",
          "minute",
          "date_add",
          "date_sub",
          "datediff",
          "add_months",
          "last_day",
          "months_between",
          "make_date",
          "extract",
          "date_part");

  private SafePredicate() {}

  /**
   * The checked predicate as a column. {@code subject} names the rule for messages, e.g.
   * "Allocation rule tokens: 'where'".
   */
  public static Column column(String subject, String text) {
    return new Column(check(subject, text));
  }

  /** Parses and checks; exit 2 naming the subject for a syntax error or anything not allowed. */
  public static Expression check(String subject, String text) {
    if (text == null || text.isBlank()) {
      throw Errors.badPredicate(subject, "is empty");
    }
    Expression parsed;
    try {
      parsed = CatalystSqlParser$.MODULE$.parseExpression(text);
    } catch (
        Exception
            e) { // ParseException is checked to Java and escaped a RuntimeException catch before
      throw Errors.badPredicate(
          subject,
          "does not parse as SQL ("
              + parseReason(e)
              + "): "
              + text.replaceAll("\\s+", " ").strip());
    }
    walk(subject, parsed);
    return parsed;
  }

  private static void walk(String subject, Expression node) {
    if (node instanceof SubqueryExpression || node instanceof InSubquery) {
      throw Errors.unsafePredicate(subject, "a sub-query");
    }
    if (node instanceof UnresolvedFunction f) {
      List<String> name = JavaConverters.seqAsJavaListConverter(f.nameParts()).asJava();
      String shown = String.join(".", name);
      if (name.size() != 1 || !FUNCTIONS.contains(name.get(0).toLowerCase(Locale.ROOT))) {
        throw Errors.unsafePredicate(subject, "function " + shown);
      }
      if (f.isDistinct() || f.filter().isDefined()) {
        throw Errors.unsafePredicate(subject, "an aggregate form of " + shown);
      }
    } else if (!NODES.contains(node.getClass())) {
      throw Errors.unsafePredicate(subject, describe(node));
    }
    for (Expression child : JavaConverters.seqAsJavaListConverter(node.children()).asJava()) {
      walk(subject, child);
    }
  }

  /**
   * A user's word for a refused node: lambdas and windows by name, else Spark's own name for it.
   */
  private static String describe(Expression node) {
    String cls = node.getClass().getSimpleName();
    if (cls.contains("Lambda")) {
      return "a lambda function (higher-order functions are not allowed)";
    }
    if (cls.startsWith("Window")) {
      return "a window function";
    }
    return "the expression " + node.prettyName();
  }

  private static String parseReason(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .findFirst()
        .orElse("syntax error");
  }

  /** The allowed function names, sorted, for messages and documentation. */
  public static String allowedFunctions() {
    return String.join(", ", new TreeSet<>(FUNCTIONS));
  }
}
