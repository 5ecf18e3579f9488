package io.cogslake.stage;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a stage that writes several sources' rows as they are (one row out per row in) reports: the
 * periods written per source, and the rows written for all of them.
 */
public record SourcesWritten(List<Source> sources, long rows) implements Stage.Outcome {
  /** One source and the periods of it that were written. */
  public record Source(String source, Set<String> periods) {}

  @Override
  public Set<String> periods() {
    return sources.stream().flatMap(s -> s.periods().stream()).collect(Collectors.toSet());
  }

  @Override
  public long rowsIn() {
    return rows;
  }

  @Override
  public long rowsOut() {
    return rows;
  }
}
