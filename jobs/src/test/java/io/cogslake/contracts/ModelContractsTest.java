package io.cogslake.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.lake.SqlFiles;
import io.cogslake.lake.TableSpec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.junit.jupiter.api.Test;

/**
 * Every gold model declares its contract beside its SQL, and the declaration matches the model: the
 * views it reads are those its parsed SQL reads, its key and not-null columns are the table's. The
 * contracts themselves are checked on the demo lake ({@code DemoCommandTest}).
 */
class ModelContractsTest {

  @Test
  void everyGoldModelDeclaresTheViewsItReadsItsKeyAndItsColumns() {
    List<String> wrong = new ArrayList<>();
    for (TableSpec table : ModelContract.models()) {
      if (!Files.exists(ModelContract.file(table))) {
        wrong.add(table.qualifiedName() + ": no contract " + ModelContract.file(table));
        continue;
      }
      ModelContract contract = ModelContract.of(table);
      if (!table.qualifiedName().equals(contract.model())) {
        wrong.add(ModelContract.file(table) + ": declares model " + contract.model());
      }
      if (contract.grain() == null || contract.grain().isBlank()) {
        wrong.add(table.qualifiedName() + ": no grain");
      }
      Set<String> read = ModelContract.relationsRead(table.layer() + "/" + table.name() + ".sql");
      if (!read.equals(new TreeSet<>(contract.inputs()))) {
        wrong.add(
            table.qualifiedName()
                + ": reads "
                + read
                + ", declares "
                + new TreeSet<>(contract.inputs()));
      }
      Set<String> columns =
          new TreeSet<>(List.of(SqlFiles.schema(table.ddlResource()).fieldNames()));
      for (String column : concat(contract.uniqueKey(), contract.notNull())) {
        if (!columns.contains(column)) {
          wrong.add(
              table.qualifiedName()
                  + ": declares column "
                  + column
                  + ", not in "
                  + table.ddlResource());
        }
      }
      if (!contract.uniqueKey().contains("billing_period")) {
        wrong.add(table.qualifiedName() + ": its key does not start from billing_period");
      }
      for (ModelContract.Invariant invariant : contract.invariants()) {
        CatalystSqlParser$.MODULE$.parsePlan(invariant.violations()); // a typo fails here, named
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void aContractThatDeclaresAViewTheModelDoesNotReadIsCaught() {
    Set<String> read = ModelContract.relationsRead("gold/cogs_bridge.sql");
    assertEquals(Set.of("classified", "previous_classified", "previous_usage", "usage"), read);
    assertTrue(!read.contains("final"), "a CTE is not an input");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
