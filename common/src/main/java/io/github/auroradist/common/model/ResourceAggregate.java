package io.github.auroradist.common.model;

/** An amount of cluster resources, as used for role quotas. */
public record ResourceAggregate(double cpu, long ramMb, long diskMb) {
  public static final ResourceAggregate NONE = new ResourceAggregate(0, 0, 0);

  public ResourceAggregate plus(ResourceAggregate o) {
    return new ResourceAggregate(cpu + o.cpu, ramMb + o.ramMb, diskMb + o.diskMb);
  }

  public ResourceAggregate times(int n) {
    return new ResourceAggregate(cpu * n, ramMb * n, diskMb * n);
  }

  public boolean fitsIn(ResourceAggregate limit) {
    return cpu <= limit.cpu + 1e-9 && ramMb <= limit.ramMb && diskMb <= limit.diskMb;
  }

  public static ResourceAggregate of(Resources r) {
    return new ResourceAggregate(r.cpu(), r.ramMb(), r.diskMb());
  }
}
