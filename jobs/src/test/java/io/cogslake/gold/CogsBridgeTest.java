package io.cogslake.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.TestTables;
import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16 item 4: gold.cogs_bridge, why COGS moved from one month to the next. */
class CogsBridgeTest extends SparkTestBase {
  @TempDir Path dir;

  /** A ledger line of openai's covering a whole period. */
  private static String line(String id, String period, String amount) {
    String start = period + "-01";
    String end = java.time.LocalDate.parse(start).plusMonths(1).toString();
    return io.cogslake.TestTables.ledgerLine(id, "openai", "acct", start, end, amount);
  }

  /**
   * A COGS row of line {@code id}: allocated by usage on a model's calls, or (model null) hosting
   * attributed directly.
   */
  private static String cogs(
      String id, String period, String feature, String model, String amount) {
    return "select null as pool_id, '"
        + id
        + "' as x_LedgerId, 'c1' as customer, 'assistant' as product, '"
        + feature
        + "' as feature,"
        + " 'core' as team, 'prod' as env, '"
        + (model == null ? "direct" : "usage")
        + "' as method, "
        + amount
        + " as amount,"
        + " 'openai' as x_Provider, "
        + (model == null ? "null" : "'" + model + "'")
        + " as x_Model, 'COGS' as pnl_category,"
        + " '"
        + (model == null ? "hosting" : "inference")
        + "' as cost_component, "
        + (model != null)
        + " as is_ai, 'r1' as rule_id,"
        + " '"
        + period
        + "' as billing_period";
  }

  /**
   * {@code actions} traces of a feature, each with one call on {@code model} of the given input and
   * output tokens.
   */
  private static String calls(
      String period, String feature, String model, int actions, int input, int output) {
    return "select concat('"
        + period
        + feature
        + model
        + "-', id) as event_id, date'"
        + period
        + "-10' as usage_date,"
        + " concat('"
        + period
        + feature
        + "-', id) as trace_id, 'primary' as step, 'openai' as provider, '"
        + model
        + "' as model,"
        + " "
        + input
        + " as input_tokens, "
        + output
        + " as output_tokens, 'c1' as customer, 'u1' as user, 'assistant' as product,"
        + " '"
        + feature
        + "' as feature, 'core' as team, 'prod' as env, '"
        + period
        + "' as billing_period from range("
        + actions
        + ")";
  }

  /**
   * The seeds' "falling prices are not falling costs". assistant/chat, every action one call on
   * model A and one on model B: January: 1,000 actions; A 1,500 tokens a call (1,000 in + 500 out)
   * = 1,500,000 tokens, $15.00 ($10 per 1M); B 500 a call = 500,000 tokens, $0.50 ($1 per 1M);
   * hosting $4.50. COGS 20.00; on calls C0 = 15.50, T0 = 2,000,000, 2,000 tokens per action.
   * February: 1,200 actions (+20%); A 2,500 a call = 3,000,000 tokens at a price cut to $6 per 1M =
   * $18.00; B 500 = 600,000 tokens, $0.60; 3,000 tokens per action (+50%); hosting $5.00, and $0.25
   * of model C's cost with no calls of C (cost not on token-priced calls). COGS 23.85, C1 = 18.60.
   * Change +3.85. volume = 15.50 x 1,200 / 1,000 = 18.60 - 15.50 = +3.10 intensity = 15.50 x
   * 3,600,000 / 2,000,000 = 27.90 - 18.60 = +9.30 mix = (3,000,000 x 10 + 600,000 x 1) / 1M = 30.60
   * - 27.90 = +2.70 (A's share 75% -> 83.3%) price = 18.60 - 30.60 = -12.00 (A 40% cheaper) other =
   * (23.85 - 18.60) - (20.00 - 15.50) = 5.25 - 4.50 = +0.75 3.10 + 9.30 + 2.70 - 12.00 + 0.75 =
   * 3.85 = 23.85 - 20.00: the price fell 40% and COGS rose 19%. assistant/summarize is new in
   * February (100 actions on B, 1,000 tokens each, $0.10): all volume. January against December
   * (nothing): its 15.50 on calls is volume, hosting 4.50 other.
   */
  @Test
  void thePriceFellTokensPerActionRoseAndTheEffectsAddUpToTheChange() throws Exception {
    CogsConfig config = TestLakes.config(dir.resolve("lake"));
    Lake lake = TestLakes.open(spark, config);
    String[][] rows = {
      {"j1", "2025-01", "chat", "A", "15.00"},
      {"j2", "2025-01", "chat", "B", "0.50"},
      {"j3", "2025-01", "chat", null, "4.50"},
      {"f1", "2025-02", "chat", "A", "18.00"},
      {"f2", "2025-02", "chat", "B", "0.60"},
      {"f3", "2025-02", "chat", null, "5.00"},
      {"f4", "2025-02", "chat", "C", "0.25"},
      {"f5", "2025-02", "summarize", "B", "0.10"}
    };
    List<String> lines = new ArrayList<>();
    List<String> classified = new ArrayList<>();
    for (String[] r : rows) {
      lines.add(line(r[0], r[1], r[4]));
      classified.add(cogs(r[0], r[1], r[2], r[3], r[4]));
    }
    TestTables.put(spark, lake, Tables.LEDGER, String.join(" union all ", lines));
    TestTables.put(spark, lake, Tables.COST_CLASSIFIED, String.join(" union all ", classified));
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        String.join(
            " union all ",
            calls("2025-01", "chat", "A", 1000, 1000, 500),
            calls("2025-01", "chat", "B", 1000, 500, 0),
            calls("2025-02", "chat", "A", 1200, 2000, 500),
            calls("2025-02", "chat", "B", 1200, 500, 0),
            calls("2025-02", "summarize", "B", 100, 1000, 0)));
    TestLakes.run(lake, config, List.of("gold"), "2025-01", "2025-02");

    String bridge =
        "select billing_period, previous_period, product, feature, previous_cogs, cogs, volume_effect, intensity_effect,"
            + " price_effect, mix_effect, other_change, previous_actions, actions, previous_tokens, tokens from gold.cogs_bridge order by 1, 3, 4";
    String expected =
        String.join(
            "\n",
            "2025-01 2024-12 assistant chat 0 20 15.5 0 0 0 4.5 0 1000 0 2000000",
            "2025-02 2025-01 assistant chat 20 23.85 3.1 9.3 -12 2.7 0.75 1000 1200 2000000 3600000",
            "2025-02 2025-01 assistant summarize 0 0.1 0.1 0 0 0 0 0 100 0 100000");
    assertEquals(expected, rowsText(bridge));
    // February rebuilt alone reads January from the lake: the same bridge
    TestLakes.run(lake, config, List.of("gold"), "2025-02");
    assertEquals(expected, rowsText(bridge));
  }
}
