package io.github.auroradist.scheduler.offers;

import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/** Offers for tests, built the way a Mesos master sends them. */
public final class Offers {
  private Offers() {
  }

  /**
   * An unreserved resource as a master offers it to this scheduler. Mesos deprecated Resource.role, yet it still
   * sets it ("*") for frameworks without the RESERVATION_REFINEMENT capability, as this one is.
   */
  private static Resource.Builder unreserved(String name) {
    @SuppressWarnings("deprecation")
    Resource.Builder b = Resource.newBuilder().setName(name).setRole("*");
    return b;
  }

  public static Resource scalar(String name, double value) {
    return unreserved(name).setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(value)).build();
  }

  public static Resource ports(long begin, long end) {
    return unreserved("ports").setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end))).build();
  }

  public static Attribute text(String name, String value) {
    return Attribute.newBuilder().setName(name).setType(Value.Type.TEXT)
        .setText(Value.Text.newBuilder().setValue(value)).build();
  }

  public static Offer offer(String host, double cpus, double mem, double disk, long portBegin, long portEnd,
      Attribute... attributes) {
    Offer.Builder b = Offer.newBuilder()
        .setId(OfferID.newBuilder().setValue(UUID.randomUUID().toString()))
        .setFrameworkId(FrameworkID.newBuilder().setValue("fw"))
        .setAgentId(AgentID.newBuilder().setValue("agent-" + host))
        .setHostname(host)
        .addResources(scalar("cpus", cpus)).addResources(scalar("mem", mem)).addResources(scalar("disk", disk));
    if (portEnd >= portBegin) {
      b.addResources(ports(portBegin, portEnd));
    }
    for (Attribute a : attributes) {
      b.addAttributes(a);
    }
    return b.build();
  }
}
