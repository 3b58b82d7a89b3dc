package io.github.auroradist.common.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.common.json.RandomJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A member is written in the bytes databind writes for it, and reads back the same. */
class ServerSetMemberPropertiesTest {
  private static final ObjectMapper DATABIND = new ObjectMapper();

  @Property(tries = 500)
  void writesAsDatabind(@ForAll long seed) throws Exception {
    Random r = new Random(seed);
    Map<String, ServerSetMember.Endpoint> endpoints = new LinkedHashMap<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      endpoints.put(RandomJson.text(r), r.nextInt(8) == 0 ? null : endpoint(r));
    }
    ServerSetMember member = new ServerSetMember(r.nextInt(4) == 0 ? null : endpoint(r),
        r.nextInt(4) == 0 ? null : endpoints, r.nextInt(4) == 0 ? null : RandomJson.text(r),
        r.nextBoolean() ? null : r.nextInt());

    assertThat(member.toBytes()).isEqualTo(DATABIND.writeValueAsBytes(member));
    if (member.additionalEndpoints().values().stream().allMatch(java.util.Objects::nonNull)) {
      assertThat(ServerSetMember.parse(member.toBytes())).contains(member);
    }
  }

  private static ServerSetMember.Endpoint endpoint(Random r) {
    return new ServerSetMember.Endpoint(r.nextInt(6) == 0 ? null : RandomJson.text(r), r.nextInt(65_536));
  }
}
