package io.github.auroradist.scheduler.offers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.mesos.v1.Protos.Resource;
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
}
