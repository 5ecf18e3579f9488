package io.cogslake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.cogslake.config.SourceConfig;
import io.cogslake.errors.Errors;
import io.cogslake.lake.DeltaConflicts;
import io.cogslake.lake.Lake;
import io.cogslake.lake.Parallel;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import io.cogslake.sources.SourceType;
import io.cogslake.sources.SourceTypes;
import io.cogslake.stage.RunContext;
import io.cogslake.stage.Stage;
import io.cogslake.stage.TableWrites;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests each configured source's landing files into {@code bronze.<source>}, idempotently per
 * billing period. The files found for a source and period are that period's delivery and replace
 * the previous one; a file content already ingested changes nothing. Rows that cannot be typed go
 * to silver.quarantine.
 */
public final class IngestSourcesJob extends Stage {
  private static final Logger LOG = LoggerFactory.getLogger(IngestSourcesJob.class);
  private static final int SOURCES_AT_ONCE = 3;

  /** What one source's ingest did. */
  public record SourceResult(
      String source,
      int filesListed,
      int filesRead,
      Set<String> periods,
      long rows,
      long quarantined) {}

  /**
   * rowsIn: the rows read; rowsOut: those that went to bronze typed (the others are quarantined).
   */
  public record Result(List<SourceResult> sources) implements Outcome {
    @Override
    public long rowsIn() {
      return sources.stream().mapToLong(SourceResult::rows).sum();
    }

    @Override
    public long rowsOut() {
      return rowsIn() - quarantined();
    }

    @Override
    public Set<String> periods() {
      return sources.stream()
          .flatMap(s -> s.periods().stream())
          .filter(p -> !p.equals("unknown"))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    public long quarantined() {
      return sources.stream().mapToLong(SourceResult::quarantined).sum();
    }
  }

  public IngestSourcesJob(Lake lake, RunContext run) {
    super("ingest", lake, run);
  }

  @Override
  public Result run() {
    // Sources write their own bronze tables, so they are ingested at once, each in a session of its
    // own
    // (its reader settings, its views); what they log is written after, one commit to the
    // quarantine and
    // one to the ingest log for the whole run.
    List<SourceIngest> ingested =
        Parallel.map(
            run.config().sources,
            SOURCES_AT_ONCE,
            source -> {
              IngestSourcesJob job = new IngestSourcesJob(lake.inNewSession(), run);
              // A source whose bronze write lost a commit race to another period's run is ingested
              // again on its own.
              return DeltaConflicts.retry(
                  "ingest of " + source.name + " " + run.periods(),
                  DeltaConflicts.ATTEMPTS,
                  () -> FileScans.oneTaskPerFile(job.spark, () -> job.ingest(source)));
            });
    writeLogs(ingested);
    return new Result(ingested.stream().map(SourceIngest::result).toList());
  }

  /**
   * What one source's ingest has to log: the rows of silver.ingest_log for the periods it read (and
   * the pending periods of new files), and the quarantine of the periods it wrote, from its bronze
   * table.
   */
  private record SourceIngest(
      SourceResult result,
      TableSpec bronze,
      Set<String> written,
      List<Row> logRows,
      Set<String> pending) {
    static SourceIngest nothingNew(SourceResult result) {
      return new SourceIngest(result, null, Set.of(), List.of(), Set.of());
    }
  }

  /**
   * The quarantine and the ingest log of every source that read files, each replaced in one commit
   * for the run: a source's partitions (its periods) only, so other periods' runs do not conflict.
   */
  private void writeLogs(List<SourceIngest> ingested) {
    TableWrites writes = new TableWrites(lake);
    for (SourceIngest i : ingested) {
      if (i.written().isEmpty()) {
        continue;
      }
      var source = col("source").equalTo(i.result().source());
      Dataset<Row> bad =
          lake.read(i.bronze())
              .filter(col("_ingest_id").equalTo(run.runId()).and(col("_error").isNotNull()))
              .select(
                  col("_source").as("source"),
                  col("_file").as("file"),
                  col("_row").as("record"),
                  col("_error").as("reason"),
                  col("_raw").as("raw"),
                  lit("ingest").as("stage"),
                  col("_ingest_id").as("ingest_id"),
                  col("billing_period"));
      writes.add(
          Tables.QUARANTINE, source.and(col("billing_period").isin(i.written().toArray())), bad);
      Dataset<Row> entries = lake.rowsOf(Tables.INGEST_LOG, i.logRows());
      writes.add(
          Tables.INGEST_LOG,
          source.and(col("billing_period").isin(i.written().toArray())),
          entries.filter(col("status").notEqual("pending")));
      if (!i.pending().isEmpty()) {
        // a pending period keeps what its earlier deliveries logged, beside the new files waiting
        // for it
        var pendingPeriods = source.and(col("billing_period").isin(i.pending().toArray()));
        Dataset<Row> kept = lake.read(Tables.INGEST_LOG).filter(pendingPeriods);
        writes.add(
            Tables.INGEST_LOG,
            pendingPeriods,
            lake.conform(Tables.INGEST_LOG, kept)
                .unionByName(entries.filter(col("status").equalTo("pending")))
                .dropDuplicates("checksum", "billing_period"));
      }
    }
    writes.write();
  }

  private SourceIngest ingest(SourceConfig source) {
    long started = System.nanoTime();
    SourceType type = SourceTypes.of(source.type);
    SourceReader reader = type.reader();
    TableSpec bronze = type.bronze(source.name);
    lake.ensure(bronze);
    IngestLog log = IngestLog.of(lake, source.name);
    List<LandingFile> files = checksummed(LandingFiles.list(spark, source.name, source.path), log);
    Set<String> logged = log.checksums();
    List<LandingFile> fresh = files.stream().filter(f -> !logged.contains(f.checksum())).toList();

    // a source's first delivery is written whole, unless a period is closed (a source added after a
    // close)
    boolean firstDelivery = log.isEmpty() && run.allPeriods() && !guard().anyClosed();
    Map<String, Map<String, Long>> freshPeriods =
        firstDelivery ? Map.of() : probe(reader, source, fresh);
    Set<String> target = new TreeSet<>();
    if (!run.allPeriods()) {
      target.addAll(run.periods());
    } else if (!firstDelivery) {
      freshPeriods.values().forEach(periods -> target.addAll(periods.keySet()));
      target.addAll(log.pendingPeriods());
    }
    if (!fresh.isEmpty() && !firstDelivery) {
      target.add("unknown"); // rows of unreadable period are replaced with the files that hold them
    }
    target.removeIf(
        p -> !p.equals("unknown") && !guard().mayRewrite(p, "ingest of " + source.name));

    Map<String, Set<String>> periodsOf = log.periodsByChecksum();
    List<LandingFile> candidates =
        firstDelivery
            ? files
            : files.stream()
                .filter(
                    f ->
                        fresh.contains(f)
                            || periodsOf.getOrDefault(f.checksum(), Set.of()).stream()
                                .anyMatch(target::contains))
                .toList();
    if (candidates.isEmpty()
        || (!firstDelivery && unchanged(target, candidates, fresh, log, periodsOf))) {
      LOG.info("ingest {}: {} files, nothing new", source.name, files.size());
      if (run.strict()) {
        failOnQuarantined(source, target);
      }
      return SourceIngest.nothingNew(
          new SourceResult(source.name, files.size(), 0, Set.of(), 0, 0));
    }

    describe(source.name + " (" + candidates.size() + " files)");
    namingBadFile(
        candidates,
        () -> {
          Dataset<Row> rows = reader.read(spark, source, candidates, run.runId());
          if (!firstDelivery) {
            rows = rows.filter(col("billing_period").isin(target.toArray()));
          }
          if (run.strict()) {
            failOnFirstBadRow(source, rows);
          }
          if (firstDelivery) {
            lake.replacePartitionsPresent(bronze, rows);
          } else {
            lake.replace(bronze, rows, col("billing_period").isin(target.toArray()));
          }
          return null;
        });

    Dataset<Row> written = lake.read(bronze).filter(col("_ingest_id").equalTo(run.runId()));
    List<Row> perFile =
        written
            .groupBy("_file", "_checksum", "billing_period")
            .agg(count(lit(1)).as("rows"), count(col("_error")).as("errors"))
            .collectAsList();
    Set<String> periods = new TreeSet<>(target);
    perFile.forEach(r -> periods.add(r.getString(2)));
    // A file without records (a header only) wrote no row: it is logged with 0 rows under
    // 'unknown', so it
    // counts as seen, and the log and quarantine are replaced for a list of periods that is never
    // empty.
    Set<String> withRows = perFile.stream().map(r -> r.getString(1)).collect(Collectors.toSet());
    List<Row> empty = new ArrayList<>();
    for (LandingFile f : candidates) {
      boolean waiting =
          freshPeriods.containsKey(f.checksum()); // its rows are for periods not written (pending)
      if (!withRows.contains(f.checksum())
          && !waiting
          && empty.stream().noneMatch(r -> r.getString(1).equals(f.checksum()))) {
        empty.add(RowFactory.create(f.path(), f.checksum(), "unknown", 0L, 0L));
      }
    }
    if (!empty.isEmpty()) {
      perFile = new ArrayList<>(perFile);
      perFile.addAll(empty);
      periods.add("unknown");
    }
    List<Row> logRows =
        logRows(source, candidates, perFile, freshPeriods, periods, log.firstIngested());
    Set<String> pending =
        logRows.stream()
            .filter(r -> r.getString(5).equals("pending"))
            .map(r -> r.getString(9))
            .collect(Collectors.toCollection(TreeSet::new));
    long total = perFile.stream().mapToLong(r -> r.getLong(3)).sum();
    long bad = perFile.stream().mapToLong(r -> r.getLong(4)).sum();
    LOG.info(
        "ingest {}: read {} of {} files, {} rows into bronze.{} for {} ({} quarantined) in {} s",
        source.name,
        candidates.size(),
        files.size(),
        total,
        source.name,
        periods,
        bad,
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return new SourceIngest(
        new SourceResult(source.name, files.size(), candidates.size(), periods, total, bad),
        bronze,
        periods,
        logRows,
        pending);
  }

  /**
   * Runs a read of landing files; when Spark fails it, a truncated or corrupt compressed file is
   * named (Spark's error says neither which file nor, in words, why).
   */
  private <T> T namingBadFile(List<LandingFile> files, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (io.cogslake.errors.CogsException e) {
      throw e;
    } catch (
        Exception e) { // SparkException is checked in Java's eyes but thrown unannounced from Scala
      var conf = spark.sparkContext().hadoopConfiguration();
      for (LandingFile file : files) {
        String problem = CsvHeaders.compressionProblem(conf, file.path());
        if (problem != null) {
          throw Errors.unreadableFile(file.path(), problem);
        }
      }
      throw IngestSourcesJob.<RuntimeException>rethrow(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrow(Exception e) throws E {
    throw (E) e;
  }

  /** Checksums of unchanged files come from the log; the others are computed. */
  private List<LandingFile> checksummed(List<LandingFile> listed, IngestLog log) {
    List<LandingFile> known = new ArrayList<>();
    List<LandingFile> unknown = new ArrayList<>();
    for (LandingFile file : listed) {
      String checksum = log.knownChecksum(file);
      if (checksum != null) {
        known.add(file.withChecksum(checksum));
      } else {
        unknown.add(file);
      }
    }
    known.addAll(LandingFiles.withChecksums(spark, unknown));
    return known;
  }

  /**
   * Row counts per file checksum and period of new files, from a read of the period column only.
   */
  private Map<String, Map<String, Long>> probe(
      SourceReader reader, SourceConfig source, List<LandingFile> fresh) {
    Map<String, Map<String, Long>> out = new HashMap<>();
    if (fresh.isEmpty()) {
      return out;
    }
    describe("probe periods of " + fresh.size() + " new files of " + source.name);
    namingBadFile(
            fresh,
            () ->
                reader
                    .read(spark, source, fresh, run.runId())
                    .groupBy("_checksum", "billing_period")
                    .count()
                    .collectAsList())
        .forEach(
            r ->
                out.computeIfAbsent(r.getString(0), k -> new HashMap<>())
                    .put(r.getString(1), r.getLong(2)));
    return out;
  }

  /** No new file content and every target period's delivery is the one already ingested. */
  private static boolean unchanged(
      Set<String> target,
      List<LandingFile> candidates,
      List<LandingFile> fresh,
      IngestLog log,
      Map<String, Set<String>> periodsOf) {
    if (!fresh.isEmpty()) {
      return false;
    }
    for (String period : target) {
      Set<String> present = new HashSet<>();
      for (LandingFile f : candidates) {
        if (periodsOf.getOrDefault(f.checksum(), Set.of()).contains(period)) {
          present.add(f.checksum());
        }
      }
      if (!present.equals(log.ingestedChecksums(period))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The ingest log's rows for the files read: ingested per (file, period) written, pending for the
   * periods of new files not written.
   */
  private List<Row> logRows(
      SourceConfig source,
      List<LandingFile> read,
      List<Row> perFile,
      Map<String, Map<String, Long>> freshPeriods,
      Set<String> written,
      Map<String, Timestamp> firstIngested) {
    Map<String, LandingFile> byChecksum = new HashMap<>();
    read.forEach(f -> byChecksum.put(f.checksum(), f));
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (Row r : perFile) {
      LandingFile f = byChecksum.get(r.getString(1));
      Timestamp at =
          firstIngested.getOrDefault(
              f.checksum(), now); // a re-read keeps its place in the order of deliveries
      rows.add(
          RowFactory.create(
              source.name,
              r.getString(0),
              f.size(),
              f.checksum(),
              r.getLong(3),
              "ingested",
              run.runId(),
              at,
              null,
              r.getString(2)));
    }
    // Periods of new files that this run did not ingest wait as pending for their own run; a late
    // delivery
    // for a closed period waits until the period is reopened.
    freshPeriods.forEach(
        (checksum, periods) ->
            periods.forEach(
                (period, count) -> {
                  if (!written.contains(period)) {
                    LandingFile f = byChecksum.get(checksum);
                    String reason =
                        guard().isClosed(period)
                            ? "period closed"
                            : "waiting for a run of its period";
                    rows.add(
                        RowFactory.create(
                            source.name,
                            f.path(),
                            f.size(),
                            checksum,
                            count,
                            "pending",
                            run.runId(),
                            firstIngested.getOrDefault(checksum, now),
                            reason,
                            period));
                  }
                }));
    return rows;
  }

  /** Under --strict, rows already quarantined for the periods fail the run as new ones would. */
  private void failOnQuarantined(SourceConfig source, Set<String> periods) {
    var where = col("source").equalTo(source.name);
    if (!periods.isEmpty()) {
      where = where.and(col("billing_period").isin(periods.toArray()));
    }
    List<Row> bad =
        lake.read(Tables.QUARANTINE)
            .filter(where)
            .orderBy("file", "record")
            .select("file", "record", "billing_period", "reason")
            .limit(1)
            .collectAsList();
    if (!bad.isEmpty()) {
      Row r = bad.get(0);
      throw Errors.quarantined(
          source.name, r.getString(0), r.getLong(1), r.getString(2), r.getString(3));
    }
  }

  private void failOnFirstBadRow(SourceConfig source, Dataset<Row> rows) {
    List<Row> bad =
        rows.filter(col("_error").isNotNull())
            .select("_file", "_row", "billing_period", "_error")
            .limit(1)
            .collectAsList();
    if (!bad.isEmpty()) {
      Row r = bad.get(0);
      throw Errors.quarantined(
          source.name, r.getString(0), r.getLong(1), r.getString(2), r.getString(3));
    }
  }
}
