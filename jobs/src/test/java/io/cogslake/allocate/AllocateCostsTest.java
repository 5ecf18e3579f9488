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
    config.prices = Files.writeString(dir.resolve("prices.csv"),
        "provider,model,token_type,price_per_million,currency,effective_from,effective_to\n"
            + "openai,m,input,1,USD,2025-01-01,\nopenai,m,output,4,USD,2025-01-01,\n").toString();
    lake = TestLakes.open(spark, config);
  }

  private List<String> allocated(String where) {
    return spark.sql("select x_LedgerId, customer, method, amount from silver.cost_allocated where " + where + " order by 1, 2")
        .collectAsList().stream().map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2) + " " + r.getDecimal(3).toPlainString())
        .toList();
  }

  @Test
  void twoCustomersShareOneLineByCostWeightedTokens() {
    // A used 1M input and 100k output tokens, B 100k input and 1M output.
    TestTables.put(spark, lake, Tables.USAGE,
        "select 'a1' as event_id, date'2025-05-03' as usage_date, 'openai' as provider, 'm' as model, 1000000 as input_tokens, 100000 as output_tokens,"
            + " 'A' as customer, '2025-05' as billing_period union all"
            + " select 'b1', date'2025-05-03', 'openai', 'm', 100000, 1000000, 'B', '2025-05'");
    // One line for all of the model's tokens that day, and two lines with a token type each.
    TestTables.put(spark, lake, Tables.LEDGER,
        "select 'all' as x_LedgerId, 'openai' as x_Provider, 'm' as x_Model, cast(null as string) as x_TokenType, timestamp'2025-05-03 00:00:00' as ChargePeriodStart,"
            + " 10.00 as x_EffectiveCostReporting, 'Usage' as ChargeCategory, '2025-05' as billing_period union all"
            + " select 'in', 'openai', 'm', 'input', timestamp'2025-05-03 00:00:00', 1.10, 'Usage', '2025-05' union all"
            + " select 'out', 'openai', 'm', 'output', timestamp'2025-05-03 00:00:00', 4.40, 'Usage', '2025-05' union all"
            + " select 'tax', 'openai', cast(null as string), cast(null as string), timestamp'2025-05-01 00:00:00', 1.55, 'Tax', '2025-05' union all"
            + " select 'other-day', 'openai', 'm', 'input', timestamp'2025-05-04 00:00:00', 3.00, 'Usage', '2025-05'");
    TestLakes.run(lake, config, List.of("allocate"), "2025-05");

    // Weights 1.4M vs 4.1M: 10 x 1.4 / 5.5 = 2.54545454545..., the last unit to the larger remainder.
    assertEquals(
        List.of(
            "all A usage 2.5454545455", "all B usage 7.4545454545",
            "in A usage 1.0000000000", "in B usage 0.1000000000",
            "other-day unallocated unallocated 3.0000000000",
            "out A usage 0.4000000000", "out B usage 4.0000000000",
            // Tax follows the allocated cost of the provider: A 3.9454545455 of 15.5.
            "tax A proportional 0.3945454546", "tax B proportional 1.1554545454"),
        allocated("true"));
  }

  @Test
  void everyLineAddsUpToItsAmountForEveryMethodWithAndWithoutDrivers() throws Exception {
    // 300 lines of every kind and 200 usage events, drawn from seeded hashes so the run is repeatable;
    // amounts of 7 to 10 decimals, some negative (credits), days 21-28 without usage (unallocated).
    TestTables.put(spark, lake, Tables.LEDGER,
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
    TestTables.put(spark, lake, Tables.USAGE,
        "select concat('e', id) as event_id, date_add(date'2025-06-01', pmod(hash(id, 7), 20)) as usage_date, 'openai' as provider, 'm' as model,"
            + " pmod(hash(id, 8), 5000) as input_tokens, pmod(hash(id, 9), 3000) as output_tokens,"
            + " concat('C', pmod(hash(id, 10), 7)) as customer, '2025-06' as billing_period from range(200)");
    TestTables.put(spark, lake, Tables.USAGE_METRICS,
        "select date'2025-06-02' as usage_date, 'vector_queries' as metric, 12.5 as quantity, 'C1' as customer, '2025-06' as billing_period"
            + " union all select date'2025-06-02', 'vector_queries', 7, 'C2', '2025-06'");
    config = TestLakes.config(dir.resolve("lake"));
    config.prices = dir.resolve("prices.csv").toString();
    config.allocation.rules = new io.cogslake.config.ConfigLoader(k -> null)
        .parse(Files.readString(TestLakes.copyFixture("allocation/rules.yaml", dir.resolve("rules.yaml"))), dir, "rules.yaml")
        .allocation.rules;
    TestLakes.run(lake, config, List.of("allocate"), "2025-06");

    List<String> mismatches =
        spark.sql(
                "select l.x_LedgerId, l.x_EffectiveCostReporting, a.total from silver.ledger l"
                    + " left join (select x_LedgerId, sum(amount) as total from silver.cost_allocated group by 1) a using (x_LedgerId)"
                    + " where a.total is null or a.total <> l.x_EffectiveCostReporting")
            .collectAsList().stream().map(Object::toString).collect(Collectors.toList());
    assertEquals(List.of(), mismatches);
    assertEquals(
        spark.sql("select sum(x_EffectiveCostReporting) from silver.ledger").first().getDecimal(0),
        spark.sql("select sum(amount) from silver.cost_allocated").first().getDecimal(0));
    // Every method was exercised, and the lines without drivers are visible as unallocated.
    assertEquals(
        "direct even fixed proportional unallocated usage",
        spark.sql("select concat_ws(' ', array_sort(collect_set(method))) from silver.cost_allocated").first().getString(0));
  }
}
