package io.github.auroradist.client.security;

/**
 * The client cannot say who it is (a broken {@code .netrc}, a mechanism this build lacks); Aurora's client exits
 * with its auth error code. The message names the file or setting and the fix.
 */
public class AuthException extends Exception {
  private static final long serialVersionUID = 1L;

  public AuthException(String message, Throwable cause) {
    super(message, cause);
  }
}
