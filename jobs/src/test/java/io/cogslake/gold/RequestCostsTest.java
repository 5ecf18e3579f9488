package io.cogslake.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * silver.request_costs counts each call once, whatever the price book's periods per token type;
 * cost per request means the same in gold.customer_economics and gold.feature_economics.
 */
class RequestCostsTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void aMidMonthPriceChangeOfOneTokenTypePricesEachCallOnce() throws Exception {
    CogsConfig config = TestLakes.config(dir.resolve("lake"));
    // Input falls from $10 to $5 per million on April 15th; output stays $20 (one open range).
    config.prices =
        Files.writeString(
                dir.resolve("prices.csv"),
                "provider,model,token_type,price_per_million,currency,effective_from,effective_to\n"
                    + "openai,m,input,10,USD,2025-01-01,2025-04-14\nopenai,m,input,5,USD,2025-04-15,\nopenai,m,output,20,USD,2025-01-01,\n")
            .toString();
    Lake lake = TestLakes.open(spark, config);
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select event_id, usage_date, 'openai' as provider, 'm' as model, 1000 as input_tokens, 1000 as output_tokens, 'c' as customer,"
            + " 'u' as user, 'assistant' as product, 'chat' as feature, 'prod' as env, event_id as trace_id, 'primary' as step, '2025-04' as billing_period"
            + " from values ('before', date'2025-04-10'), ('after', date'2025-04-20') as t(event_id, usage_date)");
    TestTables.put(
        spark,
        lake,
        Tables.COST_CLASSIFIED,
        "select 'c' as customer, 'assistant' as product, 'chat' as feature, 'prod' as env, 'usage' as method, 'openai' as x_Provider, 'm' as x_Model,"
            + " 5.50 as amount, 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai, '2025-04' as billing_period"
            // the feature's hosting, spread in proportion: COGS, but no model call's own cost
            + " union all select 'c', 'assistant', 'chat', 'prod', 'proportional', 'aws', null, 1.50, 'COGS', 'infrastructure', false, '2025-04'");
    TestLakes.run(lake, config, List.of("gold"), "2025-04");

    // before: 1,000 x $10 + 1,000 x $20 per million = 0.030; after: 1,000 x $5 + 1,000 x $20 =
    // 0.025.
    // The group's 5.50 split 0.030 : 0.025 -> 3.00 and 2.50; two calls, not four.
    assertEquals(
        List.of("after 0.025 2.5", "before 0.03 3"),
        spark
            .sql("select event_id, priced_cost, cost from silver.request_costs order by 1")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.getString(0)
                        + " "
                        + r.getDecimal(1).stripTrailingZeros().toPlainString()
                        + " "
                        + r.getDecimal(2).stripTrailingZeros().toPlainString())
            .collect(Collectors.toList()));
    // One definition of cost per request in both tables (issue 13 item 7): all COGS, 5.50 + 1.50 =
    // 7.00,
    // over the 2 calls = 3.50; the calls' own cost 5.50 / 2 = 2.75 is model_cost_per_request, and
    // the
    // nearest-rank percentiles are of that cost: p50 = rank ceil(0.5 x 2) = 1 -> 2.50, p99 = rank 2
    // -> 3.00.
    assertEquals(
        "assistant chat 2 7 3.5 5.5 2.75 2.5 3",
        rowsText(
            "select product, feature, requests, cogs, cost_per_request, model_cogs, model_cost_per_request,"
                + " p50_cost_per_request, p99_cost_per_request from gold.feature_economics"));
    assertEquals(
        "c 2 7 3.5 2.75",
        rowsText(
            "select customer, requests, cogs, cost_per_request, model_cost_per_request from gold.customer_economics"));
  }
}
