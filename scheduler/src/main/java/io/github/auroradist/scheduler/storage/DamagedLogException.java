package io.github.auroradist.scheduler.storage;

/**
 * The log directory holds damaged data (see {@link LogCheck}). Starting again cannot help: an operator rebuilds
 * this coordinator from its peers or restores a backup, as the message says.
 */
public final class DamagedLogException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public DamagedLogException(String message) {
    super(message);
  }

  /** The message for {@code result}'s damage in {@code directory}, with the way out. */
  static DamagedLogException of(LogDirectory directory, LogCheck.Result result) {
    StringBuilder m = new StringBuilder("the scheduler log in " + directory.path() + " is damaged:");
    result.damage().forEach(d -> m.append("\n  ").append(d));
    m.append("\nThis coordinator cannot start on it, and starting again will not help. If the other coordinators"
        + " are up, rebuild this one from them: move the directory away and initialize it again with the cluster's"
        + " id (see 'One coordinator lost its log or its disk' in docs/operations.md). If this is the only"
        + " coordinator, or every coordinator's log is damaged, restore the latest backup (see 'Every coordinator"
        + " lost its log: restore a backup'). 'aurora-scheduler-log info --path=" + directory.path()
        + "' shows the damage.");
    return new DamagedLogException(m.toString());
  }
}
