package io.cogslake.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 3: a budget source and gold.forecast_vs_actual, the closed month and the open one's
 * run rate.
 */
class ForecastVsActualTest extends SparkTestBase {
  @TempDir Path dir;

  /** A ledger line charged from {@code start} (inclusive) to {@code end} (exclusive). */
  private static String line(String id, String provider, String start, String end, String amount) {
    return io.cogslake.TestTables.ledgerLine(id, provider, "acct", start, end, amount);
  }

  /** A classified row of a line attributed directly (or an amortization charge, line null). */
  private static String classified(
      String lineId,
      String provider,
      String product,
      String feature,
      String team,
      String category,
      String amount,
      String period) {
    return "select null as pool_id, "
        + (lineId == null ? "null" : "'" + lineId + "'")
        + " as x_LedgerId, 'a' as customer,"
        + (product == null ? " null" : " '" + product + "'")
        + " as product,"
        + (feature == null ? " null" : " '" + feature + "'")
        + " as feature,"
        + " '"
        + team
        + "' as team, 'prod' as env, 'direct' as method, "
        + amount
        + " as amount, '"
        + provider
        + "' as x_Provider,"
        + " '"
        + category
        + "' as pnl_category, 'inference' as cost_component, true as is_ai,"
        + " '"
        + (lineId == null ? "amortization" : "r1")
        + "' as rule_id, '"
        + period
        + "' as billing_period";
  }

  /**
   * March 2025, closed, recognised cost by provider / product / feature / team / category: r1
   * openai assistant/chat core COGS 400.00 r2 openai assistant/summarize core COGS 150.00 r3 aws
   * assistant/chat platform COGS 250.00 r4 aws (no product) platform OPEX_GA 100.00 r5 openai
   * assistant/chat research CAPITALIZED 600.00 a capitalized original: charged over later months,
   * not here r6 openai assistant/chat research COGS 25.00 an amortization charge of an earlier
   * month's: counted The budget (file 1, then a revised file 2 that replaces the company's total):
   * total (every column empty) 900, revised 1000: actual 400 + 150 + 250 + 100 + 25 = 925 → -75,
   * -75 / 1000 = -7.5% provider ' OpenAI ' 500: actual 400 + 150 + 25 = 575 → +75, +15%
   * assistant/chat, COGS 700: actual 400 + 250 + 25 = 675 → -25, -25 / 700 = -3.5714% team platform
   * 400: actual 250 + 100 = 350 → -50, -12.5% provider anthropic 0: actual 0 → variance 0, no
   * percentage The month is complete (its lines cover every day): the projection is the month's own
   * total, so projected_month_end = actual, as of 2025-03-31. April 2025, open: openai's bill
   * covers days 1-10 (a line of 30.00 a day, 300.00, assistant/chat, core, COGS); customer a's
   * calls of days 11 and 12 (1,000 input tokens each at $1 per 1K) are estimated, 1.00 a day. As of
   * 04-12 (the last day with a cost or a call): provider openai 1000: actual 300 → -700, -70%; to
   * date 300 + 2 = 302 → 302 x 30 / 12 = 755.00, -245, -24.5% openai COGS 1000: actual 300; the
   * estimates are not classified yet: 300 x 30 / 12 = 750.00, -250, -25%
   */
  @Test
  void theBudgetAgainstTheRecognisedCostAndTheOpenMonthsRunRate() throws Exception {
    Path landing = Files.createDirectories(dir.resolve("budget"));
    Files.writeString(
        landing.resolve("budget-2025.csv"),
        String.join(
            "\n",
            "billing_period,provider,product,feature,team,pnl_category,amount,currency",
            "2025-03,,,,,,900,USD",
            "2025-03, OpenAI ,,,,,500.00,USD",
            "2025-03,,assistant,chat,,cogs,700,USD",
            "2025-03,,,,platform,,400,USD",
            "2025-03,anthropic,,,,,0,USD",
            "2025-04,openai,,,,,1000,USD",
            "2025-04,openai,,,,COGS,1000,USD",
            ""));
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"), new SourceConfig("plan", "budget", landing.toString()));
    config.prices =
        Files.writeString(
                dir.resolve("prices.csv"),
                "provider,model,token_type,price_per_million,currency,effective_from,effective_to\nopenai,m,input,1000,USD,2025-01-01,\n")
            .toString();
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    // finance revises the total: a later delivery of the same line replaces it, the file names only
    // what it changes
    Files.writeString(
        landing.resolve("budget-2025-03-revised.csv"),
        "billing_period,amount,currency\n2025-03,1000,USD\n");
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    assertEquals("7 1000", rowsText("select count(*), max(amount_reporting) from silver.budget"));

    List<String> lines = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    String[][] march = {
      {"r1", "openai", "assistant", "chat", "core", "COGS", "400.00"},
      {"r2", "openai", "assistant", "summarize", "core", "COGS", "150.00"},
      {"r3", "aws", "assistant", "chat", "platform", "COGS", "250.00"},
      {"r4", "aws", null, null, "platform", "OPEX_GA", "100.00"},
      {"r5", "openai", "assistant", "chat", "research", "CAPITALIZED", "600.00"}
    };
    for (String[] r : march) {
      lines.add(line(r[0], r[1], "2025-03-01", "2025-04-01", r[6]));
      rows.add(classified(r[0], r[1], r[2], r[3], r[4], r[5], r[6], "2025-03"));
    }
    rows.add(
        classified(null, "openai", "assistant", "chat", "research", "COGS", "25.00", "2025-03"));
    for (int day = 1; day <= 10; day++) {
      String date = String.format("2025-04-%02d", day);
      String next = String.format("2025-04-%02d", day + 1);
      lines.add(line("a" + day, "openai", date, next, "30.00"));
      rows.add(
          classified("a" + day, "openai", "assistant", "chat", "core", "COGS", "30.00", "2025-04"));
    }
    TestTables.put(spark, lake, Tables.LEDGER, String.join(" union all ", lines));
    TestTables.put(spark, lake, Tables.COST_CLASSIFIED, String.join(" union all ", rows));
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select concat('e', day) as event_id, make_date(2025, 4, day) as usage_date, 'openai' as provider, 'm' as model, 1000 as input_tokens,"
            + " 0 as output_tokens, 'a' as customer, 'u1' as user, 'assistant' as product, 'chat' as feature, 'prod' as env,"
            + " concat('t', day) as trace_id, 'primary' as step, '2025-04' as billing_period"
            + " from (select cast(id + 11 as int) as day from range(2))");
    TestLakes.run(lake, config, List.of("gold"), "2025-03", "2025-04");

    assertEquals(
        String.join(
            "\n",
            "2025-03 null null null null null 1000 925 -75 -7.5 2025-03-31 925 -75 -7.5",
            "2025-03 null null null platform null 400 350 -50 -12.5 2025-03-31 350 -50 -12.5",
            "2025-03 null assistant chat null COGS 700 675 -25 -3.5714 2025-03-31 675 -25 -3.5714",
            "2025-03 anthropic null null null null 0 0 0 null 2025-03-31 0 0 null",
            "2025-03 openai null null null null 500 575 75 15 2025-03-31 575 75 15",
            "2025-04 openai null null null COGS 1000 300 -700 -70 2025-04-12 750 -250 -25",
            "2025-04 openai null null null null 1000 300 -700 -70 2025-04-12 755 -245 -24.5"),
        rowsText(
            "select billing_period, provider, product, feature, team, pnl_category, budget, actual, variance, variance_pct,"
                + " as_of_date, projected_month_end, projected_variance, projected_variance_pct from gold.forecast_vs_actual"
                + " order by billing_period, provider nulls first, product nulls first, team nulls first, pnl_category nulls last"));
  }
}
