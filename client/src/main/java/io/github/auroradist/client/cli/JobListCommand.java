package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.common.model.JobConfiguration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code aurora job list CLUSTER[/ROLE[/ENV[/NAME]]]} with {@code *} and {@code ?} globs. */
@Command(name = "list", description = "List the jobs matching a pattern such as devcluster/www-data/*/*.")
final class JobListCommand extends SchedulerCommand {
  @Parameters(index = "0", paramLabel = "CLUSTER[/ROLE[/ENV[/NAME]]]")
  String pattern;

  @Override
  int run() throws Exception {
    String[] parts = pattern.split("/", -1);
    if (parts.length > 4 || parts[0].isEmpty() || parts[0].contains("*")) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "'" + pattern + "' is not a job"
          + " pattern: write CLUSTER[/ROLE[/ENV[/NAME]]] (ROLE, ENV and NAME may use * and ?)");
    }
    Pattern role = glob(parts, 1);
    Pattern env = glob(parts, 2);
    Pattern name = glob(parts, 3);
    SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(parts[0]));
    String exactRole = parts.length > 1 && !parts[1].matches(".*[*?].*") ? parts[1] : null;
    Set<String> keys = new TreeSet<>();
    for (JobConfiguration j : scheduler.jobs(exactRole, null)) {
      var k = j.key();
      if (role.matcher(k.role()).matches() && env.matcher(k.environment()).matches()
          && name.matcher(k.name()).matches()) {
        keys.add(parts[0] + "/" + k.path());
      }
    }
    keys.forEach(out()::println);
    return ExitCodes.OK;
  }

  private static Pattern glob(String[] parts, int i) {
    String g = parts.length > i ? parts[i] : "*";
    StringBuilder re = new StringBuilder();
    for (int at = 0; at < g.length(); at++) {
      char c = g.charAt(at);
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(re.toString());
  }
}
