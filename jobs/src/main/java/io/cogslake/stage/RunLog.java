package io.cogslake.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cogslake.config.CogsConfig;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Appends to silver.run_log what produced each period's figures: one row per stage and period. */
public final class RunLog {
  private RunLog() {}

  /**
   * Records what a step did, with the checksums of the landing files behind each of its periods.
   */
  public static void record(Lake lake, RunContext run, StageResult result, Instant startedAt) {
    List<String> periods = result.periods();
    Map<String, List<String>> inputChecksums = inputChecksums(lake, periods);
    Timestamp started = Timestamp.from(startedAt);
    Timestamp finished = Timestamp.from(Instant.now());
    Map<String, String> policies = policies(run.config());
    List<Row> rows = new ArrayList<>();
    for (String period : periods.isEmpty() ? List.of("none") : periods) {
      rows.add(
          RowFactory.create(
              run.runId(),
              run.command(),
              result.stage(),
              periods,
              configHash(run.config()),
              result.rulesVersion(),
              policies,
              inputChecksums.getOrDefault(period, List.of()),
              result.rowsIn(),
              result.rowsOut(),
              run.reopen(),
              started,
              finished,
              result.forcedReason() != null,
              result.forcedReason(),
              period));
    }
    lake.append(Tables.RUN_LOG, lake.rowsOf(Tables.RUN_LOG, rows));
  }

  /**
   * Per period, the checksums of the landing files behind it (silver.ingest_log, every source):
   * what the period's figures were computed from. A few per source and period, so collected.
   */
  static Map<String, List<String>> inputChecksums(Lake lake, List<String> periods) {
    Map<String, List<String>> byPeriod = new java.util.HashMap<>();
    if (periods.isEmpty()) {
      return byPeriod;
    }
    lake.read(Tables.INGEST_LOG)
        .filter(
            org.apache
                .spark
                .sql
                .functions
                .col("billing_period")
                .isin(periods.toArray())
                .and(org.apache.spark.sql.functions.col("status").equalTo("ingested")))
        .groupBy("billing_period")
        .agg(
            org.apache.spark.sql.functions.array_sort(
                org.apache.spark.sql.functions.collect_set("checksum")))
        .collectAsList()
        .forEach(r -> byPeriod.put(r.getString(0), r.getList(1)));
    return byPeriod;
  }

  public static Map<String, String> policies(CogsConfig config) {
    var p = config.classification.policies;
    return Map.of(
        "fine_tuning", p.fineTuning,
        "useful_life_months", String.valueOf(p.usefulLifeMonths),
        "credits", p.credits,
        "reporting_currency", config.reportingCurrency,
        // which revenue the ai layer counted: a management assumption when shares are given
        "ai_revenue_streams", String.join(",", config.aiRevenue.streams),
        "ai_revenue_products", String.join(",", config.aiRevenueProducts()),
        "ai_revenue_shares", new java.util.TreeMap<>(config.aiRevenue.shares).toString());
  }

  /** SHA-256 of the resolved configuration, secrets included only as their hash. */
  public static String configHash(CogsConfig config) {
    try {
      byte[] json =
          new ObjectMapper()
              .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
              .setVisibility(
                  com.fasterxml.jackson.annotation.PropertyAccessor.FIELD,
                  com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.PUBLIC_ONLY)
              .writeValueAsString(config)
              .getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot hash the configuration", e);
    }
  }
}
