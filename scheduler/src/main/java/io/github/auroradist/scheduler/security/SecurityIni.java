package io.github.auroradist.scheduler.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.credential.CredentialsMatcher;
import org.apache.shiro.authc.credential.DefaultPasswordService;
import org.apache.shiro.authc.credential.PasswordService;
import org.apache.shiro.config.Ini;
import org.apache.shiro.crypto.hash.DefaultHashService;
import org.apache.shiro.realm.text.IniRealm;

/**
 * Reads an Aurora security.ini ({@code [users]} {@code name = password, role, ...}; {@code [roles]}
 * {@code role = permission, ...}) into a Shiro realm. A password may be stored hashed, as Shiro's crypt format
 * ({@code $shiro2$2y$10$...}, bcrypt, made by {@link HashPassword}, or Shiro 1's {@code $shiro1$SHA-256$...}); anything
 * else is a plain-text password, as Aurora's files have.
 */
final class SecurityIni {
  private static final String HASHED = "$shiro";

  private SecurityIni() {
  }

  static IniRealm load(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SecurityConfigException("-shiro_ini_path=" + path + ": cannot read it (" + e + "); give the"
          + " security.ini with [users] and [roles]", e);
    }
    Ini ini = new Ini();
    try {
      ini.load(text);
    } catch (RuntimeException e) {
      throw new SecurityConfigException("-shiro_ini_path=" + path + ": not an INI file: " + e.getMessage(), e);
    }
    Ini.Section users = ini.getSection(IniRealm.USERS_SECTION_NAME);
    if (users == null || users.isEmpty()) {
      throw new SecurityConfigException("-shiro_ini_path=" + path + " has no users: add a [users] section with"
          + " lines 'name = password, role1, role2' (see docs/security.md)");
    }
    IniRealm realm;
    try {
      realm = new IniRealm(ini);
    } catch (RuntimeException e) {
      throw new SecurityConfigException("-shiro_ini_path=" + path + ": " + e.getMessage(), e);
    }
    realm.setCredentialsMatcher(new PlainOrHashed(passwords()));
    return realm;
  }

  /**
   * Shiro's password service with bcrypt: its hashes ({@code $shiro2$2y$10$...}) have no comma, which in a
   * {@code [users]} line would start the list of roles (Shiro's default, Argon2, writes {@code t=1,m=...,p=4}).
   */
  static PasswordService passwords() {
    DefaultHashService hashes = new DefaultHashService();
    hashes.setDefaultAlgorithmName("2y");
    DefaultPasswordService passwords = new DefaultPasswordService();
    passwords.setHashService(hashes);
    return passwords;
  }

  /** Plain-text passwords compare equal (in constant time); hashed ones through Shiro's password service. */
  private record PlainOrHashed(PasswordService hashes) implements CredentialsMatcher {
    @Override
    public boolean doCredentialsMatch(AuthenticationToken token, AuthenticationInfo info) {
      String given = text(token.getCredentials());
      String stored = text(info.getCredentials());
      if (given == null || stored == null) {
        return false;
      }
      if (stored.startsWith(HASHED)) {
        try {
          return hashes.passwordsMatch(given, stored);
        } catch (RuntimeException e) {
          // A hash Shiro cannot read never matches; the operator sees why in the log.
          org.slf4j.LoggerFactory.getLogger(SecurityIni.class).warn("A password hash in the security.ini cannot be"
              + " read ({}); make it again with HashPassword", e.getMessage());
          return false;
        }
      }
      return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), stored.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Object credentials) {
      if (credentials instanceof char[] chars) {
        return new String(chars);
      }
      return credentials instanceof String s ? s : null;
    }
  }
}
