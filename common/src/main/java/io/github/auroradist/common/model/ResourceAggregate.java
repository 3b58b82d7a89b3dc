package io.github.auroradist.common.model;

/**
 * An amount of cluster resources, as used for role quotas. {@code gpus} came later: stored quotas and answers
 * without it read as 0.
 */
public record ResourceAggregate(double cpu, long ramMb, long diskMb, int gpus) {
  public static final ResourceAggregate NONE = new ResourceAggregate(0, 0, 0, 0);

  /** Without GPUs, as {@code aurora-admin set_quota} gives a quota. */
  public ResourceAggregate(double cpu, long ramMb, long diskMb) {
    this(cpu, ramMb, diskMb, 0);
  }

  public ResourceAggregate plus(ResourceAggregate o) {
    return new ResourceAggregate(cpu + o.cpu, ramMb + o.ramMb, diskMb + o.diskMb, gpus + o.gpus);
  }

  public ResourceAggregate times(int n) {
    return new ResourceAggregate(cpu * n, ramMb * n, diskMb * n, gpus * n);
  }

  /** The larger of each resource. */
  public ResourceAggregate max(ResourceAggregate o) {
    return new ResourceAggregate(Math.max(cpu, o.cpu), Math.max(ramMb, o.ramMb), Math.max(diskMb, o.diskMb),
        Math.max(gpus, o.gpus));
  }

  public boolean fitsIn(ResourceAggregate limit) {
    return cpu <= limit.cpu + 1e-9 && ramMb <= limit.ramMb && diskMb <= limit.diskMb && gpus <= limit.gpus;
  }

  public static ResourceAggregate of(Resources r) {
    return new ResourceAggregate(r.cpu(), r.ramMb(), r.diskMb(), r.gpus());
  }
}
