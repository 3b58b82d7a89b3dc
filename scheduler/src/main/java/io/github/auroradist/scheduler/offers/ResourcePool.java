package io.github.auroradist.scheduler.offers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * What is left of one offer while tasks are placed into it. Resources taken keep the role and
 * reservation of the offered resource they came from, as Mesos requires when accepting.
 */
public final class ResourcePool {
  public static final String CPUS = "cpus";
  public static final String MEM = "mem";
  public static final String DISK = "disk";
  public static final String GPUS = "gpus";
  public static final String PORTS = "ports";

  /** One offered scalar resource and how much of it is still free. */
  private static final class Scalar {
    final Resource prototype;
    double free;

    Scalar(Resource prototype) {
      this.prototype = prototype;
      this.free = prototype.getScalar().getValue();
    }
  }

  /** One offered port range set, as free single ports. */
  private static final class Ports {
    final Resource prototype;
    final List<Long> free = new ArrayList<>();

    Ports(Resource prototype) {
      this.prototype = prototype;
      for (Value.Range r : prototype.getRanges().getRangeList()) {
        for (long p = r.getBegin(); p <= r.getEnd() && free.size() < 100_000; p++) {
          free.add(p);
        }
      }
    }
  }

  /** Resources taken for one task (or executor) and the port numbers among them. */
  public record Allocation(List<Resource> resources, List<Integer> ports) {
  }

  /** How much one allocation asks for. */
  public record Demand(double cpus, double memMb, double diskMb, double gpus, int ports) {
  }

  private final List<Scalar> scalars = new ArrayList<>();
  private final List<Ports> ports = new ArrayList<>();

  public ResourcePool(List<Resource> offered) {
    for (Resource r : offered) {
      if (r.getType() == Value.Type.SCALAR) {
        scalars.add(new Scalar(r));
      } else if (r.getType() == Value.Type.RANGES && r.getName().equals(PORTS)) {
        ports.add(new Ports(r));
      }
    }
  }

  public double free(String name) {
    return scalars.stream().filter(s -> s.prototype.getName().equals(name)).mapToDouble(s -> s.free).sum();
  }

  public int freePorts() {
    return ports.stream().mapToInt(p -> p.free.size()).sum();
  }

  /** Why {@code demands} do not fit together, or empty when they do. */
  public Optional<String> shortfall(List<Demand> demands) {
    double cpus = 0;
    double mem = 0;
    double disk = 0;
    double gpus = 0;
    int portCount = 0;
    for (Demand d : demands) {
      cpus += d.cpus();
      mem += d.memMb();
      disk += d.diskMb();
      gpus += d.gpus();
      portCount += d.ports();
    }
    List<String> missing = new ArrayList<>();
    check(missing, CPUS, cpus);
    check(missing, MEM, mem);
    check(missing, DISK, disk);
    if (gpus > 0) {
      check(missing, GPUS, gpus);
    }
    if (portCount > freePorts()) {
      missing.add("ports (" + portCount + " wanted, " + freePorts() + " free)");
    }
    return missing.isEmpty() ? Optional.empty() : Optional.of("insufficient " + String.join(", ", missing));
  }

  private void check(List<String> missing, String name, double wanted) {
    double free = free(name);
    if (wanted > free + 1e-9) {
      missing.add(name + " (" + trim(wanted) + " wanted, " + trim(free) + " free)");
    }
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(Math.round(v * 1000) / 1000.0);
  }

  /** Takes {@code demand}; call only after {@link #shortfall} said it fits. */
  public Allocation take(Demand demand) {
    List<Resource> out = new ArrayList<>();
    takeScalar(out, CPUS, demand.cpus());
    takeScalar(out, MEM, demand.memMb());
    takeScalar(out, DISK, demand.diskMb());
    takeScalar(out, GPUS, demand.gpus());
    List<Integer> taken = new ArrayList<>();
    int needed = demand.ports();
    for (Ports p : ports) {
      if (needed == 0) {
        break;
      }
      Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
      while (needed > 0 && !p.free.isEmpty()) {
        long port = p.free.remove(0);
        ranges.addRange(Value.Range.newBuilder().setBegin(port).setEnd(port));
        taken.add((int) port);
        needed--;
      }
      if (ranges.getRangeCount() > 0) {
        out.add(p.prototype.toBuilder().setRanges(ranges).build());
      }
    }
    if (needed > 0) {
      throw new IllegalStateException("took more ports than were free");
    }
    return new Allocation(out, taken);
  }

  private void takeScalar(List<Resource> out, String name, double amount) {
    double left = amount;
    for (Scalar s : scalars) {
      if (left <= 1e-9) {
        break;
      }
      if (!s.prototype.getName().equals(name) || s.free <= 1e-9) {
        continue;
      }
      double part = Math.min(left, s.free);
      s.free -= part;
      left -= part;
      out.add(s.prototype.toBuilder().setScalar(Value.Scalar.newBuilder().setValue(part)).build());
    }
    if (left > 1e-6) {
      throw new IllegalStateException("took more " + name + " than was free");
    }
  }
}
