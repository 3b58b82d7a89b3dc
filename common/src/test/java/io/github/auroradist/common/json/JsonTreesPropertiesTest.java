package io.github.auroradist.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The streaming reader and writer give what databind gives, for random JSON. */
class JsonTreesPropertiesTest {
  private static final ObjectMapper DATABIND = new ObjectMapper();

  @Property(tries = 500)
  void readsAndWritesAsDatabind(@ForAll long seed) throws Exception {
    Object value = RandomJson.value(new Random(seed), 4);
    String json = JsonTrees.toJson(value);

    assertThat(json).isEqualTo(DATABIND.writeValueAsString(value));
    assertThat(json).isEqualTo(DATABIND.readTree(json).toString());
    assertThat(JsonTrees.parse(json)).isEqualTo(value).isEqualTo(DATABIND.readValue(json, Object.class));
    assertThat(JsonTrees.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(value);
  }

  @Property(tries = 300)
  void scalarTextIsDatabindsAsText(@ForAll long seed) throws Exception {
    Object scalar = RandomJson.scalar(new Random(seed));
    if (scalar != null) {
      assertThat(JsonTrees.scalarText(scalar)).isEqualTo(DATABIND.valueToTree(scalar).asText());
    }
  }
}
