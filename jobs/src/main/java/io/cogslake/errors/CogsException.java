package io.cogslake.errors;

/** An error a user can act on: one line of text and the exit status the launcher returns. */
public class CogsException extends RuntimeException {
  private final int exitCode;

  public CogsException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CogsException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
