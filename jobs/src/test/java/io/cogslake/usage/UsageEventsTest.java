package io.cogslake.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cogslake.SparkTestBase;
import io.cogslake.TestLakes;
import io.cogslake.config.CogsConfig;
import io.cogslake.config.SourceConfig;
import io.cogslake.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's own usage: events into silver.usage once each, malformed ones quarantined; usage
 * metrics.
 */
class UsageEventsTest extends SparkTestBase {
  private static final String COLUMNS =
      "event_id, event_time, usage_date, trace_id, step, provider, provider_raw, model, model_raw, operation, input_tokens,"
          + " output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, provider_account, customer, `user`, product,"
          + " feature, team, env, x_SourceRow, billing_period";

  @TempDir Path dir;

  private Path landing(String folder, String fixture, String... names) {
    Path target = dir.resolve("landing").resolve(folder);
    for (String name : names) {
      TestLakes.copyFixture("usage_events/" + fixture, target.resolve(name));
    }
    return target;
  }

  private static String totals(String where) {
    return spark
        .sql(
            "select count(*), count(distinct event_id), sum(input_tokens), sum(output_tokens) from silver.usage where "
                + where)
        .collectAsList()
        .stream()
        .map(
            r ->
                r.getLong(0)
                    + " rows, "
                    + r.getLong(1)
                    + " events, "
                    + r.getLong(2)
                    + " in, "
                    + r.getLong(3)
                    + " out")
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aFileDeliveredTwiceAndAnEventRepeatedInsideAFileCountOnce() {
    Path events =
        landing("events", "events_flat.jsonl", "2026-07-03.jsonl", "2026-07-03.redelivered.jsonl");
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"), new SourceConfig("events", "usage_events", events.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    // 2 files x 7 records in bronze; 6 distinct calls: inputs 1200+50+10000+400+700+3000, outputs
    // 300+0+800+20+70+150.
    assertEquals(14, spark.sql("select * from bronze.events").count());
    assertEquals("6 rows, 6 events, 15350 in, 1340 out", totals("true"));
    assertEquals(0, spark.sql("select * from silver.quarantine").count());
    // The first delivery is kept: ev-1 from the first file, record 1.
    assertEquals(
        "1 2026-07-03.jsonl",
        spark
            .sql("select x_SourceRow, x_SourceFile from silver.usage where event_id = 'ev-1'")
            .collectAsList()
            .stream()
            .map(r -> r.getLong(0) + " " + Path.of(r.getString(1)).getFileName())
            .findFirst()
            .orElseThrow());

    // Provider names through the provider aliases (older gen_ai.system too), models through the
    // model aliases.
    assertEquals(
        List.of(
            "ev-1 openai gpt-4o gpt-4o-2024-08-06",
            "ev-2 openai text-embedding-3-small text-embedding-3-small",
            "ev-3 anthropic claude-sonnet-4-5 claude-sonnet-4-5-20250929",
            "ev-4 aws claude-haiku-4-5 anthropic.claude-haiku-4-5-20251001-v1:0",
            "ev-5 azure gpt-4o-mini gpt-4o-mini",
            "ev-6 gcp gemini-2.5-flash gemini-2.5-flash"),
        spark
            .sql("select event_id, provider, model, model_raw from silver.usage order by event_id")
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
                        + r.getString(3))
            .toList());
    assertEquals(
        "2026-07-02 10000 800 6000 1000 200 wrkspc_SYNTHETIC_chat globex u-7 assistant summarize core prod tr-2 primary chat",
        spark.sql("select * from silver.usage where event_id = 'ev-3'").collectAsList().stream()
            .map(
                r ->
                    r.getAs("usage_date")
                        + " "
                        + r.getAs("input_tokens")
                        + " "
                        + r.getAs("output_tokens")
                        + " "
                        + r.getAs("cache_read_tokens")
                        + " "
                        + r.getAs("cache_write_tokens")
                        + " "
                        + r.getAs("reasoning_tokens")
                        + " "
                        + r.getAs("provider_account")
                        + " "
                        + r.getAs("customer")
                        + " "
                        + r.getAs("user")
                        + " "
                        + r.getAs("product")
                        + " "
                        + r.getAs("feature")
                        + " "
                        + r.getAs("team")
                        + " "
                        + r.getAs("env")
                        + " "
                        + r.getAs("trace_id")
                        + " "
                        + r.getAs("step")
                        + " "
                        + r.getAs("operation"))
            .findFirst()
            .orElseThrow());

    // Running again, and a third copy of the log arriving later, change nothing.
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    TestLakes.copyFixture(
        "usage_events/events_flat.jsonl", events.resolve("2026-07-03.third.jsonl"));
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    assertEquals("6 rows, 6 events, 15350 in, 1340 out", totals("true"));
    // The usage vs bill check sees the events priced: ev-3 = 3000 x 3.00 + 6000 x 0.30 + 1000 x
    // 3.75 + 800 x 15.00 per million.
    assertEquals(
        "0.02655 10800",
        spark
            .sql(
                "select events_priced_cost, event_tokens from silver.usage_gaps where model = 'claude-sonnet-4-5'")
            .collectAsList()
            .stream()
            .map(r -> r.getDecimal(0).stripTrailingZeros().toPlainString() + " " + r.getLong(1))
            .findFirst()
            .orElseThrow());
  }

  @Test
  void flatAndNestedAttributeFormsGiveTheSameRows() {
    Path flat = landing("flat", "events_flat.jsonl", "events.jsonl");
    Path nested = landing("nested", "events_nested.jsonl", "events.jsonl");
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"),
            new SourceConfig("flat", "usage_events", flat.toString()),
            new SourceConfig("nested", "usage_events", nested.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    assertEquals("6 rows, 6 events, 15350 in, 1340 out", totals("x_Source = 'flat'"));
    var fromFlat = spark.sql("select " + COLUMNS + " from silver.usage where x_Source = 'flat'");
    var fromNested =
        spark.sql("select " + COLUMNS + " from silver.usage where x_Source = 'nested'");
    assertSameRows(fromFlat, fromNested);
  }

  @Test
  void parquetEventsGiveTheSameRowsAsJsonLines() throws Exception {
    Path flat = landing("flat", "events_flat.jsonl", "events.jsonl");
    Path parquet = dir.resolve("landing/parquet");
    // The same records written as Parquet, attribute names as column names (dots included).
    spark
        .read()
        .json(flat.resolve("events.jsonl").toString())
        .coalesce(1)
        .write()
        .parquet(dir.resolve("tmp-parquet").toString());
    Files.createDirectories(parquet);
    try (var files = Files.list(dir.resolve("tmp-parquet"))) {
      Path part =
          files
              .filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      Files.copy(part, parquet.resolve("events.parquet"));
    }
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"),
            new SourceConfig("flat", "usage_events", flat.toString()),
            new SourceConfig("pq", "usage_events", parquet.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));
    String columns = COLUMNS.replace(", x_SourceRow", "");
    assertSameRows(
        spark.sql("select " + columns + " from silver.usage where x_Source = 'flat'"),
        spark.sql("select " + columns + " from silver.usage where x_Source = 'pq'"));
  }

  @Test
  void malformedEventsGoToQuarantineWithFileRecordAndReason() {
    Path events = landing("events", "events_with_errors.jsonl", "bad.jsonl");
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"), new SourceConfig("events", "usage_events", events.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    assertEquals("1 rows, 1 events, 3000 in, 150 out", totals("true"));
    assertEquals(
        List.of(
            "bad.jsonl 1 2026-07 output_tokens is negative: -5",
            "bad.jsonl 2 unknown malformed JSON: the record is not a JSON object",
            "bad.jsonl 3 2026-07 event_id is empty",
            "bad.jsonl 4 unknown event_time: cannot read 'yesterday' as timestamp",
            "bad.jsonl 5 2026-07 request_model and response_model are empty"),
        spark
            .sql(
                "select file, record, billing_period, reason from silver.quarantine order by record")
            .collectAsList()
            .stream()
            .map(
                r ->
                    Path.of(r.getString(0)).getFileName()
                        + " "
                        + r.getLong(1)
                        + " "
                        + r.getString(2)
                        + " "
                        + r.getString(3))
            .toList());
  }

  @Test
  void usageMetricsFromCsvAndJsonLinesAreUpsertedByTheirKeys() throws Exception {
    Path metrics = Files.createDirectories(dir.resolve("landing/metrics"));
    Files.writeString(
        metrics.resolve("2026-07-a.csv"),
        "date,metric,quantity,customer,namespace\n2026-07-01,vector_queries,120,acme,\n2026-07-01,vector_queries,30,globex,\n"
            + "2026-07-02,cpu_seconds,3600.5,,search\n");
    Files.writeString(
        metrics.resolve("2026-07-b.jsonl"),
        "{\"billing_period\": \"2026-07\", \"metric\": \"vector_queries\", \"quantity\": 1000, \"customer\": \"initech\"}\n"
            + "{\"date\": \"2026-07-01\", \"metric\": \"vector_queries\", \"quantity\": 125, \"customer\": \"acme\"}\n"
            + "{\"date\": \"2026-07-01\", \"metric\": \"vector_queries\", \"quantity\": \"many\", \"customer\": \"acme\"}\n");
    CogsConfig config =
        TestLakes.config(
            dir.resolve("lake"), new SourceConfig("metrics", "usage_metrics", metrics.toString()));
    Lake lake = TestLakes.open(spark, config);
    TestLakes.run(lake, config, List.of("ingest", "normalize"));

    // acme's 2026-07-01 vector queries: the later file's 125 replaces 120 (same key); per-period
    // rows have no date.
    assertEquals(
        List.of(
            "null vector_queries initech null 1000", "2026-07-01 vector_queries acme null 125",
            "2026-07-01 vector_queries globex null 30",
                "2026-07-02 cpu_seconds null search 3600.5"),
        spark
            .sql(
                "select usage_date, metric, customer, namespace, quantity, billing_period from silver.usage_metrics order by usage_date nulls first, metric desc, customer")
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.get(0)
                        + " "
                        + r.getString(1)
                        + " "
                        + r.getString(2)
                        + " "
                        + r.getString(3)
                        + " "
                        + r.getDecimal(4).stripTrailingZeros().toPlainString())
            .toList());
    assertEquals(
        List.of("3 quantity: cannot read 'many' as decimal(38,18)"),
        spark.sql("select record, reason from silver.quarantine").collectAsList().stream()
            .map(r -> r.getLong(0) + " " + r.getString(1))
            .toList());
  }
}
