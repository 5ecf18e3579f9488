package io.cogslake.config;

/** One landing-zone source: a name of the user's, a source type of the contract, a path. */
public final class SourceConfig {
  public String name;
  public String type;
  public String path;
  /** For azure_cost: actual or amortized. */
  public String dataset;

  public SourceConfig() {}

  public SourceConfig(String name, String type, String path) {
    this.name = name;
    this.type = type;
    this.path = path;
  }
}
