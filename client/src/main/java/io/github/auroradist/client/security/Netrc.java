package io.github.auroradist.client.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code .netrc} file: {@code machine NAME login USER password PASS} entries and an optional {@code default}
 * entry, as ftp, curl and Aurora's Python client read it. {@code account} is read and ignored; {@code macdef}
 * bodies (up to the next empty line) are skipped; {@code #} starts a comment; a token may be double-quoted.
 * No Java library keeps this format, and it is small.
 */
public final class Netrc {
  /** The environment variable naming another file, as curl and Python's netrc read it. */
  public static final String VARIABLE = "NETRC";

  /** One entry; {@code machine} is null for the {@code default} entry. Login or password may be null. */
  public record Entry(String machine, String login, String password) {
    @Override
    public String toString() {
      return "Entry[machine=" + machine + ", login=" + login + "]";  // never the password
    }
  }

  private final Path file;
  private final List<Entry> entries;

  private Netrc(Path file, List<Entry> entries) {
    this.file = file;
    this.entries = List.copyOf(entries);
  }

  /** The file to read: {@code $NETRC} when set, else {@code .netrc} in the home directory. */
  public static Path location(Map<String, String> environment, String userHome) {
    String named = environment.get(VARIABLE);
    return named != null && !named.isBlank() ? Path.of(named) : Path.of(userHome, ".netrc");
  }

  /** Reads the file; a missing file has no entries. */
  public static Netrc read(Path file) throws AuthException {
    if (!Files.exists(file)) {
      return new Netrc(file, List.of());
    }
    try {
      return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AuthException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static Netrc parse(Path file, String text) throws AuthException {
    Tokens tokens = new Tokens(file, text);
    List<Entry> entries = new ArrayList<>();
    String machine = null;
    String login = null;
    String password = null;
    boolean inEntry = false;
    for (String token = tokens.next(); token != null; token = tokens.next()) {
      switch (token) {
        case "machine", "default" -> {
          if (inEntry) {
            entries.add(new Entry(machine, login, password));
          }
          machine = token.equals("machine") ? tokens.value(token) : null;
          login = null;
          password = null;
          inEntry = true;
        }
        case "login", "password", "account" -> {
          int line = tokens.line;
          String value = tokens.value(token);
          if (!inEntry) {
            throw new AuthException(file + " line " + line + ": '" + token + "' before any 'machine' or"
                + " 'default'; write entries as: machine HOST login USER password PASSWORD", null);
          }
          if (token.equals("login")) {
            login = value;
          } else if (token.equals("password")) {
            password = value;
          }
        }
        case "macdef" -> {
          tokens.value(token);
          tokens.skipMacro();
        }
        default -> throw new AuthException(file + " line " + tokens.line + ": unknown word '" + token
            + "' (a .netrc holds machine, default, login, password, account and macdef)", null);
      }
    }
    if (inEntry) {
      entries.add(new Entry(machine, login, password));
    }
    return new Netrc(file, entries);
  }

  public Path file() {
    return file;
  }

  /** The first entry for this machine (compared ignoring case), else the {@code default} entry. */
  public Optional<Entry> find(String machine) {
    return entries.stream().filter(e -> e.machine() != null && e.machine().equalsIgnoreCase(machine)).findFirst()
        .or(() -> entries.stream().filter(e -> e.machine() == null).findFirst());
  }

  /** Splits the text into whitespace-separated tokens, with quotes, comments and line numbers. */
  private static final class Tokens {
    private final Path file;
    private final String text;
    private int at;
    int line = 1;

    Tokens(Path file, String text) {
      this.file = file;
      this.text = text;
    }

    /** The next token, or null at the end. */
    String next() throws AuthException {
      while (at < text.length()) {
        char c = text.charAt(at);
        if (c == '\n') {
          line++;
          at++;
        } else if (Character.isWhitespace(c)) {
          at++;
        } else if (c == '#') {
          while (at < text.length() && text.charAt(at) != '\n') {
            at++;
          }
        } else {
          return c == '"' ? quoted() : bare();
        }
      }
      return null;
    }

    /** The value after a keyword; its absence is an error naming the keyword. */
    String value(String keyword) throws AuthException {
      int keywordLine = line;
      String v = next();
      if (v == null) {
        throw new AuthException(file + " line " + keywordLine + ": '" + keyword + "' has no value", null);
      }
      return v;
    }

    /** A macro's body runs to the first empty line. */
    void skipMacro() {
      int end = text.indexOf("\n\n", at);
      int stop = end < 0 ? text.length() : end + 2;
      line += (int) text.substring(at, stop).chars().filter(ch -> ch == '\n').count();
      at = stop;
    }

    private String bare() {
      int start = at;
      while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      return text.substring(start, at);
    }

    private String quoted() throws AuthException {
      int startLine = line;
      StringBuilder sb = new StringBuilder();
      at++;
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') {
          return sb.toString();
        }
        if (c == '\\' && at < text.length()) {
          c = text.charAt(at++);
        }
        if (c == '\n') {
          line++;
        }
        sb.append(c);
      }
      throw new AuthException(file + " line " + startLine + ": a quoted word has no closing '\"'", null);
    }
  }
}
