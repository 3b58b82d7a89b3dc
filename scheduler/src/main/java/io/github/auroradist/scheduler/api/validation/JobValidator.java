package io.github.auroradist.scheduler.api.validation;

import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.Identity;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.Limits;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.TaskConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a submitted job against the rules, finding every problem at once (a user fixes them all
 * in one go), and fills in what may be left out.
 */
public final class JobValidator {
  /** A submitted job with its defaults filled in, or null when it lacks what defaults need; and its problems. */
  public record Result(JobConfiguration job, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  private static final Pattern PORT_NAME = Pattern.compile("[\\w\\-.]+");

  private final JobRules rules;

  public JobValidator(JobRules rules) {
    this.rules = rules;
  }

  public JobRules rules() {
    return rules;
  }

  public Result validate(JobConfiguration job) {
    List<Problem> problems = new ArrayList<>();
    if (job == null) {
      problems.add(new Problem("body", "give a job configuration"));
      return new Result(null, problems);
    }
    JobKey key = job.key();
    if (key == null) {
      problems.add(new Problem("key", "give the job key {role, environment, name}"));
    } else {
      key.problemsForNewJob().forEach(p -> problems.add(new Problem("key", p)));
      String roleRefusal = key.role() == null ? null : rules.roleRefusal(key.role());
      if (roleRefusal != null) {
        problems.add(new Problem("key.role", roleRefusal));
      }
      if (!rules.allowedEnvironments().matcher(key.environment()).matches()) {
        problems.add(new Problem("key.environment", "'" + key.environment() + "' is not allowed here; it must match "
            + rules.allowedEnvironments().pattern()));
      }
    }
    if (job.instanceCount() < 1) {
      problems.add(new Problem("instanceCount", "must be at least 1, was " + job.instanceCount()));
    } else if (job.instanceCount() > rules.maxTasksPerJob()) {
      problems.add(new Problem("instanceCount", job.instanceCount() + " is more than -max_tasks_per_job="
          + rules.maxTasksPerJob()));
    }
    TaskConfig task = job.taskConfig();
    if (task == null) {
      problems.add(new Problem("taskConfig", "give the task configuration"));
      return new Result(null, problems);
    }
    if (key != null && task.job() != null && !task.job().equals(key)) {
      problems.add(new Problem("taskConfig.job", task.job() + " differs from the job key " + key
          + "; leave it out or make them equal"));
    }
    checkResources(task.resources(), problems);
    Limits.STANDARD.violations(job).forEach(v -> problems.add(new Problem(v.field(), v.message())));
    if (task.executorConfig() == null || task.executorConfig().name() == null
        || task.executorConfig().data() == null) {
      problems.add(new Problem("taskConfig.executorConfig", "give the executor name and its data"));
    }
    if (task.maxTaskFailures() < -1) {
      problems.add(new Problem("taskConfig.maxTaskFailures", "must be -1 (unlimited) or more, was "
          + task.maxTaskFailures()));
    }
    if (key != null) {
      checkConstraints(task, key, problems);
    }
    String tier = task.tier();
    if (tier == null) {
      tier = task.production() && rules.tiers().tiers().containsKey("preferred") ? "preferred"
          : rules.tiers().defaultTier();
    } else if (!rules.tiers().tiers().containsKey(tier)) {
      problems.add(new Problem("taskConfig.tier", "'" + tier + "' is not a tier here; the tiers are "
          + new TreeSet<>(rules.tiers().tiers().keySet())));
    }
    if (key == null) {
      return new Result(null, problems);
    }
    Identity owner = job.owner() != null ? job.owner() : task.owner() != null ? task.owner() : new Identity(key.role());
    TaskConfig filled = new TaskConfig(key, owner, task.resources(), task.constraints(), task.isService(),
        task.production(), task.priority(), tier, task.maxTaskFailures(), task.contactEmail(), task.metadata(),
        task.executorConfig()).withPolicies(task.slaPolicy(), task.partitionPolicy())
        .withContainer(rules.containers().withDefaults(task.container()));
    problems.addAll(rules.containers().problems(task.container()));
    if (task.slaPolicy() != null) {
      io.github.auroradist.scheduler.sla.SlaPolicies.problem("taskConfig.slaPolicy", task.slaPolicy())
          .ifPresent(problems::add);
    }
    if (task.partitionPolicy() != null && task.partitionPolicy().delaySecs() < 0) {
      problems.add(new Problem("taskConfig.partitionPolicy.delaySecs", "cannot be negative (delay_secs), was "
          + task.partitionPolicy().delaySecs()));
    }
    return new Result(new JobConfiguration(key, owner, job.cronSchedule(), job.cronCollisionPolicy(),
        job.instanceCount(), filled), problems);
  }

  private static void checkResources(Resources r, List<Problem> problems) {
    if (r == null) {
      problems.add(new Problem("taskConfig.resources", "give cpu, ramMb and diskMb"));
      return;
    }
    if (!(r.cpu() > 0)) {
      problems.add(new Problem("taskConfig.resources.cpu", "must be more than 0, was " + r.cpu()));
    }
    if (r.ramMb() <= 0) {
      problems.add(new Problem("taskConfig.resources.ramMb", "must be more than 0, was " + r.ramMb()));
    }
    if (r.diskMb() <= 0) {
      problems.add(new Problem("taskConfig.resources.diskMb", "must be more than 0, was " + r.diskMb()));
    }
    if (r.gpus() < 0) {
      problems.add(new Problem("taskConfig.resources.gpus", "cannot be negative, was " + r.gpus()));
    }
    for (String port : r.namedPorts()) {
      if (!PORT_NAME.matcher(port).matches()) {
        problems.add(new Problem("taskConfig.resources.namedPorts", "'" + port + "' is not a valid port name"));
      }
    }
  }

  private static void checkConstraints(TaskConfig task, JobKey key, List<Problem> problems) {
    Set<String> names = new HashSet<>();
    for (Constraint c : task.constraints()) {
      if (!names.add(c.name())) {
        problems.add(new Problem("taskConfig.constraints", "more than one constraint on '" + c.name() + "'"));
      }
      if (c.isDedicated() && c.value() != null) {
        for (String v : c.value().values()) {
          String dedicatedRole = v.contains("/") ? v.substring(0, v.indexOf('/')) : v;
          if (!dedicatedRole.equals("*") && !dedicatedRole.equals(key.role())) {
            problems.add(new Problem("taskConfig.constraints.dedicated", "'" + v + "' is dedicated to role "
                + dedicatedRole + ", not " + key.role()));
          }
        }
      }
    }
  }
}
