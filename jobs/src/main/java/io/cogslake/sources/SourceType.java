package io.cogslake.sources;

import io.cogslake.ingest.SourceReader;
import io.cogslake.lake.TableSpec;
import io.cogslake.lake.Tables;
import java.util.List;

/**
 * One source type, declared once: its reader, its bronze schema, the silver table its rows feed and
 * the SQL that takes them there. Ingest, configuration validation, normalization and the demo read
 * it from {@link SourceTypes}; a type declared here without one of its resources fails {@code
 * SourceTypesTest}.
 *
 * @param name the {@code sources[].type} of the configuration
 * @param reader reads a delivery's files into the bronze columns
 * @param feeds the silver table the type's rows become
 */
public record SourceType(String name, SourceReader reader, Feeds feeds) {

  /** The silver table a type's rows feed, and the shape of its transform. */
  public enum Feeds {
    /**
     * cost lines: {@code sql/silver/ledger_from_<type>.sql} to the ledger's columns, then {@code
     * ledger.sql}
     */
    LEDGER(Tables.LEDGER),
    /** the product's usage events: {@code sql/silver/usage.sql} */
    USAGE(Tables.USAGE),
    /** other allocation drivers: {@code sql/silver/usage_metrics.sql} */
    USAGE_METRICS(Tables.USAGE_METRICS),
    /**
     * a provider's usage report: {@code sql/silver/provider_usage_from_<type>.sql}, priced by
     * {@code provider_usage.sql}
     */
    PROVIDER_USAGE(Tables.PROVIDER_USAGE),
    /** the company's revenue: {@code sql/silver/revenue.sql} */
    REVENUE(Tables.REVENUE),
    /** the providers' invoice totals: {@code sql/silver/invoices.sql} */
    INVOICES(Tables.INVOICES),
    /** the company's customer list, one snapshot per month: {@code sql/silver/customers.sql} */
    CUSTOMERS(Tables.CUSTOMERS),
    /** the company's planned cost per period and budget line: {@code sql/silver/budget.sql} */
    BUDGET(Tables.BUDGET);

    private final TableSpec table;

    Feeds(TableSpec table) {
      this.table = table;
    }

    public TableSpec table() {
      return table;
    }
  }

  /** The bronze table's schema, as a classpath resource. */
  public String bronzeDdl() {
    return bronze(name).ddlResource();
  }

  /** The bronze table of a configured source of this type. */
  public TableSpec bronze(String sourceName) {
    return TableSpec.bronze(sourceName, name);
  }

  /**
   * The SQL files that take the bronze batch to the silver table, in the order they run (classpath
   * resources under {@code sql/}).
   */
  public List<String> transformSql() {
    return switch (feeds) {
      case LEDGER -> List.of("silver/ledger_from_" + name + ".sql", "silver/ledger.sql");
      case PROVIDER_USAGE ->
          List.of("silver/provider_usage_from_" + name + ".sql", "silver/provider_usage.sql");
      default -> List.of("silver/" + feeds.table().name() + ".sql");
    };
  }
}
