package io.github.auroradist.mesos.http;

import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * For HTTP clients that only ever speak plain HTTP (the executor to its agent, health checks on localhost): without
 * it, building an {@link HttpClient} sets up the JVM's default TLS context, which loads about 450 classes and parses
 * the JDK's trusted certificates, a few MB in every executor JVM (one runs per task; see docs/benchmarks.md). With
 * it nothing of TLS is loaded; an https URI fails at once, saying why.
 */
public final class PlainHttpOnly {
  private PlainHttpOnly() {}

  /** The builder, told to use a TLS context that refuses every use instead of the default one. */
  public static HttpClient.Builder apply(HttpClient.Builder builder) {
    // Giving the parameters too matters: without them the client asks the context for its defaults.
    return builder.sslContext(new RefusingContext()).sslParameters(new SSLParameters());
  }

  private static final class RefusingContext extends SSLContext {
    RefusingContext() {
      super(new RefusingSpi(), null, "none");
    }
  }

  private static final class RefusingSpi extends SSLContextSpi {
    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException("this HTTP client speaks plain HTTP only; https is not supported");
    }

    @Override
    protected void engineInit(javax.net.ssl.KeyManager[] km, javax.net.ssl.TrustManager[] tm,
        java.security.SecureRandom random) {
      throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      throw refused();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      throw refused();
    }
  }
}
