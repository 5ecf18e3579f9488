package io.cogslake.errors;

import java.util.regex.Pattern;

/**
 * The one redaction of credentials in text on its way to a message or a log line. It works on the
 * text, not on {@code java.net.URI}: a {@code jdbc:} URL is an opaque URI to Java, so its user info
 * is never parsed out, and a driver's own error message may quote the URL anywhere in a sentence.
 */
public final class Secrets {
  /**
   * {@code scheme://user:secret@host} (also {@code jdbc:postgresql://user:secret@host}): the user
   * info.
   */
  private static final Pattern USER_INFO =
      Pattern.compile("(//)[^/\\s?#'\"]*@"); // greedy: a password may hold an @

  /** Oracle's thin form {@code jdbc:oracle:thin:user/secret@host}. */
  private static final Pattern ORACLE =
      Pattern.compile(
          "(jdbc:oracle:[a-z0-9]+:)[^@\\s/'\"]*/[^@\\s'\"]*@", Pattern.CASE_INSENSITIVE);

  /**
   * {@code ?password=}, {@code &password=}, {@code ;password=} and friends, up to the next
   * separator.
   */
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "([?&;:]\\s*(?:password|passwd|pwd|secret|token|access_?token|api_?key|access_?key|secret_?key|account_?key|sig)\\s*=)[^&;\\s'\"]*",
          Pattern.CASE_INSENSITIVE);

  public static final String MASK = "***";

  private Secrets() {}

  /**
   * {@code text} with every user info and password parameter of a URL in it replaced by {@code
   * ***}.
   */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = ORACLE.matcher(text).replaceAll("$1" + MASK + "@");
    out = USER_INFO.matcher(out).replaceAll("$1" + MASK + "@");
    return SECRET_PARAMETER.matcher(out).replaceAll("$1" + MASK);
  }
}
