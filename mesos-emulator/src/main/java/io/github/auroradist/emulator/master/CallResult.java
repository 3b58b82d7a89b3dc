package io.github.auroradist.emulator.master;

/** The answer to a scheduler call: an HTTP status, and for errors a message naming the problem. */
public record CallResult(int status, String message) {
  static final CallResult ACCEPTED = new CallResult(202, "");
}
