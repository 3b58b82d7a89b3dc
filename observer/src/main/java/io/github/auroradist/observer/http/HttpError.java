package io.github.auroradist.observer.http;

/** Ends a request with a status and a message for the user (shown escaped). */
final class HttpError extends RuntimeException {
  final int status;

  HttpError(int status, String message) {
    super(message);
    this.status = status;
  }
}
