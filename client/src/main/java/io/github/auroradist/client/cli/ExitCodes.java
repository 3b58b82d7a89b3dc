package io.github.auroradist.client.cli;

/** The exit codes of Aurora's command line, which scripts around it test for. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int INVALID_CONFIG = 3;
  public static final int COMMAND_FAILURE = 4;
  public static final int INVALID_COMMAND = 5;
  public static final int INVALID_PARAMETER = 6;
  public static final int NETWORK_ERROR = 7;
  public static final int TIMEOUT = 9;
  public static final int API_ERROR = 10;
  public static final int UNKNOWN_ERROR = 20;
  public static final int AUTH_ERROR = 30;
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
