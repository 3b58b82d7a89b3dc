package io.github.auroradist.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values, read and written with jackson-core's streaming parser and generator only: an object
 * is a {@code LinkedHashMap<String, Object>} (keys in document order, a repeated key's last value wins), an array
 * an {@code ArrayList<Object>}, a string a {@code String}, an integer an {@code Integer}, {@code Long} or
 * {@code BigInteger} (the smallest that holds it), any other number a {@code Double}, and JSON null is Java null.
 *
 * <p>This is what databind's natural mapping ({@code readValue(json, Object.class)}) gives, and writing such a
 * value gives the same text as databind writes for it or for the {@code JsonNode} tree of the same JSON. It exists
 * so that the executor reads and writes its few JSON shapes without loading jackson-databind (about 470 classes
 * and 2-3 MB of its resident memory).
 */
public final class JsonTrees {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonTrees() {}

  /** The factory of the streaming parsers and generators, configured as databind's default one is. */
  public static JsonFactory factory() {
    return FACTORY;
  }

  /**
   * Parses one JSON value; text after it is ignored, as databind's {@code readTree} does.
   *
   * @return the value, or {@link Missing#VALUE} when the text holds none (empty or only white space)
   * @throws IOException when the text is not JSON
   */
  public static Object parse(String json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      return p.nextToken() == null ? Missing.VALUE : read(p);
    }
  }

  /** As {@link #parse(String)}, from UTF-8 (or another encoding JSON allows, detected as databind does). */
  public static Object parse(byte[] json) throws IOException {
    try (JsonParser p = FACTORY.createParser(json)) {
      return p.nextToken() == null ? Missing.VALUE : read(p);
    }
  }

  /** What {@link #parse} returns for text that holds no value (databind's {@code MissingNode}). */
  public enum Missing { VALUE }

  /** Reads the value at the parser's current token, leaving the parser on that value's last token. */
  public static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          object.put(name, read(p));
        }
        yield object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(p));
        }
        yield array;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getNumberValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected JSON token " + t);
    };
  }

  /** Writes a plain value (the types {@link #parse} gives, any {@code Map} or {@code List}, other numbers). */
  public static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Number n) {
      g.writeNumber(n.toString());
    } else {
      throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
    }
  }

  /** The compact JSON text of a plain value, as databind's {@code writeValueAsString} or {@code JsonNode.toString}. */
  public static String toJson(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A scalar's text as {@code JsonNode.asText()} gives it: a string itself, any other scalar its JSON text. */
  public static String scalarText(Object value) {
    return value instanceof String s ? s : toJson(value);
  }

  /** The kind of a value in databind's {@code JsonNodeType} words, for messages. */
  public static String kind(Object value) {
    if (value == Missing.VALUE) {
      return "MISSING";
    }
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Map) {
      return "OBJECT";
    }
    if (value instanceof List) {
      return "ARRAY";
    }
    if (value instanceof String) {
      return "STRING";
    }
    if (value instanceof Boolean) {
      return "BOOLEAN";
    }
    return "NUMBER";
  }

  /** {@code value} as an object, or null when it is none. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asObject(Object value) {
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
  }
}
