package io.github.auroradist.client.cli;

import io.github.auroradist.client.config.ConfigException;
import io.github.auroradist.common.BuildInfo;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code aurora}: the user's command line. */
@Command(name = "aurora",
    description = "Runs and manages jobs on an Aurora cluster.",
    versionProvider = AuroraMain.Version.class,
    subcommands = {ConfigCommand.class, CronCommand.class, JobCommand.class, QuotaCommand.class,
        SlaCommand.class, TaskCommand.class, UpdateCommand.class,
        CommandLine.HelpCommand.class},
    usageHelpAutoWidth = true)
public final class AuroraMain implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
  boolean version;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** Shared by every subcommand: {@code aurora -v job inspect ...} or {@code ... -v}. */
  @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Say more about what happens, and show stack traces of failures.")
  static boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a command is required: config, cron, job, quota, sla, task or update");
  }

  public static void main(String[] args) {
    System.exit(run(args, utf8(System.out), utf8(System.err)));
  }

  /** A writer on standard output or error that flushes each line and writes UTF-8, whatever the locale. */
  static PrintWriter utf8(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** Runs the command line and returns the exit code; tests call this directly. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length == 1 && args[0].equals("--version")) {
      // Scripts ask for the version often: answer before picocli reads the annotations of every command (and
      // loads their classes), which took most of this command's time.
      out.println(new Version().getVersion()[0]);
      out.flush();
      return ExitCodes.OK;
    }
    return execute(new CommandLine(new AuroraMain()), args, out, err);
  }

  /** Runs a command line (aurora or aurora-admin) with Aurora's error reporting and exit codes. */
  /** Every command answers -h/--help, as the error messages promise ("see aurora job kill --help"). */
  static void addHelpOptions(CommandLine cli) {
    CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
    if (!(cli.getCommand() instanceof CommandLine.HelpCommand) && spec.findOption("--help") == null) {
      spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
          .description("Show this help and exit.").build());
    }
    cli.getSubcommands().values().forEach(AuroraMain::addHelpOptions);
  }

  static int execute(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
    verbose = false;
    ClientContext.startRun(err);
    addHelpOptions(cli);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(AuroraMain::badParameters);
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> failed(e, commandLine));
    try {
      return cli.execute(args);
    } catch (Error e) {
      // picocli hands only Exceptions to the handler; say what broke instead of a bare trace.
      err.println("error: unexpected failure: " + e);
      if (verbose) {
        e.printStackTrace(err);
      }
      return ExitCodes.UNKNOWN_ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int badParameters(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + e.getMessage());
    boolean wrongOrNoCommand = e instanceof UnmatchedArgumentException
        || e.getMessage().startsWith("Missing required subcommand");
    if (wrongOrNoCommand && !cmd.getSubcommands().isEmpty()) {
      err.println("commands: " + String.join(", ", cmd.getSubcommands().keySet()));
    }
    err.println("(see " + cmd.getCommandSpec().qualifiedName() + " --help)");
    Throwable cause = e.getCause();
    boolean badValue = cause instanceof TypeConversionException
        || e.getMessage().startsWith("Invalid value");
    return badValue ? ExitCodes.INVALID_PARAMETER : ExitCodes.INVALID_COMMAND;
  }

  private static int failed(Exception e, CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    int code;
    String message;
    if (e instanceof CommandFailure f) {
      code = f.exitCode();
      message = f.getMessage();
    } else if (e instanceof ConfigException) {
      code = ExitCodes.INVALID_CONFIG;
      message = "invalid configuration: " + e.getMessage();
    } else if (e instanceof IllegalArgumentException) {
      code = ExitCodes.INVALID_PARAMETER;
      message = e.getMessage();
    } else if (e instanceof InterruptedException) {
      code = ExitCodes.INTERRUPTED;
      message = "interrupted";
    } else {
      code = ExitCodes.UNKNOWN_ERROR;
      message = "unexpected error: " + e;
    }
    err.println("error: " + message);
    if (verbose) {
      e.printStackTrace(err);
    }
    return code;
  }

  /** The version and commit this jar was built from; the first two words stay "aurora VERSION" for scripts. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"aurora " + BuildInfo.current().describe()};
    }
  }
}
