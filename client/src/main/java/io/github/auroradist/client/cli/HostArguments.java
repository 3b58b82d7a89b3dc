package io.github.auroradist.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Aurora's {@code --hosts=a,b} or {@code --filename=FILE} (one host a line), exactly one of them. */
final class HostArguments {
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_.:\\-\\[\\]]+");

  @Option(names = "--hosts", paramLabel = "HOSTS", description = "Comma separated list of hosts.")
  String hosts;

  @Option(names = "--filename", paramLabel = "FILE", description = "Name of the file with hostnames, one a line.")
  Path filename;

  /** The hosts named, in the order given, each once. */
  List<String> hosts() {
    if (hosts != null && filename != null) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "Please specify either --filename or --hosts, not both.");
    }
    List<String> named = new ArrayList<>();
    if (hosts != null) {
      for (String h : hosts.split(",", -1)) {
        named.add(checked(h.trim(), "--hosts"));
      }
    } else if (filename != null) {
      List<String> lines;
      try {
        lines = Files.readAllLines(filename, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "cannot read the hosts file " + filename + ": " + e, e);
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          checked(line, filename + " line " + (i + 1));
          named.add(line);
        }
      }
    }
    named.removeIf(String::isEmpty);
    if (named.isEmpty()) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "Please specify either --filename or --hosts"
          + (filename != null ? " (" + filename + " names no host)" : ""));
    }
    return List.copyOf(new LinkedHashSet<>(named));
  }

  private static String checked(String host, String where) {
    if (!host.isEmpty() && !HOST_NAME.matcher(host).matches()) {
      throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "'" + host + "' (" + where + ") is not a host name;"
          + " write one host name a line in a hosts file, or a comma separated list in --hosts");
    }
    return host;
  }

  /** Aurora's {@code --grouping}: the batches a drain goes through, one after another. */
  enum Grouping {
    /** Each host alone (Aurora's default). */
    by_host {
      @Override
      String group(String host) {
        return host;
      }
    },
    /** Hosts of one rack together; the rack is the second '-'-separated part of the name ({@code west-aaa-001}). */
    by_rack {
      @Override
      String group(String host) {
        String[] parts = host.split("-", -1);
        if (parts.length < 3) {
          throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "cannot tell the rack of host '" + host + "': by_rack"
              + " reads it from names of the form <dc>-<rack>-<n>...; use --grouping=by_host");
        }
        return parts[1];
      }
    };

    abstract String group(String host);

    /** The hosts in batches, ordered by group name, as Aurora's iter_batches. */
    List<List<String>> batches(List<String> hosts) {
      Map<String, List<String>> groups = new TreeMap<>();
      hosts.forEach(h -> groups.computeIfAbsent(group(h), g -> new ArrayList<>()).add(h));
      groups.values().forEach(l -> l.sort(null));
      return List.copyOf(groups.values());
    }
  }
}
