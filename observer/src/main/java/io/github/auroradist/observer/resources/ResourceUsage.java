package io.github.auroradist.observer.resources;

import java.util.List;

/**
 * What a task uses right now, sampled from {@code /proc} and the sandbox when a page asks.
 *
 * @param processes one entry per live process run (with its process tree)
 * @param sandboxBytes bytes of the regular files in the sandbox, or null when it is gone
 * @param sandboxPartial true when the sandbox held more entries than are counted (or went deeper)
 */
public record ResourceUsage(List<ProcessUsage> processes, Long sandboxBytes, boolean sandboxPartial) {

  /**
   * One running process and its descendants.
   *
   * @param processCount how many processes the tree holds
   * @param cpuSeconds user plus system CPU time of the tree's live processes
   * @param rssBytes resident memory of the tree
   * @param ageSeconds how long the run's top process has been running
   */
  public record ProcessUsage(String process, int run, long pid, int processCount, double cpuSeconds,
      long rssBytes, double ageSeconds) {

    /** Average cores used since the process started. */
    public double averageCpu() {
      return ageSeconds <= 0 ? 0 : cpuSeconds / ageSeconds;
    }
  }

  public double cpuSeconds() {
    return processes.stream().mapToDouble(ProcessUsage::cpuSeconds).sum();
  }

  public long rssBytes() {
    return processes.stream().mapToLong(ProcessUsage::rssBytes).sum();
  }
}
