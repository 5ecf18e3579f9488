package io.cogslake.ingest;

import io.cogslake.errors.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** Lists a source's landing files and computes their checksums on the executors. */
public final class LandingFiles {
  private LandingFiles() {}

  /**
   * Every data file under {@code location} (a file or a folder, recursively), skipping the hidden
   * and bookkeeping files writers leave ({@code _SUCCESS}, {@code .crc}, {@code _delta_log}).
   */
  public static List<LandingFile> list(SparkSession spark, String sourceName, String location) {
    try {
      Path root = new Path(location);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw Errors.config("Source %s: path %s does not exist", sourceName, location);
      }
      List<LandingFile> files = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        FileStatus status = it.next();
        if (status.isFile() && !isHidden(root, status.getPath())) {
          files.add(
              new LandingFile(
                  sparkStyle(status.getPath()),
                  status.getLen(),
                  status.getModificationTime(),
                  null));
        }
      }
      files.sort((a, b) -> a.path().compareTo(b.path()));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list source " + sourceName + " at " + location, e);
    }
  }

  /**
   * The path as Spark's file scan reports it in {@code _metadata.file_path} ({@code file:/x}, not
   * {@code file:///x}).
   */
  static String sparkStyle(Path path) {
    String uri = path.toUri().toString();
    return uri.startsWith("file:///") ? "file:/" + uri.substring("file:///".length()) : uri;
  }

  private static boolean isHidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") && !name.contains("=")
          || name.startsWith(".")
          || name.endsWith(".crc")) {
        return true;
      }
    }
    return false;
  }

  /** SHA-256 of each file, computed in parallel where the data lives; the order is kept. */
  public static List<LandingFile> withChecksums(SparkSession spark, List<LandingFile> files) {
    if (files.isEmpty()) {
      return files;
    }
    Map<String, String> hadoopConf = new HashMap<>();
    spark
        .sparkContext()
        .hadoopConfiguration()
        .forEach(e -> hadoopConf.put(e.getKey(), e.getValue()));
    HashingFunction hash = new HashingFunction(hadoopConf);
    List<String> paths = files.stream().map(LandingFile::path).toList();
    int slices = Math.max(1, Math.min(paths.size(), spark.sparkContext().defaultParallelism() * 2));
    spark.sparkContext().setJobDescription("checksum " + paths.size() + " landing files");
    List<String> checksums =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(paths, slices)
            .map(hash::sha256)
            .collect();
    List<LandingFile> out = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      out.add(files.get(i).withChecksum(checksums.get(i)));
    }
    return out;
  }

  /** Serializable holder of the Hadoop settings an executor needs to open the files. */
  private record HashingFunction(Map<String, String> hadoopConf) implements Serializable {
    String sha256(String file) throws IOException {
      Configuration conf = new Configuration(false);
      hadoopConf.forEach(conf::set);
      Path path = new Path(file);
      try (InputStream in = path.getFileSystem(conf).open(path)) {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
