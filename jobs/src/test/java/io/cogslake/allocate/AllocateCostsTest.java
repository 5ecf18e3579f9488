package io.cogslake.allocate;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocateCostsTest extends SparkTestBase {
  @TempDir Path dir;
  Lake lake;
  CogsConfig config;

  @BeforeEach
  void lake() throws Exception {
    config = TestLakes.config(dir.resolve("lake"));
    // Output priced 4x input.
    config.prices =
        Files.writeString(
                dir.resolve("prices.csv"),
                "provider,model,token_type,price_per_million,currency,effective_from,effective_to\n"
                    + "openai,m,input,1,USD,2025-01-01,\nopenai,m,output,4,USD,2025-01-01,\n")
            .toString();
    lake = TestLakes.open(spark, config);
  }

  /** Allocated rows named by their ledger line: each line of these tests is alone in its pool. */
  private List<String> allocated(String where) {
    return spark
        .sql(
            "select coalesce(a.x_LedgerId, p.x_LedgerId), a.customer, a.method, a.amount from silver.cost_allocated a"
                + " left join silver.allocation_pools p on p.pool_id = a.pool_id where "
                + where
                + " order by 1, 2")
        .collectAsList()
        .stream()
        .map(
            r ->
                r.getString(0)
                    + " "
                    + r.getString(1)
                    + " "
                    + r.getString(2)
                    + " "
                    + r.getDecimal(3).toPlainString())
        .toList();
  }

  @Test
  void twoCustomersShareOneLineByCostWeightedTokens() {
    // A used 1M input and 100k output tokens, B 100k input and 1M output.
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select 'a1' as event_id, date'2025-05-03' as usage_date, 'openai' as provider, 'm' as model, 1000000 as input_tokens, 100000 as output_tokens,"
            + " 'A' as customer, '2025-05' as billing_period union all"
            + " select 'b1', date'2025-05-03', 'openai', 'm', 100000, 1000000, 'B', '2025-05'");
    // One line for all of the model's tokens that day, and two lines with a token type each.
    TestTables.put(
        spark,
        lake,
        Tables.LEDGER,
        "select 'all' as x_LedgerId, 'openai' as x_Provider, 'm' as x_Model, cast(null as string) as x_TokenType, timestamp'2025-05-03 00:00:00' as ChargePeriodStart,"
            + " 10.00 as x_EffectiveCostReporting, 'Usage' as ChargeCategory, '2025-05' as billing_period union all"
            + " select 'in', 'openai', 'm', 'input', timestamp'2025-05-03 00:00:00', 1.10, 'Usage', '2025-05' union all"
            + " select 'out', 'openai', 'm', 'output', timestamp'2025-05-03 00:00:00', 4.40, 'Usage', '2025-05' union all"
            + " select 'tax', 'openai', cast(null as string), cast(null as string), timestamp'2025-05-01 00:00:00', 1.55, 'Tax', '2025-05' union all"
            + " select 'other-day', 'openai', 'm', 'input', timestamp'2025-05-04 00:00:00', 3.00, 'Usage', '2025-05'");
    TestLakes.run(lake, config, List.of("allocate"), "2025-05");

    // Weights 1.4M vs 4.1M: 10 x 1.4 / 5.5 = 2.54545454545..., the last unit to the larger
    // remainder.
    assertEquals(
        List.of(
            "all A usage 2.5454545455",
            "all B usage 7.4545454545",
            "in A usage 1.0000000000",
            "in B usage 0.1000000000",
            "other-day unallocated unallocated 3.0000000000",
            "out A usage 0.4000000000",
            "out B usage 4.0000000000",
            // Tax follows the allocated cost of the provider: A 3.9454545455 of 15.5.
            "tax A proportional 0.3945454546",
            "tax B proportional 1.1554545454"),
        allocated("true"));
  }

  @Test
  void everyLineAddsUpToItsAmountForEveryMethodWithAndWithoutDrivers() throws Exception {
    // 300 lines of every kind and 200 usage events, drawn from seeded hashes so the run is
    // repeatable;
    // amounts of 7 to 10 decimals, some negative (credits), days 21-28 without usage (unallocated).
    TestTables.put(
        spark,
        lake,
        Tables.LEDGER,
        "select concat('l', id) as x_LedgerId, 'openai' as x_Provider,"
            + " if(kind = 'model', 'm', null) as x_Model,"
            + " if(kind = 'model' and pmod(hash(id, 2), 2) = 0, 'output', null) as x_TokenType,"
            + " if(kind = 'tagged', concat('T', pmod(hash(id, 3), 3)), null) as x_Customer,"
            + " kind as x_Workload,"
            + " timestamp_seconds(unix_seconds(timestamp'2025-06-01 00:00:00') + 86400 * pmod(hash(id, 4), 28)) as ChargePeriodStart,"
            + " if(kind = 'tax', 'Tax', 'Usage') as ChargeCategory,"
            + " cast((pmod(hash(id, 5), 2000000000) - 100000000) / power(10, 10 - 3 * pmod(hash(id, 6), 4)) as decimal(38, 10)) as x_EffectiveCostReporting,"
            + " '2025-06' as billing_period"
            + " from (select id, element_at(array('model', 'tagged', 'metric', 'fixed', 'even', 'tax', 'none'), 1 + pmod(hash(id, 1), 7)) as kind"
            + "       from range(300))");
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select concat('e', id) as event_id, date_add(date'2025-06-01', pmod(hash(id, 7), 20)) as usage_date, 'openai' as provider, 'm' as model,"
            + " pmod(hash(id, 8), 5000) as input_tokens, pmod(hash(id, 9), 3000) as output_tokens,"
            + " concat('C', pmod(hash(id, 10), 7)) as customer, '2025-06' as billing_period from range(200)");
    TestTables.put(
        spark,
        lake,
        Tables.USAGE_METRICS,
        "select date'2025-06-02' as usage_date, 'vector_queries' as metric, 12.5 as quantity, 'C1' as customer, '2025-06' as billing_period"
            + " union all select date'2025-06-02', 'vector_queries', 7, 'C2', '2025-06'");
    config = TestLakes.config(dir.resolve("lake"));
    config.prices = dir.resolve("prices.csv").toString();
    config.allocation.rules =
        new io.cogslake.config.ConfigLoader(k -> null)
            .parse(
                Files.readString(
                    TestLakes.copyFixture("allocation/rules.yaml", dir.resolve("rules.yaml"))),
                dir,
                "rules.yaml")
            .allocation
            .rules;
    TestLakes.run(lake, config, List.of("allocate"), "2025-06");

    // Every ledger line is in allocation_pools exactly once with its amount ...
    assertEquals(
        List.of(),
        rowsOf(
            "select l.x_LedgerId, l.x_EffectiveCostReporting, p.amount, p.n from silver.ledger l"
                + " left join (select x_LedgerId, sum(amount) as amount, count(*) as n from silver.allocation_pools group by 1) p using (x_LedgerId)"
                + " where p.n is null or p.n <> 1 or p.amount <> l.x_EffectiveCostReporting"));
    // ... and each pool's parts (or a direct line's) add up to its lines to the last unit.
    assertEquals(
        List.of(),
        rowsOf(
            "with unit as (select coalesce(pool_id, x_LedgerId) as unit, sum(amount) as amount from silver.allocation_pools group by 1),"
                + " parts as (select coalesce(pool_id, x_LedgerId) as unit, sum(amount) as amount from silver.cost_allocated group by 1)"
                + " select * from unit full join parts using (unit) where unit.amount is null or parts.amount is null or unit.amount <> parts.amount"));
    assertEquals(
        spark.sql("select sum(x_EffectiveCostReporting) from silver.ledger").first().getDecimal(0),
        spark.sql("select sum(amount) from silver.cost_allocated").first().getDecimal(0));
    // Every method was exercised, and the lines without drivers are visible as unallocated.
    assertEquals(
        "direct even fixed proportional unallocated usage",
        spark
            .sql(
                "select concat_ws(' ', array_sort(collect_set(method))) from silver.cost_allocated")
            .first()
            .getString(0));
  }

  @Test
  void linesOfOnePoolAreSplitOnceAndDrillDownThroughThePool() {
    // A used 3M input tokens of model m on May 3rd, B 1M.
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select 'a1' as event_id, date'2025-05-03' as usage_date, 'openai' as provider, 'm' as model, 3000000 as input_tokens, 0 as output_tokens,"
            + " 'A' as customer, '2025-05' as billing_period union all"
            + " select 'b1', date'2025-05-03', 'openai', 'm', 1000000, 0, 'B', '2025-05'");
    // Two input lines of the model that day (3.00 + 1.00: one pool of 4.00) and 1,000 tax lines of
    // 0.01
    // (one pool of 10.00).
    TestTables.put(
        spark,
        lake,
        Tables.LEDGER,
        "select 'in-1' as x_LedgerId, 'openai' as x_Provider, 'm' as x_Model, 'input' as x_TokenType, timestamp'2025-05-03 00:00:00' as ChargePeriodStart,"
            + " 3.00 as x_EffectiveCostReporting, 'Usage' as ChargeCategory, '2025-05' as billing_period union all"
            + " select 'in-2', 'openai', 'm', 'input', timestamp'2025-05-03 00:00:00', 1.00, 'Usage', '2025-05' union all"
            + " select concat('tax-', id), 'openai', null, null, timestamp'2025-05-01 00:00:00', 0.01, 'Tax', '2025-05' from range(1000)");
    TestLakes.run(lake, config, List.of("allocate"), "2025-05");

    // Model pool 4.00 by tokens 3:1 -> A 3.00, B 1.00; tax pool 10.00 like that cost -> A 7.50, B
    // 2.50.
    // Four rows, not (2 + 1,000 lines) x 2 customers.
    assertEquals(
        List.of(
            "model_tokens A usage 3.0000000000 2",
            "model_tokens B usage 1.0000000000 2",
            "shared_charges A proportional 7.5000000000 1000",
            "shared_charges B proportional 2.5000000000 1000"),
        rowsOf(
            "select concat_ws(' ', a.allocation_rule_id, a.customer, a.method, a.amount, p.lines) from silver.cost_allocated a"
                + " join (select pool_id, count(*) as lines from silver.allocation_pools group by 1) p using (pool_id) order by 1"));
    // Drill-down: B's tax reaches its 1,000 ledger lines through the pool, at B's share (0.25) of
    // each.
    assertEquals(
        List.of("1000 2.5000000000"),
        rowsOf(
            "select concat_ws(' ', count(*), cast(sum(p.amount * a.share) as decimal(38, 10))) from silver.cost_allocated a"
                + " join silver.allocation_pools p on p.pool_id = a.pool_id join silver.ledger l on l.x_LedgerId = p.x_LedgerId"
                + " where a.customer = 'B' and a.method = 'proportional'"));
  }

  @Test
  void aGpuNodePoolIsSplitByTheTokensOfTheModelsItServes() throws Exception {
    // May 3rd: self-hosted llama-3.3-70b calls, A 200,000 input + 100,000 output tokens, B 60,000 +
    // 40,000:
    // 300,000 : 100,000 = 3 : 1. B's call of another self-hosted model and its OpenAI call do not
    // count.
    // No self-hosted call on May 4th. No price for self_hosted: the split is by tokens alone.
    TestTables.put(
        spark,
        lake,
        Tables.USAGE,
        "select 'a1' as event_id, date'2025-05-03' as usage_date, 'self_hosted' as provider, 'llama-3.3-70b' as model,"
            + " 200000 as input_tokens, 100000 as output_tokens, 'A' as customer, 'prod' as env, '2025-05' as billing_period union all"
            + " select 'b1', date'2025-05-03', 'self_hosted', 'llama-3.3-70b', 60000, 40000, 'B', 'prod', '2025-05' union all"
            + " select 'b2', date'2025-05-03', 'self_hosted', 'qwen-2.5-7b', 5000000, 0, 'B', 'prod', '2025-05' union all"
            + " select 'b3', date'2025-05-03', 'openai', 'm', 9000000, 0, 'B', 'prod', '2025-05'");
    // The GPU node pool's AWS lines name no model: 100.00 on May 3rd (two nodes, 60.00 + 40.00) and
    // 40.00 on May 4th.
    TestTables.put(
        spark,
        lake,
        Tables.LEDGER,
        "select 'gpu-1' as x_LedgerId, 'aws' as x_Provider, cast(null as string) as x_Model, 'arn:aws:ec2:node/gpu-pool-a' as ResourceId,"
            + " 'inference' as x_Workload, 'prod' as x_Env, timestamp'2025-05-03 00:00:00' as ChargePeriodStart,"
            + " 60.00 as x_EffectiveCostReporting, 'Usage' as ChargeCategory, '2025-05' as billing_period union all"
            + " select 'gpu-2', 'aws', null, 'arn:aws:ec2:node/gpu-pool-b', 'inference', 'prod', timestamp'2025-05-03 00:00:00', 40.00, 'Usage', '2025-05' union all"
            + " select 'gpu-3', 'aws', null, 'arn:aws:ec2:node/gpu-pool-a', 'inference', 'prod', timestamp'2025-05-04 00:00:00', 40.00, 'Usage', '2025-05'");
    config.allocation.rules =
        rules(
            "{id: gpu_pool, method: usage, driver: tokens, serves: {provider: self_hosted, models: [llama-3.3-70b]},"
                + " where: \"ResourceId like '%gpu-pool%'\"}");
    TestLakes.run(lake, config, List.of("allocate", "classify"), "2025-05");

    // 100.00 x 3/4 = 75.00 to A, x 1/4 = 25.00 to B, as inference of the model served: AI COGS. May
    // 4th's
    // 40.00 has no self-hosted call: unallocated, production inference infrastructure (AI COGS as
    // well).
    assertEquals(
        List.of(
            "A usage llama-3.3-70b 75.0000000000 COGS inference true",
            "B usage llama-3.3-70b 25.0000000000 COGS inference true",
            "unallocated unallocated null 40.0000000000 COGS infrastructure true"),
        rowsOf(
            "select concat_ws(' ', customer, method, coalesce(x_Model, 'null'), amount, pnl_category, cost_component, is_ai)"
                + " from silver.cost_classified where allocation_rule_id = 'gpu_pool' order by customer"));
    // Both nodes of May 3rd are one pool: the split is done once for it, not per line.
    assertEquals(
        List.of("2 100.00"),
        rowsOf(
            "select concat_ws(' ', count(*), cast(sum(amount) as decimal(10, 2))) from silver.allocation_pools"
                + " where pool_id in (select pool_id from silver.cost_allocated where customer = 'A')"));
  }

  @Test
  void aRuleThatServesModelsNeedsAUsageDriverAndModels() {
    var badMethod =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.cogslake.errors.CogsException.class,
            () ->
                AllocationRules.of(
                    rules(
                        "{id: gpu, method: even, serves: {provider: self_hosted, models: [m]}}")));
    assertEquals(
        "Allocation rule gpu: serves needs method usage with driver tokens or requests",
        badMethod.getMessage());
    var noModels =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.cogslake.errors.CogsException.class,
            () ->
                AllocationRules.of(
                    rules(
                        "{id: gpu, method: usage, driver: tokens, serves: {provider: self_hosted}}")));
    assertEquals(
        "Allocation rule gpu: serves needs a provider and at least one model (serves: {provider: self_hosted, models: [...]})",
        noModels.getMessage());
  }

  /**
   * Allocation rules from YAML flow mappings, one per rule, as a configuration file would give
   * them.
   */
  private List<CogsConfig.AllocationRuleConfig> rules(String... rules) {
    StringBuilder yaml = new StringBuilder("lake: unused\nallocation:\n  rules:\n");
    for (String rule : rules) {
      yaml.append("    - ").append(rule).append('\n');
    }
    return new io.cogslake.config.ConfigLoader(k -> null)
        .parse(yaml.toString(), dir, "rules.yaml")
        .allocation
        .rules;
  }

  private List<String> rowsOf(String sql) {
    return spark.sql(sql).collectAsList().stream()
        .map(r -> r.size() == 1 ? String.valueOf(r.get(0)) : r.toString())
        .collect(Collectors.toList());
  }
}
