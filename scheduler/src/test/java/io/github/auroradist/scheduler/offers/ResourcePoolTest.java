package io.github.auroradist.scheduler.offers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class ResourcePoolTest {
  @Test
  void takesWhatFitsAndSaysWhatIsShort() {
    List<Resource> offered = Offers.offer("h", 2, 1024, 2048, 31000, 31002).getResourcesList();
    ResourcePool pool = new ResourcePool(offered);
    ResourcePool.Demand executor = new ResourcePool.Demand(0.25, 128, 0, 0, 0);
    ResourcePool.Demand task = new ResourcePool.Demand(1, 512, 1024, 0, 2);
    assertThat(pool.shortfall(List.of(executor, task))).isEmpty();
    pool.take(executor);
    ResourcePool.Allocation a = pool.take(task);
    assertThat(a.ports()).containsExactly(31000, 31001);
    assertThat(a.resources()).extracting(Resource::getName).containsExactly("cpus", "mem", "disk", "ports");
    // Taken resources keep the role and reservation of the offered ones: only the amount differs.
    assertThat(a.resources().get(0).toBuilder().clearScalar().build())
        .isEqualTo(offered.get(0).toBuilder().clearScalar().build());
    assertThat(pool.free("cpus")).isEqualTo(0.75);
    assertThat(pool.freePorts()).isEqualTo(1);
    assertThat(pool.shortfall(List.of(task))).get().asString()
        .contains("cpus (1 wanted, 0.75 free)").contains("ports (2 wanted, 1 free)").doesNotContain("disk (");
    assertThat(pool.shortfall(List.of(new ResourcePool.Demand(0.1, 1, 1, 1, 0)))).get().asString()
        .contains("gpus (1 wanted, 0 free)");
  }

  @Test
  void takesPortsRangeByRangeInTheOrderOffered() {
    Resource ports = Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder()
            .addRange(Value.Range.newBuilder().setBegin(32000).setEnd(32001))
            .addRange(Value.Range.newBuilder().setBegin(1).setEnd(65535)))
        .build();
    ResourcePool pool = new ResourcePool(List.of(ports));
    assertThat(pool.freePorts()).isEqualTo(65537);
    assertThat(pool.take(new ResourcePool.Demand(0, 0, 0, 0, 3)).ports()).containsExactly(32000, 32001, 1);
    ResourcePool.Allocation next = pool.take(new ResourcePool.Demand(0, 0, 0, 0, 2));
    assertThat(next.ports()).containsExactly(2, 3);
    assertThat(next.resources()).singleElement().satisfies(r -> assertThat(r.getRanges().getRangeList())
        .extracting(Value.Range::getBegin, Value.Range::getEnd).containsExactly(tuple(2L, 2L), tuple(3L, 3L)));
    assertThat(pool.freePorts()).isEqualTo(65532);
    assertThat(pool.shortfall(List.of(new ResourcePool.Demand(0, 0, 0, 0, 65533)))).get().asString()
        .isEqualTo("insufficient ports (65533 wanted, 65532 free)");
  }
}
