package io.github.auroradist.scheduler.security;

import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.Caller;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.realm.text.IniRealm;
import org.apache.shiro.subject.SimplePrincipalCollection;

/** HTTP Basic credentials (RFC 7617, UTF-8) checked against the users and permissions of a security.ini. */
final class IniAccess implements ApiAccess {
  private static final String BASIC = "basic ";

  private final IniRealm realm;

  IniAccess(IniRealm realm) {
    this.realm = realm;
  }

  @Override
  public Caller authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw unauthenticated("this scheduler requires HTTP Basic credentials for writes and the request had none;"
          + " set auth_mechanism BASIC for the cluster in clusters.json and put the user and password in ~/.netrc");
    }
    if (!authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      throw unauthenticated("this scheduler requires HTTP Basic credentials for writes; the request's"
          + " Authorization header uses another scheme");
    }
    String decoded;
    try {
      byte[] raw = Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim());
      decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw unauthenticated("this scheduler requires HTTP Basic credentials for writes; the request's"
          + " Authorization header is not base64 of UTF-8 'user:password'");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw unauthenticated("this scheduler requires HTTP Basic credentials for writes; the request's"
          + " credentials have no user name ('user:password')");
    }
    String user = decoded.substring(0, colon);
    AuthenticationInfo info;
    try {
      info = realm.getAuthenticationInfo(new UsernamePasswordToken(user, decoded.substring(colon + 1)));
    } catch (AuthenticationException e) {
      info = null;
    }
    if (info == null) {
      throw unauthenticated("this scheduler did not accept the HTTP Basic credentials of user '" + user
          + "': unknown user or wrong password");
    }
    return new Caller(user);
  }

  @Override
  public void authorize(Caller caller, String permission) {
    if (!realm.isPermitted(new SimplePrincipalCollection(caller.user(), realm.getName()), permission)) {
      throw new ApiException(ApiException.AUTH_FAILED, 403, "user '" + caller.user() + "' is not allowed to do"
          + " this: it needs the permission " + permission + " (a role of the user's in the scheduler's"
          + " security.ini must grant it)");
    }
  }

  private static ApiException unauthenticated(String message) {
    return new ApiException(ApiException.AUTH_FAILED, 401, message);
  }
}
