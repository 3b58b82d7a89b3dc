package io.github.auroradist.client.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** Aurora's {@code --grouping}: how hosts are put in batches that go (or are judged) together. */
final class GroupingOption {
  @Option(names = "--grouping", defaultValue = "by_host", paramLabel = "GROUPING",
      description = "How hosts are batched: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  HostArguments.Grouping grouping;

  List<List<String>> batches(List<String> hosts) {
    return grouping.batches(hosts);
  }
}
