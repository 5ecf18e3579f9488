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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16 item 5: cost per user by tenure (gold.user_tenure), a cohort per first month seen. */
class UserTenureTest extends SparkTestBase {
  @TempDir Path dir;

  /**
   * Input costs $1 per 1K tokens (1,000 per million), and each month's usage COGS is what its calls
   * are priced at, so a call's cost is its tokens / 1,000. Cohort 2025-01: u1 makes one request a
   * month, u2 two; each request's prompt grows as the context does, 1,000 → 1,100 → 1,250 → 1,400 →
   * 1,600 → 1,800 → 2,000 tokens over 2025-01 .. 2025-07. 2025-01 (0 months since): u1 1.00, u2
   * 2.00 → mean 1.50, p50 (rank ceil(0.5 x 2) = 1) 1.00, p90 (rank 2) 2.00; 3 requests of 1,000
   * tokens → 1,000 tokens per interaction, 1.5 interactions per user. 2025-07 (6 months since): u1
   * 2.00, u2 4.00 → mean 3.00, twice the first month's; 2,000 tokens per interaction. Means: 1.50,
   * 1.65, 1.875, 2.10, 2.40, 2.70, 3.00. Cohort 2025-04: u3 joins in April, one request of 1,000
   * tokens a month: mean 1.00 at 0 .. 3 months since. Customer d's user u1 is another user (a user
   * is a customer's user), first seen 2025-07: cohort 2025-07.
   */
  @Test
  void aCohortWhoseContextGrowsCostsTwiceAsMuchPerUserSixMonthsOn() throws Exception {
    CogsConfig config = TestLakes.config(dir.resolve("lake"));
    config.prices =
        Files.writeString(
                dir.resolve("prices.csv"),
                "provider,model,token_type,price_per_million,currency,effective_from,effective_to\n"
                    + "openai,m,input,1000,USD,2025-01-01,\nopenai,m,output,1000,USD,2025-01-01,\n")
            .toString();
    Lake lake = TestLakes.open(spark, config);
    String months =
        "select * from values (1, 1000), (2, 1100), (3, 1250), (4, 1400), (5, 1600), (6, 1800), (7, 2000) as m(month, tokens)";
    String requests =
        "select concat('2025-0', month) as billing_period, make_date(2025, month, 10) as usage_date, customer, user, request, tokens"
            + " from ("
            + months
            + ")"
            + " join (select * from values ('c', 'u1', 1), ('c', 'u2', 1), ('c', 'u2', 2), ('c', 'u3', 1), ('d', 'u1', 1) as r(customer, user, request))"
            + " on (user <> 'u3' or month >= 4) and (customer <> 'd' or month = 7)";
    String calls =
        "select concat(customer, '-', user, '-', request, '-', billing_period) as event_id, usage_date, 'openai' as provider, 'm' as model,"
            + " case when user = 'u3' or customer = 'd' then 1000 else tokens end as input_tokens, 0 as output_tokens, customer, user,"
            + " 'assistant' as product, 'chat' as feature, 'prod' as env, concat(customer, '-', user, '-', request, '-', billing_period) as trace_id,"
            + " 'primary' as step, billing_period from ("
            + requests
            + ")";
    TestTables.put(spark, lake, Tables.USAGE, calls);
    TestTables.put(
        spark,
        lake,
        Tables.COST_CLASSIFIED,
        "select customer, 'assistant' as product, 'chat' as feature, 'prod' as env, 'usage' as method, 'openai' as x_Provider, 'm' as x_Model,"
            + " sum(input_tokens) / 1000 as amount, 'COGS' as pnl_category, 'inference' as cost_component, true as is_ai, billing_period"
            + " from ("
            + calls
            + ") group by customer, billing_period");
    TestLakes.run(
        lake,
        config,
        List.of("gold"),
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
        "2025-07");

    assertEquals(
        String.join(
            "\n",
            "2025-01 2025-01 0 2 1.5 1 2 1000 1.5",
            "2025-02 2025-01 1 2 1.65 1.1 2.2 1100 1.5",
            "2025-03 2025-01 2 2 1.875 1.25 2.5 1250 1.5",
            "2025-04 2025-01 3 2 2.1 1.4 2.8 1400 1.5",
            "2025-05 2025-01 4 2 2.4 1.6 3.2 1600 1.5",
            "2025-06 2025-01 5 2 2.7 1.8 3.6 1800 1.5",
            "2025-07 2025-01 6 2 3 2 4 2000 1.5",
            "2025-04 2025-04 0 1 1 1 1 1000 1",
            "2025-05 2025-04 1 1 1 1 1 1000 1",
            "2025-06 2025-04 2 1 1 1 1 1000 1",
            "2025-07 2025-04 3 1 1 1 1 1000 1",
            "2025-07 2025-07 0 1 1 1 1 1000 1"),
        rowsText(
            "select billing_period, cohort, months_since, users, mean_cost_per_user, p50_cost_per_user, p90_cost_per_user,"
                + " tokens_per_interaction, interactions_per_user from gold.user_tenure order by cohort, billing_period"));

    // The month-end pack of 2025-07 draws each cohort's curve and lists its points
    Path conf =
        Files.writeString(dir.resolve("report.yaml"), "lake: " + dir.resolve("lake") + "\n");
    Path out = dir.resolve("pack");
    assertEquals(
        0,
        io.cogslake.cli.CogsCli.execute(
            "report", "--conf", conf.toString(), "--period", "2025-07", "--out", out.toString()));
    String page = Files.readString(out.resolve("cogs-month-end-2025-07.html"));
    org.junit.jupiter.api.Assertions.assertTrue(page.contains("Cost per user by tenure"), page);
    org.junit.jupiter.api.Assertions.assertTrue(
        Files.size(out.resolve("cogs-month-end-2025-07-charts").resolve("user_tenure.png")) > 1000);
  }
}
