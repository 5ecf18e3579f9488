package io.cogslake.ingest;

/**
 * One file in the landing zone. {@code path} is the fully qualified Hadoop path as listed (the same
 * string Spark reports in {@code _metadata.file_path}); {@code checksum} is a SHA-256 of the
 * content.
 */
public record LandingFile(String path, long size, long modifiedAt, String checksum) {
  public LandingFile withChecksum(String sha256) {
    return new LandingFile(path, size, modifiedAt, sha256);
  }
}
