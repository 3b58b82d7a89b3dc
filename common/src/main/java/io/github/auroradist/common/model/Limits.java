package io.github.auroradist.common.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The bounds on everything a caller controls in a job, the same for the scheduler (which refuses a job past them
 * with a 400) and the client (which refuses it before sending). Each is far above what a real job uses, so only a
 * mistake or an attack reaches one; docs/api.md lists them and says why each is where it is.
 *
 * @param maxNameLength      role, environment and job name parts, port, process, constraint, tier, executor and
 *                           metadata key names, and the owner's user name (a name becomes part of a path or an
 *                           environment variable; file systems cap a path component at 255 bytes)
 * @param maxValueLength     a metadata value, a constraint value, a contact address or a cron schedule
 * @param maxExecutorDataBytes the executor's data as UTF-8 (a Thermos task is a few KiB; the executor holds it in
 *                           memory and Mesos sends it in every launch)
 * @param maxListItems       named ports, constraints, values of one constraint, metadata entries
 * @param minCpu             Mesos counts CPU in thousandths, so a smaller share rounds to nothing
 * @param maxCpu             CPUs of one task
 * @param maxMb              RAM or disk of one task, in MiB (1 PiB)
 * @param maxGpus            GPUs of one task
 * @param maxInstances       instances of one job: every id up to {@link InstanceRanges#MAX_INSTANCE_ID}
 */
public record Limits(int maxNameLength, int maxValueLength, int maxExecutorDataBytes, int maxListItems,
    double minCpu, double maxCpu, long maxMb, int maxGpus, int maxInstances) {
  /** The limits the scheduler and the client enforce. */
  public static final Limits STANDARD = new Limits(128, 4_096, 1024 * 1024, 100, 0.001, 10_000,
      1024L * 1024 * 1024, 1_000, InstanceRanges.MAX_INSTANCE_ID + 1);

  /** A limit a job breaks: the field (as in the API's JSON) and what is wrong, with the fix. */
  public record Violation(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  /** Every limit {@code job} breaks (none for a null job or null parts: the scheduler's rules name those). */
  public List<Violation> violations(JobConfiguration job) {
    List<Violation> out = new ArrayList<>();
    if (job == null) {
      return out;
    }
    if (job.instanceCount() > maxInstances) {
      out.add(new Violation("instanceCount", job.instanceCount() + " is more than " + maxInstances
          + ", the most instances a job may have (ids run from 0 to " + (maxInstances - 1) + ")"));
    }
    if (job.owner() != null) {
      name(out, "owner.user", job.owner().user());
    }
    text(out, "cronSchedule", job.cronSchedule(), maxValueLength);
    TaskConfig task = job.taskConfig();
    if (task == null) {
      return out;
    }
    if (task.owner() != null) {
      name(out, "taskConfig.owner.user", task.owner().user());
    }
    resources(out, task.resources());
    name(out, "taskConfig.tier", task.tier());
    text(out, "taskConfig.contactEmail", task.contactEmail(), maxValueLength);
    count(out, "taskConfig.constraints", task.constraints(), "constraints");
    for (int i = 0; i < task.constraints().size(); i++) {
      Constraint c = task.constraints().get(i);
      String field = "taskConfig.constraints[" + i + "]";
      name(out, field + ".name", c.name());
      if (c.value() != null && c.value().values() != null) {
        count(out, field + ".value.values", c.value().values(), "values");
        c.value().values().forEach(v -> text(out, field + ".value.values", v, maxValueLength));
      }
    }
    count(out, "taskConfig.metadata", task.metadata(), "metadata entries");
    for (int i = 0; i < task.metadata().size(); i++) {
      Metadata m = task.metadata().get(i);
      if (m != null) {
        name(out, "taskConfig.metadata[" + i + "].key", m.key());
        text(out, "taskConfig.metadata[" + i + "].value", m.value(), maxValueLength);
      }
    }
    out.addAll(ContainerChecks.violations("taskConfig.container", task.container(), this));
    ExecutorConfig executor = task.executorConfig();
    if (executor != null) {
      name(out, "taskConfig.executorConfig.name", executor.name());
      if (executor.data() != null) {
        // Characters first: a string that long is too long whatever its bytes, and measuring it costs nothing.
        long bytes = executor.data().length() > maxExecutorDataBytes ? executor.data().length() * 3L
            : executor.data().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxExecutorDataBytes) {
          out.add(new Violation("taskConfig.executorConfig.data", "is " + (executor.data().length()
              > maxExecutorDataBytes ? "more than " + maxExecutorDataBytes : bytes) + " bytes, at most "
              + maxExecutorDataBytes + " (1 MiB) are accepted; move large files into the task's package or"
              + " fetch them in a process instead of inlining them"));
        }
      }
    }
    return out;
  }

  /** The process names of a Thermos task: each a name within {@link #maxNameLength}. */
  public List<Violation> processNameViolations(Collection<String> processNames) {
    List<Violation> out = new ArrayList<>();
    count(out, "processes", processNames, "processes");
    processNames.forEach(n -> name(out, "processes", n));
    return out;
  }

  private void resources(List<Violation> out, Resources r) {
    if (r == null) {
      return;
    }
    String field = "taskConfig.resources.";
    // Positive values below the minimum; zero and below are the scheduler's "more than 0" rule.
    if (!Double.isFinite(r.cpu()) || r.cpu() > maxCpu || (r.cpu() > 0 && r.cpu() < minCpu)) {
      out.add(new Violation(field + "cpu", r.cpu() + " is outside " + minCpu + " to " + (long) maxCpu
          + " (Mesos counts CPUs in thousandths; no machine has more)"));
    }
    mb(out, field + "ramMb", r.ramMb());
    mb(out, field + "diskMb", r.diskMb());
    if (r.gpus() > maxGpus) {
      out.add(new Violation(field + "gpus", r.gpus() + " is more than " + maxGpus + ", the most GPUs one task may"
          + " ask for"));
    }
    count(out, field + "namedPorts", r.namedPorts(), "named ports");
    r.namedPorts().forEach(p -> name(out, field + "namedPorts", p));
  }

  private void mb(List<Violation> out, String field, long mb) {
    if (mb > maxMb) {
      out.add(new Violation(field, mb + " MiB is more than " + maxMb + " MiB (1 PiB), the most one task may ask"
          + " for; the unit is MiB"));
    }
  }

  private void count(List<Violation> out, String field, Collection<?> items, String what) {
    if (items != null && items.size() > maxListItems) {
      out.add(new Violation(field, items.size() + " " + what + ", at most " + maxListItems + " are accepted"));
    }
  }

  private void name(List<Violation> out, String field, String value) {
    text(out, field, value, maxNameLength);
  }

  private static void text(List<Violation> out, String field, String value, int max) {
    if (value != null && value.length() > max) {
      out.add(new Violation(field, "'" + value.substring(0, 20) + "...' is " + value.length()
          + " characters long, at most " + max + " are accepted; use a shorter one"));
    }
  }
}
