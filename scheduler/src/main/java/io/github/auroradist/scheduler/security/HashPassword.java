package io.github.auroradist.scheduler.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Prints the hash of a password to put in a security.ini in place of the plain password
 * ({@code alice = $shiro2$2y$10$..., admin}). The password is read from the terminal without echo, or as the
 * first line of standard input.
 */
public final class HashPassword {
  private HashPassword() {
  }

  // Java 17, the scheduler's Java, has no console when standard input is not a terminal: the password is piped then.
  @SuppressWarnings("SystemConsoleNull")
  public static void main(String[] args) throws IOException {
    if (args.length > 0) {
      System.err.println("usage: HashPassword   (reads the password from the terminal or standard input, prints its"
          + " hash for security.ini)");
      System.exit(args[0].equals("-help") || args[0].equals("--help") ? 0 : 1);
    }
    char[] password;
    Console console = System.console();
    if (console != null) {
      password = console.readPassword("Password: ");
    } else {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      password = line == null ? null : line.toCharArray();
    }
    if (password == null || password.length == 0) {
      System.err.println("HashPassword: no password given");
      System.exit(1);
      return;
    }
    System.out.println(hash(password));
    Arrays.fill(password, '\0');
  }

  /** The password in Shiro's crypt format (bcrypt, salted). */
  static String hash(char[] password) {
    return SecurityIni.passwords().encryptPassword(new String(password));
  }
}
