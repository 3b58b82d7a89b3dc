package io.github.auroradist.scheduler.http;

import io.github.auroradist.scheduler.security.HttpsSettings;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The HTTPS port: TLS with the PKCS12 keystore's key and certificate chain, in front of the same routes. */
final class HttpsConnector {
  private HttpsConnector() {
  }

  static ServerConnector create(Server server, String ip, HttpsSettings https) {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStoreType("PKCS12");
    tls.setKeyStorePath(https.keystorePath().toString());
    tls.setKeyStorePassword(https.keystorePassword());
    HttpConfiguration config = new HttpConfiguration();
    config.setSecureScheme(HttpScheme.HTTPS.asString());
    config.setSecurePort(https.port());
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients reach schedulers by address as often as by name; the certificate's check is theirs to make.
    secure.setSniHostCheck(false);
    config.addCustomizer(secure);
    ServerConnector connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"),
        new HttpConnectionFactory(config));
    connector.setHost(ip);
    connector.setPort(https.port());
    return connector;
  }
}
