package io.github.auroradist.emulator.resources;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Value;

/** Agent attributes from the flag form {@code rack:a;zone:z1}; numbers become SCALAR, others TEXT. */
public final class Attributes {
  private Attributes() {}

  public static List<Attribute> parse(String text) {
    List<Attribute> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String item : text.split(";", -1)) { // blank items, such as after a trailing ';', are skipped
      if (item.isBlank()) {
        continue;
      }
      int colon = item.indexOf(':');
      if (colon <= 0 || colon == item.length() - 1) {
        throw new IllegalArgumentException("bad attribute '" + item.trim() + "' in --attributes; write"
            + " name:value items separated by ';', e.g. rack:a;zone:z1");
      }
      String name = item.substring(0, colon).trim();
      String value = item.substring(colon + 1).trim();
      Attribute.Builder b = Attribute.newBuilder().setName(name);
      if (value.matches("-?\\d+(\\.\\d+)?")) {
        b.setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(Double.parseDouble(value)));
      } else {
        b.setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue(value));
      }
      out.add(b.build());
    }
    return out;
  }

  /** The /state form: {"rack": "a", "cores": 8.0}. */
  public static ObjectNode toJson(List<Attribute> attributes) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (Attribute a : attributes) {
      switch (a.getType()) {
        case SCALAR -> node.put(a.getName(), a.getScalar().getValue());
        case TEXT -> node.put(a.getName(), a.getText().getValue());
        default -> node.put(a.getName(), a.toString());
      }
    }
    return node;
  }
}
