package io.github.auroradist.common.thermos.config;

import java.util.List;

/** Thrown when a configuration still refers to {@code {{names}}} that nothing binds. */
public final class UnboundReferenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> references;

  public UnboundReferenceException(List<String> references) {
    super("the task configuration refers to " + String.join(", ", references) + " but nothing binds "
        + (references.size() == 1 ? "it" : "them") + "; bind the value in the job"
        + " (.bind(...) or --bind) or use a name the executor provides: mesos.instance, mesos.hostname,"
        + " thermos.ports[NAME], thermos.task_id, thermos.user");
    this.references = List.copyOf(references);
  }

  public List<String> references() {
    return references;
  }
}
