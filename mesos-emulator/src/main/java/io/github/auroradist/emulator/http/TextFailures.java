package io.github.auroradist.emulator.http;

import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.FailureReply;
import org.eclipse.jetty.http.HttpHeader;

/** Failures answered as Mesos answers them: the status and a plain-text message. */
public final class TextFailures implements FailureReply {
  private final String server;
  private final String endpoints;

  /**
   * @param server which emulator server this is, for "no such endpoint" answers ("master")
   * @param endpoints what it serves, for the same answers
   */
  public TextFailures(String server, String endpoints) {
    this.server = server;
    this.endpoints = endpoints;
  }

  @Override
  public void reply(Exchange x, int status, String message, Throwable cause) {
    String text = message;
    if (status == 404 && cause == null) {
      text = "No endpoint " + x.path() + " on the Mesos emulator " + server + "; it serves " + endpoints;
    } else if (status == 405) {
      String allowed = x.response().getHeaders().get(HttpHeader.ALLOW);
      text = "Expecting a '" + String.join("' or '", allowed.split(", ")) + "' request, received '" + x.method() + "'";
    }
    x.text(status, text);
  }
}
