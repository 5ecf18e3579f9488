package io.cogslake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A small month of classified cost, revenue, usage and invoices that fills every gold table when
 * the gold stage runs: three customers (one of them named like a spreadsheet formula, with a
 * feature that starts with {@code @}), two models, an infrastructure line, an R&D line and a
 * classification diff. Re-filling a period replaces its inputs, so a test can change a month's
 * numbers.
 */
public final class GoldFixture {
  public static final String FORMULA_CUSTOMER = "=HYPERLINK(\"http://x\")";
  public static final String FORMULA_FEATURE = "@SUM(A1)";

  private GoldFixture() {}

  /** A configuration for the fixture: AI product {@code assistant}, a two-model price book. */
  public static CogsConfig config(Path dir) {
    CogsConfig config = TestLakes.config(dir.resolve("lake"));
    config.aiProducts = List.of("assistant");
    try {
      config.prices =
          Files.writeString(
                  dir.resolve("prices.csv"),
                  "provider,model,token_type,price_per_million,currency,effective_from,effective_to\n"
                      + "openai,small,input,10,USD,2025-01-01,\nopenai,large,input,50,USD,2025-01-01,\n")
              .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return config;
  }

  /**
   * Writes the period's inputs; {@code heavyCost} is the heavy customer's inference cost, e.g.
   * "125.00".
   */
  public static void fill(
      SparkSession spark, Lake lake, String period, String heavyCost, String heavyRevenue) {
    String p = "'" + period + "'";
    String evil = "'" + FORMULA_CUSTOMER.replace("\"", "\\\"") + "'";
    String evilFeature = "'" + FORMULA_FEATURE + "'";
    put(
        spark,
        lake,
        Tables.REVENUE,
        period,
        "select 'light' as customer, 'assistant' as product, 'paid' as plan, 100 as revenue, 'USD' as currency, 100 as revenue_reporting, "
            + p
            + " as billing_period"
            + " union all select 'heavy', 'assistant', 'paid', "
            + heavyRevenue
            + ", 'USD', "
            + heavyRevenue
            + ", "
            + p
            + " union all select "
            + evil
            + ", 'assistant', 'paid', 50, 'USD', 50, "
            + p);
    put(
        spark,
        lake,
        Tables.USAGE,
        period,
        "select concat("
            + p
            + ", 'l', id) as event_id, date'2025-03-10' as usage_date, 'openai' as provider, 'small' as model, 2000 as input_tokens, 0 as output_tokens,"
            + " 'light' as customer, 'light-user' as user, 'assistant' as product, 'chat' as feature, concat('t', id) as trace_id, 'primary' as step, "
            + p
            + " as billing_period from range(50)"
            + " union all select concat("
            + p
            + ", 'h', id), date'2025-03-10', 'openai', 'large', 5000, 0, 'heavy', 'heavy-user', 'assistant', 'chat', concat('u', id), 'primary', "
            + p
            + " from range(500)"
            + " union all select concat("
            + p
            + ", 'e', id), date'2025-03-10', 'openai', 'small', 1000, 0, "
            + evil
            + ", 'evil-user', 'assistant', "
            + evilFeature
            + ", concat('e', id), 'primary', "
            + p
            + " from range(10)");
    String classified =
        "select 'line-small' as x_LedgerId, 'light' as customer, 'assistant' as product, 'chat' as feature, 'usage' as method, 1.00 as amount, 'openai' as x_Provider, 'small' as x_Model,"
            + " 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai, 'v2' as rules_version, 'r1' as rule_id, "
            + p
            + " as billing_period"
            + " union all select 'line-large', 'heavy', 'assistant', 'chat', 'usage', "
            + heavyCost
            + ", 'openai', 'large', 'COGS', 'inference', true, 'v2', 'r1', "
            + p
            + " union all select 'line-small', "
            + evil
            + ", 'assistant', "
            + evilFeature
            + ", 'usage', 0.10, 'openai', 'small', 'COGS', 'inference', true, 'v2', 'r1', "
            + p
            + " union all select 'line-k8s', 'unallocated', 'assistant', null, 'unallocated', 20.00, 'aws', null, 'COGS', 'infrastructure', false, 'v2', 'r5', "
            + p
            + " union all select 'line-eval', 'unallocated', null, null, 'unallocated', 5.00, 'openai', 'large', 'RND', 'eval', false, 'v2', 'r9', "
            + p;
    put(spark, lake, Tables.COST_ALLOCATED, period, classified);
    put(spark, lake, Tables.COST_CLASSIFIED, period, classified);
    put(
        spark,
        lake,
        Tables.LEDGER,
        period,
        "select 'line-small' as x_LedgerId, 'openai' as x_Provider, 'small' as x_Model, 'input' as x_TokenType, 1.10 as BilledCost, 1.10 as EffectiveCost, 1.10 as x_EffectiveCostReporting, 'USD' as BillingCurrency, 'INV-O' as InvoiceId, "
            + p
            + " as billing_period, 'f' as x_Source"
            + " union all select 'line-large', 'openai', 'large', 'input', "
            + heavyCost
            + ", "
            + heavyCost
            + ", "
            + heavyCost
            + ", 'USD', 'INV-O', "
            + p
            + ", 'f'"
            + " union all select 'line-eval', 'openai', 'large', 'input', 5.00, 5.00, 5.00, 'USD', 'INV-O', "
            + p
            + ", 'f'"
            + " union all select 'line-k8s', 'aws', null, null, 20.00, 20.00, 20.00, 'USD', 'INV-A', "
            + p
            + ", 'f'");
    put(
        spark,
        lake,
        Tables.INVOICES,
        period,
        "select 'openai' as provider, 'INV-O' as invoice_id, 'USD' as currency, 131.10 as total, 131.10 as total_reporting, "
            + p
            + " as billing_period, 'f' as x_Source"
            + " union all select 'aws', 'INV-A', 'USD', 20.00, 20.00, "
            + p
            + ", 'f'");
    put(
        spark,
        lake,
        Tables.CLASSIFICATION_DIFF,
        period,
        "select 'v1' as from_version, 'v2' as to_version, 'COGS' as from_category, 'RND' as to_category, 5.00 as amount, "
            + p
            + " as billing_period");
  }

  /**
   * Replaces the period's rows of a table with the columns {@code select} gives (nulls for the
   * rest).
   */
  public static void put(
      SparkSession spark, Lake lake, TableSpec table, String period, String select) {
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
    lake.replace(table, given.select(columns), col("billing_period").equalTo(period));
  }
}
