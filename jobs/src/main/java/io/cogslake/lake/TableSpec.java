package io.cogslake.lake;

import java.util.List;

/**
 * A lake table: its layer (bronze, silver, gold), name, schema file under {@code sql/tables/} and
 * partition columns. Every table is partitioned by billing_period first.
 */
public record TableSpec(
    String layer, String name, String ddlResource, List<String> partitionColumns) {

  public String qualifiedName() {
    return layer + "." + name;
  }

  /** bronze.<source name>: the schema is the source type's. */
  public static TableSpec bronze(String sourceName, String sourceType) {
    return new TableSpec(
        "bronze", sourceName, "tables/bronze/" + sourceType + ".ddl", List.of("billing_period"));
  }

  static TableSpec silver(String name, String... partitions) {
    return new TableSpec("silver", name, "tables/silver/" + name + ".ddl", List.of(partitions));
  }

  static TableSpec gold(String name, String... partitions) {
    return new TableSpec("gold", name, "tables/gold/" + name + ".ddl", List.of(partitions));
  }
}
