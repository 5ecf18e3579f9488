package io.cogslake.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cogslake.errors.CogsException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static final Path BASE = Path.of("/work/project");

  private static CogsConfig parse(String yaml, Map<String, String> env) {
    return new ConfigLoader(env::get).parse(yaml, BASE, "test.yaml");
  }

  @Test
  void aConfigurationWithOnlyTheLakeIsValidAndEveryOtherKeyHasItsDefault() {
    CogsConfig config = parse("lake: lake\n", Map.of());
    assertEquals("/work/project/lake", config.lake);
    assertEquals("USD", config.reportingCurrency);
    assertEquals("in-memory", config.catalog);
    assertEquals("expense", config.classification.policies.fineTuning);
    assertEquals(new BigDecimal("0.01"), config.reconciliation.tolerance);
    assertEquals(3, config.stress.scenarios.size());
    assertEquals(new BigDecimal("0.5"), config.stress.scenarios.get(0).tokenPriceChange);
  }

  @Test
  void unknownKeysAreRejectedByName() {
    CogsException e =
        assertThrows(
            CogsException.class, () -> parse("lake: x\nreporting_curency: EUR\n", Map.of()));
    assertEquals(2, e.exitCode());
    assertEquals("Unknown configuration key 'reporting_curency'", e.getMessage());
    CogsException nested =
        assertThrows(
            CogsException.class,
            () ->
                parse(
                    "lake: x\nsources:\n  - name: a\n    type: focus\n    path: p\n    pth: q\n",
                    Map.of()));
    assertEquals("Unknown configuration key 'pth' in sources[0]", nested.getMessage());
  }

  @Test
  void secretsComeFromTheEnvironment() {
    CogsConfig config =
        parse(
            "lake: s3a://bucket/lake\npublish:\n  password: ${WAREHOUSE_PW}\n",
            Map.of("WAREHOUSE_PW", "s3cret"));
    assertEquals("s3cret", config.publish.password);
    assertEquals("s3a://bucket/lake", config.lake);
    CogsException e =
        assertThrows(
            CogsException.class, () -> parse("lake: x\npublish:\n  password: ${NOPE}\n", Map.of()));
    assertEquals(
        "Configuration key 'publish.password' refers to environment variable NOPE, which is not set",
        e.getMessage());
    assertEquals("/work/project/lake", parse("lake: ${DEMO:-lake}\n", Map.of()).lake);
  }

  @Test
  void badValuesNameTheKey() {
    assertEquals(
        "Missing configuration key 'lake'",
        assertThrows(CogsException.class, () -> parse("catalog: hive\n", Map.of())).getMessage());
    assertEquals(
        "Configuration key 'classification.policies.fine_tuning' must be expense or capitalize, not 'sometimes'",
        assertThrows(
                CogsException.class,
                () ->
                    parse(
                        "lake: x\nclassification:\n  policies:\n    fine_tuning: sometimes\n",
                        Map.of()))
            .getMessage());
    assertEquals(
        "Configuration key 'catalog' must be in-memory (tables are registered from the lake's folders), not 'hive'",
        assertThrows(CogsException.class, () -> parse("lake: x\ncatalog: hive\n", Map.of()))
            .getMessage());
    assertEquals(
        "Source name 'a' is used twice",
        assertThrows(
                CogsException.class,
                () ->
                    parse(
                        "lake: x\nsources:\n  - {name: a, type: focus, path: p}\n  - {name: a, type: focus, path: q}\n",
                        Map.of()))
            .getMessage());
  }

  @Test
  void theReportingCurrencyIsAnIsoCode() {
    assertEquals("EUR", parse("lake: x\nreporting_currency: EUR\n", Map.of()).reportingCurrency);
    for (String bad : List.of("${NOPE:-}", "usd", "EURO", "XYZ", "''")) {
      CogsException e =
          assertThrows(
              CogsException.class,
              () -> parse("lake: x\nreporting_currency: " + bad + "\n", Map.of()),
              bad);
      assertEquals(2, e.exitCode());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "Configuration key 'reporting_currency' must be a 3-letter ISO 4217 currency code"),
          e.getMessage());
    }
  }

  @Test
  void anEnvironmentValueInASqlKeyBecomesOneQuotedLiteral() {
    CogsConfig config =
        parse(
            "lake: ${LAKE}\nallocation:\n  rules:\n    - {id: a, method: even, where: \"x_Team = ${TEAM} and x_Env = ${ENV:-prod}\"}\n",
            Map.of("LAKE", "/data/lake", "TEAM", "o'k\\ or true"));
    assertEquals(
        "x_Team = 'o\\'k\\\\ or true' and x_Env = 'prod'", config.allocation.rules.get(0).where);
    assertEquals("/data/lake", config.lake); // a path: substituted as it is
  }

  private static final String MAPPED =
      "lake: x\nsources:\n  - name: vendor\n    type: mapped_csv\n    path: p\n    provider: acme_ocr\n    currency: USD\n"
          + "    columns:\n      ChargePeriodStart: day\n      BilledCost: \"cast(pages as decimal(38,18)) * 0.0015\"\n"
          + "      ServiceName: ${SERVICE}\n";

  @Test
  void aMappedSourceIsCheckedAtStartAndAnEnvironmentValueInItsMappingIsALiteral() {
    CogsConfig config = parse(MAPPED, Map.of("SERVICE", "OCR's API"));
    assertEquals(
        "'OCR\\'s API'", config.sources.get(0).columns.get("ServiceName"), "data, never SQL");
    assertEquals(
        "Source vendor: the billing currency is missing: set currency (e.g. USD) or columns.BillingCurrency",
        assertThrows(
                CogsException.class,
                () -> parse(MAPPED.replace("    currency: USD\n", ""), Map.of("SERVICE", "s")))
            .getMessage());
    assertEquals(
        "Source vendor: configuration key 'sources[0].provider' is missing: a mapped_csv source names its provider (x_Provider,"
            + " ServiceProviderName)",
        assertThrows(
                CogsException.class,
                () -> parse(MAPPED.replace("    provider: acme_ocr\n", ""), Map.of("SERVICE", "s")))
            .getMessage());
    assertEquals(
        "Source vendor: workload must be one of eval, experiment, fine_tuning, hosting, human_review, inference, internal_tool, labeling,"
            + " retrieval, third_party_ai, training, not 'ocr'",
        assertThrows(
                CogsException.class,
                () -> parse(MAPPED + "    workload: ocr\n", Map.of("SERVICE", "s")))
            .getMessage());
    CogsException other =
        assertThrows(
            CogsException.class,
            () ->
                parse(
                    "lake: x\nsources:\n  - {name: a, type: focus, path: p, provider: aws}\n",
                    Map.of()));
    assertEquals(2, other.exitCode());
    assertEquals(
        "Configuration key 'sources[0]': provider, currency, columns, tags, workload and billing_period are for type mapped_csv sources"
            + " only, not focus",
        other.getMessage());
  }
}
