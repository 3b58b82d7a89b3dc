package io.github.auroradist.scheduler.offers;

import java.util.ArrayDeque;
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
    final String name;
    double free;

    Scalar(Resource prototype) {
      this.prototype = prototype;
      this.name = prototype.getName();
      this.free = prototype.getScalar().getValue();
    }
  }

  /** One offered port range set: its free ranges in the order offered, taken from the lowest port of the first. */
  private static final class Ports {
    final Resource prototype;
    /** {begin, end} of each range with free ports; a range shrinks from its begin as ports are taken. */
    final ArrayDeque<long[]> free = new ArrayDeque<>();
    long count;

    Ports(Resource prototype) {
      this.prototype = prototype;
      for (Value.Range r : prototype.getRanges().getRangeList()) {
        if (r.getEnd() >= r.getBegin()) {
          free.add(new long[] {r.getBegin(), r.getEnd()});
          count += r.getEnd() - r.getBegin() + 1;
        }
      }
    }

    long take() {
      long[] range = free.peekFirst();
      long port = range[0]++;
      if (range[0] > range[1]) {
        free.pollFirst();
      }
      count--;
      return port;
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
    double free = 0;
    for (Scalar s : scalars) {
      if (s.name.equals(name)) {
        free += s.free;
      }
    }
    return free;
  }

  public int freePorts() {
    long free = 0;
    for (Ports p : ports) {
      free += p.count;
    }
    return (int) Math.min(free, Integer.MAX_VALUE);
  }

  /** Why {@code demands} do not fit together, or empty when they do. */
  public Optional<String> shortfall(List<Demand> demands) {
    Refusal refusal = refusal(demands);
    return refusal == null ? Optional.empty() : Optional.of(refusal.reason());
  }

  /** Why {@code demands} do not fit together (worded when read, as the pool was now), or null when they do. */
  public Refusal refusal(List<Demand> demands) {
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
    double freeCpus = free(CPUS);
    double freeMem = free(MEM);
    double freeDisk = free(DISK);
    double freeGpus = gpus > 0 ? free(GPUS) : 0;
    int freePorts = freePorts();
    if (!exceeds(cpus, freeCpus) && !exceeds(mem, freeMem) && !exceeds(disk, freeDisk) && !exceeds(gpus, freeGpus)
        && portCount <= freePorts) {
      return null;
    }
    double[] wanted = {cpus, mem, disk, gpus};
    double[] free = {freeCpus, freeMem, freeDisk, freeGpus};
    int ports = portCount;
    return () -> {
      List<String> missing = new ArrayList<>();
      String[] names = {CPUS, MEM, DISK, GPUS};
      for (int i = 0; i < names.length; i++) {
        if (exceeds(wanted[i], free[i])) {
          missing.add(names[i] + " (" + trim(wanted[i]) + " wanted, " + trim(free[i]) + " free)");
        }
      }
      if (ports > freePorts) {
        missing.add("ports (" + ports + " wanted, " + freePorts + " free)");
      }
      return "insufficient " + String.join(", ", missing);
    };
  }

  private static boolean exceeds(double wanted, double free) {
    return wanted > free + 1e-9;
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
      while (needed > 0 && p.count > 0) {
        long port = p.take();
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
      if (!s.name.equals(name) || s.free <= 1e-9) {
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
