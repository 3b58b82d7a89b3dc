package io.github.auroradist.client.cli;

import picocli.CommandLine.Option;

/** {@code --wait-timeout SECONDS} of the commands that wait as long as it takes unless told otherwise. */
final class WaitTimeout {
  @Option(names = "--wait-timeout", defaultValue = "0", paramLabel = "SECONDS",
      description = "Give up waiting after this many seconds (exit 9); 0 waits as long as it takes.")
  int seconds;
}
