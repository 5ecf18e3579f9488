package io.cogslake.ingest;

import static org.apache.spark.sql.functions.col;

import io.cogslake.lake.Lake;
import io.cogslake.lake.Tables;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What silver.ingest_log knows of one source: which file contents were seen, for which periods. */
public final class IngestLog {
  /** One (file checksum, period) row of the log. */
  public record Entry(
      String file,
      long size,
      String checksum,
      String status,
      Timestamp ingestedAt,
      String period,
      long rows) {}

  private final List<Entry> entries;

  private IngestLog(List<Entry> entries) {
    this.entries = entries;
  }

  /** The log of one source; small (files × periods), so it is read to the driver. */
  public static IngestLog of(Lake lake, String source) {
    List<Entry> entries =
        lake
            .read(Tables.INGEST_LOG)
            .filter(col("source").equalTo(source))
            .select("file", "size", "checksum", "status", "ingested_at", "billing_period", "rows")
            .collectAsList()
            .stream()
            .map(
                r ->
                    new Entry(
                        r.getString(0),
                        r.getLong(1),
                        r.getString(2),
                        r.getString(3),
                        r.getTimestamp(4),
                        r.getString(5),
                        r.getLong(6)))
            .toList();
    return new IngestLog(entries);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The checksum recorded for a file that has not changed since (same path, size, not modified
   * after).
   */
  public String knownChecksum(LandingFile file) {
    return entries.stream()
        .filter(e -> e.file().equals(file.path()) && e.size() == file.size())
        .filter(e -> e.ingestedAt() != null && file.modifiedAt() <= e.ingestedAt().getTime())
        .map(Entry::checksum)
        .findFirst()
        .orElse(null);
  }

  /**
   * When each file content was first ingested: its place in the order of deliveries. Kept across
   * re-reads of a period, so "the latest delivery wins" means the latest to arrive, whatever the
   * file is called.
   */
  public Map<String, Timestamp> firstIngested() {
    Map<String, Timestamp> out = new java.util.HashMap<>();
    for (Entry e : entries) {
      if (e.ingestedAt() != null) {
        out.merge(e.checksum(), e.ingestedAt(), (a, b) -> a.before(b) ? a : b);
      }
    }
    return out;
  }

  public Set<String> checksums() {
    return entries.stream().map(Entry::checksum).collect(Collectors.toSet());
  }

  /** Periods each logged file content holds rows for. */
  public Map<String, Set<String>> periodsByChecksum() {
    return entries.stream()
        .collect(
            Collectors.groupingBy(
                Entry::checksum, Collectors.mapping(Entry::period, Collectors.toSet())));
  }

  /** Checksums whose rows are in bronze for the period. */
  public Set<String> ingestedChecksums(String period) {
    return entries.stream()
        .filter(e -> e.period().equals(period) && "ingested".equals(e.status()))
        .map(Entry::checksum)
        .collect(Collectors.toSet());
  }

  /** Periods seen in files but not yet ingested (a run for other periods saw them). */
  public Set<String> pendingPeriods() {
    return entries.stream()
        .filter(e -> "pending".equals(e.status()))
        .map(Entry::period)
        .collect(Collectors.toSet());
  }
}
