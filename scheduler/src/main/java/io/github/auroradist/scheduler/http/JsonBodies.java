package io.github.auroradist.scheduler.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.scheduler.api.ApiException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The one reader of the API's JSON request bodies, and its answers. It is strict where the model's mapper (which
 * also reads stored state) is lenient: one document and nothing after it, no key twice, whole numbers where the
 * field is whole, finite numbers, numbers as numbers, at most {@value #MAX_DEPTH} levels deep and
 * {@value #MAX_ARRAY_ITEMS} items in a list. Whatever breaks a rule is refused naming the field and the rule.
 */
final class JsonBodies {
  /** The largest request body the scheduler reads (a job's configuration with its executor data fits easily). */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
  /** The deepest nesting of a body; the model's deepest field is 7 levels down. */
  static final int MAX_DEPTH = 32;
  /** The most items of any list in a body (instances, hosts, task ids, ...). */
  static final int MAX_ARRAY_ITEMS = 10_000;

  private static final ObjectMapper STRICT = strict(ModelJson.mapper());

  private JsonBodies() {
  }

  private static ObjectMapper strict(ObjectMapper model) {
    JsonMapper mapper = (JsonMapper) model.copy();
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
        .build());
    mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    // "Infinity" and "NaN" as text would otherwise become numbers.
    mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }

  static void reply(Exchange x, int status, Object value) {
    // Straight to UTF-8 bytes: a 10,000-task answer is megabytes, and a String first doubles what is copied.
    x.json(status, ModelJson.writeBytes(value));
  }

  /** The body as {@code type}; refused when there is none. */
  static <T> T required(Exchange x, Class<T> type) throws IOException {
    String body = x.body(MAX_BODY_BYTES);
    if (body.isBlank()) {
      throw ApiException.invalid("body: the request needs a JSON body (see docs/api.md)");
    }
    return parse(body, type);
  }

  /** The body as {@code type}, or null when there is none. */
  static <T> T optional(Exchange x, Class<T> type) throws IOException {
    String body = x.body(MAX_BODY_BYTES);
    return body.isBlank() ? null : parse(body, type);
  }

  /** Parses JSON by the rules above, turning Jackson's errors into messages that name the field. */
  static <T> T parse(String body, Class<T> type) {
    try {
      JsonNode tree = STRICT.readTree(body);
      checkTree(tree, "");
      return STRICT.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.invalid(fieldPath(e) + ": unknown field; known fields here are "
          + e.getKnownPropertyIds());
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw ApiException.invalid(fieldPath(e) + ": " + cause.getMessage());
    } catch (InvalidFormatException e) {
      throw ApiException.invalid(fieldPath(e) + ": " + (e.getValue() instanceof Number
          ? "must be a whole number, was " + e.getValue() + "; write it without a decimal point or exponent"
          : "'" + e.getValue() + "' is not a valid " + e.getTargetType().getSimpleName()));
    } catch (JsonMappingException e) {
      throw ApiException.invalid(fieldPath(e) + ": " + rule(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      // Its first line: the next says where the parser stopped, quoting the body back.
      String message = rule(e.getOriginalMessage());
      if (e.getProcessor() instanceof JsonParser p && p.getParsingContext() != null
          && !path(p.getParsingContext()).isEmpty()) {
        throw ApiException.invalid(path(p.getParsingContext()) + ": " + message);
      }
      throw ApiException.invalid("body: not valid JSON: " + message + "; send one JSON document (see docs/api.md)");
    }
  }

  /** The rule a parse or mapping error broke, said plainly where Jackson's words are about Java. */
  private static String rule(String message) {
    if (message.contains("Trailing token")) {
      return "more follows the JSON document; send exactly one JSON value as the body";
    }
    if (message.contains("from Floating-point value") || message.contains("coerce Floating-point value")) {
      return "must be a whole number, was a fraction or an exponent; write it without a decimal point";
    }
    if (message.contains("from String value") || message.contains("coerce String value")) {
      return "must be a number, was text; write it without quotes";
    }
    if (message.startsWith("Duplicate field")) {
      return "given twice in one object; give each field once";
    }
    if (message.contains("nesting depth")) {
      return "nested more than " + MAX_DEPTH + " levels deep; no request has that many";
    }
    return message.lines().findFirst().orElse(message);
  }

  /** Bounds the parser does not know: list sizes, and numbers beyond a double's range (read as infinite). */
  private static void checkTree(JsonNode node, String path) {
    if (node.isArray()) {
      if (node.size() > MAX_ARRAY_ITEMS) {
        throw ApiException.invalid(field(path) + ": " + node.size() + " items, at most " + MAX_ARRAY_ITEMS
            + " are accepted in one list; split the request");
      }
      for (int i = 0; i < node.size(); i++) {
        checkTree(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        checkTree(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
      }
    } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      throw ApiException.invalid(field(path) + ": the number is beyond the range of a double (about 1.8e308);"
          + " give a finite number");
    }
  }

  private static String field(String path) {
    return path.isEmpty() ? "body" : path;
  }

  /** The JSON path of the field a parser stopped in, like {@code taskConfig.constraints[0].name}. */
  private static String path(JsonStreamContext context) {
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        parts.push(c.getCurrentName());
      }
    }
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      if (path.length() > 0 && !part.startsWith("[")) {
        path.append('.');
      }
      path.append(part);
    }
    return path.toString();
  }

  /** The JSON path of the field a mapping error is about, like {@code taskConfig.resources.cpu}. */
  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "body" : path.toString();
  }
}
