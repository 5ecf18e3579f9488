package io.cogslake.report;

/**
 * Text that comes from the data (customer names, tags, features) on its way into a report: escaped
 * for HTML, and recognised when a spreadsheet would read it as a formula ({@code =}, {@code +},
 * {@code -}, {@code @}, or a leading tab / carriage return, the OWASP CSV-injection list).
 */
public final class SafeText {
  private SafeText() {}

  /** HTML text and attribute values: {@code & < > " '} escaped. */
  public static String html(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** True when a spreadsheet, on editing or import, would take the text for a formula. */
  public static boolean looksLikeFormula(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    char first = value.charAt(0);
    return first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r';
  }

  /**
   * A spreadsheet-safe cell (CSV export): formula-looking text gets a leading apostrophe, the OWASP
   * CSV-injection defence, so a spreadsheet shows {@code =HYPERLINK(...)} as text and never
   * evaluates it.
   */
  public static String spreadsheetCell(String value) {
    return looksLikeFormula(value) ? "'" + value : value;
  }
}
