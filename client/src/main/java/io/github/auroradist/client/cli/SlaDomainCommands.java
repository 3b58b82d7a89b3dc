package io.github.auroradist.client.cli;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduledTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aurora-admin sla_list_safe_domain} and {@code sla_probe_hosts}: which hosts can go down without a job
 * falling below its SLA, computed on the client from the cluster's live tasks as Aurora's client does.
 */
final class SlaDomainCommands {
  private SlaDomainCommands() {}

  /** CLUSTER PERCENTAGE DURATION, the job size threshold and the grouping both commands take. */
  abstract static class DomainCommand extends SchedulerCommand {
    @Option(names = "--min_job_instance_count", defaultValue = "10", paramLabel = "COUNT",
        description = "Min job instance count to consider for SLA purposes (default: ${DEFAULT-VALUE}).")
    int minInstances;

    @Mixin GroupingOption grouping;

    @Parameters(index = "0", paramLabel = "CLUSTER") String cluster;
    @Parameters(index = "1", paramLabel = "PERCENTAGE") String percentage;
    @Parameters(index = "2", paramLabel = "DURATION", description = "XdYhZmWs, e.g. 5m or 1d3h45m.") String duration;

    SlaVectors.Domain domain() throws Exception {
      SchedulerClient scheduler = ClientContext.scheduler(ClientContext.cluster(cluster));
      List<ScheduledTask> tasks = scheduler.queryWithoutConfigs(null, null, null, Set.of(), SlaVectors.LIVE_STATES);
      return new SlaVectors.Domain(tasks, minInstances, SlaVectors.clock.getAsLong());
    }

    double percentage() {
      return slaPercentage(percentage, "PERCENTAGE");
    }

    long durationSecs() {
      return Durations.seconds(duration, "DURATION");
    }

    String path(JobKey job) {
      return cluster + "/" + job.path();
    }
  }

  static double slaPercentage(String text, String what) {
    try {
      double p = Double.parseDouble(text.trim());
      if (p > 0 && p <= 100) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CommandFailure(ExitCodes.INVALID_PARAMETER, what + " '" + text + "' is not an SLA percentage: write a"
        + " number above 0 and at most 100, e.g. 95");
  }

  @Command(name = "sla_list_safe_domain", aliases = "sla-list-safe-domain",
      description = "List the hosts whose tasks can be killed without any job falling below its SLA.")
  static final class ListSafeDomain extends DomainCommand {
    @Option(names = {"-x", "--exclude_hosts"}, paramLabel = "HOSTS", description = "Hosts to leave out.")
    String excludeHosts;
    @Option(names = {"-X", "--exclude_file"}, paramLabel = "FILE", description = "File of hosts to leave out.")
    Path excludeFile;
    @Option(names = {"-i", "--include_hosts"}, paramLabel = "HOSTS", description = "Only these hosts.")
    String includeHosts;
    @Option(names = {"-I", "--include_file"}, paramLabel = "FILE", description = "File of the only hosts to list.")
    Path includeFile;
    @Option(names = {"-l", "--list_jobs"},
        description = "Print the jobs affected: HOST JOB PREDICTED_SLA DURATION_SECONDS.")
    boolean listJobs;
    @Option(names = {"-o", "--override_file"}, paramLabel = "FILE",
        description = "Job SLAs replacing PERCENTAGE and DURATION, lines 'cluster/role/env/job percentage duration'.")
    Path overrideFile;

    @Override
    int run() throws Exception {
      double pct = percentage();
      long secs = durationSecs();
      Set<String> exclude = optionalHosts(excludeHosts, excludeFile, "--exclude");
      Set<String> include = optionalHosts(includeHosts, includeFile, "--include");
      Map<JobKey, SlaVectors.SlaLimit> overrides = overrideFile == null ? Map.of() : overrides(overrideFile);
      SlaVectors.Domain domain = domain();
      List<String> hosts = domain.hosts().stream().filter(h -> include.isEmpty() || include.contains(h)).toList();
      for (List<String> group : grouping.batches(hosts)) {
        List<SlaVectors.Prediction> predictions = domain.probe(group, pct, secs, overrides);
        boolean safe = predictions.stream().allMatch(SlaVectors.Prediction::safe);
        if (!safe) {
          continue;
        }
        for (String host : group) {
          if (exclude.contains(host)) {
            continue;
          }
          if (!listJobs) {
            out().println(host);
            continue;
          }
          for (SlaVectors.Prediction p : domain.probe(List.of(host), pct, secs, overrides)) {
            out().println(String.format(Locale.ROOT, "%s\t%s\t%.2f\t%d", host, path(p.job()), p.percentage(),
                p.durationSecs()));
          }
        }
      }
      return ExitCodes.OK;
    }

    private Map<JobKey, SlaVectors.SlaLimit> overrides(Path file) {
      Map<JobKey, SlaVectors.SlaLimit> out = new HashMap<>();
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "cannot read --override_file " + file + ": " + e, e);
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty()) {
          continue;
        }
        String[] tokens = line.split("\\s+", -1);
        String where = file + " line " + (i + 1);
        if (tokens.length != 3) {
          throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "Invalid line in " + where + ": '" + line
              + "'; write 'cluster/role/env/job percentage duration', e.g. 'cl/mesos/prod/labrat 95 2h'");
        }
        AuroraJobKey key;
        try {
          key = AuroraJobKey.parse(tokens[0]);
        } catch (IllegalArgumentException e) {
          throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "Invalid line in " + where + ": " + e.getMessage(), e);
        }
        out.put(key.jobKey(), new SlaVectors.SlaLimit(slaPercentage(tokens[1], where),
            Durations.seconds(tokens[2], where)));
      }
      return out;
    }
  }

  @Command(name = "sla_probe_hosts", aliases = "sla-probe-hosts",
      description = "For each host, the jobs with tasks on it and their SLA should it go down:"
          + " HOST JOB PREDICTED_SLA SAFE? PREDICTED_SAFE_IN.")
  static final class ProbeHosts extends DomainCommand {
    @Mixin HostArguments hostArguments;

    @Override
    int run() throws Exception {
      double pct = percentage();
      long secs = durationSecs();
      List<String> hosts = hostArguments.hosts();
      SlaVectors.Domain domain = domain();
      for (List<String> group : grouping.batches(hosts)) {
        for (String host : group) {
          // A group goes down together: its jobs are predicted with every host of the group down.
          for (SlaVectors.Prediction p : domain.probe(group, pct, secs, Map.of())) {
            if (group.size() > 1 && !domain.runsOn(p.job(), host)) {
              continue;
            }
            out().println(String.format(Locale.ROOT, "%s\t%s\t%.2f\t%s\t%s", host, path(p.job()), p.percentage(),
                p.safe() ? "True" : "False", p.safeInSecs() == null ? "n/a" : p.safeInSecs().toString()));
          }
        }
      }
      return ExitCodes.OK;
    }
  }

  /** Hosts from --X_hosts or --X_file (neither: none). */
  static Set<String> optionalHosts(String hosts, Path file, String option) {
    if (hosts == null && file == null) {
      return Set.of();
    }
    HostArguments a = new HostArguments();
    a.hosts = hosts;
    a.filename = file;
    return Set.copyOf(new ArrayList<>(a.hosts()));
  }
}
