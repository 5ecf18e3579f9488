package io.cogslake.ingest;

import io.cogslake.errors.Errors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.types.StructType;

/**
 * How a delivered file's columns fill a bronze schema: each bronze column from at most one
 * delivered column (after renaming older names), the rest kept as extras.
 */
public record ColumnMapping(Map<String, String> deliveredName, List<String> extra) {

  public static ColumnMapping of(
      List<String> delivered, StructType bronze, Function<String, String> rename) {
    Set<String> known = new HashSet<>(List.of(bronze.fieldNames()));
    Map<String, String> deliveredName = new LinkedHashMap<>();
    List<String> extra = new ArrayList<>();
    for (String name : delivered) {
      String target = rename.apply(name);
      if (known.contains(target)
          && !target.startsWith("_")
          && !target.equals("billing_period")
          && !deliveredName.containsKey(target)) {
        deliveredName.put(target, name);
      } else {
        extra.add(name);
      }
    }
    return new ColumnMapping(deliveredName, extra);
  }

  /**
   * A file without a mandatory column (or any of its accepted names) is not what its source says.
   */
  public void requireMandatory(
      Map<String, List<String>> mandatoryColumns, String file, String sourceType) {
    Set<String> missing = new TreeSet<>();
    mandatoryColumns.forEach(
        (column, alternatives) -> {
          if (alternatives.stream().noneMatch(deliveredName::containsKey)) {
            missing.add(column);
          }
        });
    if (!missing.isEmpty()) {
      throw Errors.missingColumns(file, sourceType, missing);
    }
  }
}
