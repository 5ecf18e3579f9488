package io.cogslake.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.lake.SqlFiles;
import io.cogslake.sources.SourceType.Feeds;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The registry is the one list of source types: each declared type has every resource it needs, and
 * no bronze schema or source transform in the build is left without a declared type (a type missing
 * from the registry would fill bronze and leave its silver table silently empty).
 */
class SourceTypesTest {

  @Test
  void everyDeclaredTypeHasItsReaderBronzeSchemaAndTransformSql() {
    for (SourceType type : SourceTypes.all()) {
      assertNotNull(type.reader(), type.name());
      StructType bronze =
          SqlFiles.schema(type.bronzeDdl()); // fails naming the resource when it is missing
      assertTrue(
          Set.of(bronze.fieldNames())
              .containsAll(List.of("billing_period", "_file", "_row", "_error")),
          type.name()
              + " bronze lacks the lineage columns: "
              + String.join(", ", bronze.fieldNames()));
      for (String sql : type.transformSql()) {
        assertFalse(SqlFiles.text(sql).isBlank(), type.name() + ": " + sql);
      }
    }
  }

  @Test
  void everyBronzeSchemaAndSourceTransformInTheBuildBelongsToADeclaredType() throws Exception {
    Set<String> declared = new TreeSet<>(SourceTypes.names());
    assertEquals(
        declared, names("sql/tables/bronze", "", ".ddl"), "bronze DDLs against declared types");
    Set<String> ledger =
        SourceTypes.all().stream()
            .filter(t -> t.feeds() == Feeds.LEDGER)
            .map(SourceType::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        ledger,
        names("sql/silver", "ledger_from_", ".sql"),
        "ledger_from_<type>.sql against types feeding the ledger");
    Set<String> providerUsage =
        SourceTypes.all().stream()
            .filter(t -> t.feeds() == Feeds.PROVIDER_USAGE)
            .map(SourceType::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        providerUsage,
        names("sql/silver", "provider_usage_from_", ".sql"),
        "provider_usage_from_<type>.sql against types feeding provider usage");
  }

  @Test
  void theFeedsOfTheTypesAreWhatNormalizationWrites() {
    assertTrue(SourceTypes.feeds("focus", Feeds.LEDGER));
    assertTrue(SourceTypes.feeds("openai_costs", Feeds.LEDGER));
    assertTrue(SourceTypes.feeds("openai_usage", Feeds.PROVIDER_USAGE));
    assertEquals("silver.usage", SourceTypes.of("usage_events").feeds().table().qualifiedName());
    assertFalse(SourceTypes.feeds("mistral_costs", Feeds.LEDGER));
    assertEquals(
        List.of("silver/ledger_from_aws_cur.sql", "silver/ledger.sql"),
        SourceTypes.of("aws_cur").transformSql());
    assertEquals(List.of("silver/invoices.sql"), SourceTypes.of("invoices").transformSql());
  }

  private static Set<String> names(String folder, String prefix, String suffix)
      throws IOException, URISyntaxException {
    Path dir = Path.of(SourceTypesTest.class.getClassLoader().getResource(folder).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && n.endsWith(suffix))
          .map(n -> n.substring(prefix.length(), n.length() - suffix.length()))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
