package io.github.auroradist.scheduler.api.validation;

import io.github.auroradist.scheduler.api.Tiers;
import io.github.auroradist.scheduler.containers.ContainerAdmission;
import io.github.auroradist.scheduler.containers.ContainerSettings;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the flags allow of a job: its environment, its instance count, its tier, the role (Unix user) it runs as
 * ({@code -denied_roles}, and {@code root} only with {@code -allow_root_role}), and its container (the container
 * flags).
 */
public record JobRules(Pattern allowedEnvironments, int maxTasksPerJob, Tiers tiers, Set<String> deniedRoles,
    boolean allowRootRole, ContainerAdmission containers) {
  public JobRules {
    deniedRoles = Set.copyOf(deniedRoles);
  }

  /** Rules with Aurora's default container flags. */
  public JobRules(Pattern allowedEnvironments, int maxTasksPerJob, Tiers tiers, Set<String> deniedRoles,
      boolean allowRootRole) {
    this(allowedEnvironments, maxTasksPerJob, tiers, deniedRoles, allowRootRole,
        new ContainerAdmission(ContainerSettings.AURORA_DEFAULT));
  }

  /** Why jobs of {@code role} are refused, or null when they are allowed. */
  public String roleRefusal(String role) {
    if (role.equals("root") && !allowRootRole) {
      return "role root is not allowed: its tasks would run as the superuser; run the job as an ordinary user, or"
          + " start the scheduler with -allow_root_role=true";
    }
    if (deniedRoles.contains(role)) {
      return "role " + role + " is not allowed here: the scheduler's -denied_roles lists it";
    }
    return null;
  }
}
