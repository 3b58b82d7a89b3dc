package io.github.auroradist.common.model;

/**
 * How many of a job's instances must stay up while the scheduler takes some down on purpose (an SLA-aware host
 * drain, an update with {@code sla_aware}). One of Aurora's three policies; the fields of the other kinds are
 * null.
 *
 * @param kind which policy this is
 * @param count COUNT: the number of instances that must be RUNNING (the rest may go)
 * @param percentage PERCENTAGE: the share of instances, 0 to 100, that must be RUNNING
 * @param durationSecs COUNT and PERCENTAGE: an instance counts as up once RUNNING this long
 * @param coordinatorUrl COORDINATOR: the URL the scheduler asks before it takes an instance down
 * @param statusKey COORDINATOR: the boolean field of the coordinator's JSON answer that says "go ahead"
 */
public record SlaPolicy(Kind kind, Integer count, Double percentage, Long durationSecs, String coordinatorUrl,
    String statusKey) {

  /** Aurora's policy kinds (its CountSlaPolicy, PercentageSlaPolicy and CoordinatorSlaPolicy). */
  public enum Kind { COUNT, PERCENTAGE, COORDINATOR }

  /** The status key Aurora's CoordinatorSlaPolicy uses when none is given. */
  public static final String DEFAULT_STATUS_KEY = "drain";

  public static SlaPolicy count(int count, long durationSecs) {
    return new SlaPolicy(Kind.COUNT, count, null, durationSecs, null, null);
  }

  public static SlaPolicy percentage(double percentage, long durationSecs) {
    return new SlaPolicy(Kind.PERCENTAGE, null, percentage, durationSecs, null, null);
  }

  public static SlaPolicy coordinator(String url, String statusKey) {
    return new SlaPolicy(Kind.COORDINATOR, null, null, null, url,
        statusKey == null || statusKey.isBlank() ? DEFAULT_STATUS_KEY : statusKey);
  }
}
