package io.cogslake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.errors.CogsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Shared SQL blocks: one copy in sql/blocks/, in place wherever a transform includes it. */
class SqlFilesTest {

  @Test
  void theModelAliasMatchIsOneBlockIncludedByEveryTransformThatResolvesAModel() {
    String block = SqlFiles.text("blocks/model_matches.sql").strip();
    for (String transform :
        List.of("silver/ledger.sql", "silver/usage.sql", "silver/provider_usage.sql")) {
      String sql = SqlFiles.text(transform);
      assertTrue(sql.contains(block + ","), transform + " does not hold the block");
      assertEquals(1, sql.split("model_matches as \\(", -1).length - 1, transform);
    }
  }

  @Test
  void noFileOfTheBuildKeepsAnIncludeLine() throws Exception {
    Path sql = Path.of(SqlFilesTest.class.getClassLoader().getResource("sql").toURI());
    try (Stream<Path> files = Files.walk(sql)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
        String relative = sql.relativize(file).toString();
        assertFalse(SqlFiles.text(relative).contains("@include"), relative);
      }
    }
  }

  @Test
  void anIncludeOfAMissingBlockNamesIt() {
    CogsException e =
        assertThrows(
            CogsException.class,
            () -> SqlFiles.withBlocks("with a as (\n@include blocks/nope.sql,\n", "silver/x.sql"));
    assertTrue(e.getMessage().contains("sql/blocks/nope.sql"), e.getMessage());
  }
}
