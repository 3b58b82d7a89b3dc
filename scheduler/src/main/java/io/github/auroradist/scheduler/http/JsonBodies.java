package io.github.auroradist.scheduler.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.scheduler.api.ApiException;
import java.io.IOException;

/** JSON request bodies and answers of the API; a body that does not map is refused naming the field. */
final class JsonBodies {
  /** The largest request body the scheduler reads (a job's configuration with its executor data fits easily). */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private JsonBodies() {
  }

  static void reply(Exchange x, int status, Object value) {
    x.json(status, ModelJson.write(value));
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

  /** Parses JSON, turning Jackson's errors into messages that name the field. */
  static <T> T parse(String body, Class<T> type) {
    try {
      return ModelJson.mapper().readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.invalid(fieldPath(e) + ": unknown field; known fields here are "
          + e.getKnownPropertyIds());
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw ApiException.invalid(fieldPath(e) + ": " + cause.getMessage());
    } catch (InvalidFormatException e) {
      throw ApiException.invalid(fieldPath(e) + ": '" + e.getValue() + "' is not a valid "
          + e.getTargetType().getSimpleName());
    } catch (JsonMappingException e) {
      throw ApiException.invalid(fieldPath(e) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      // Its first line: the next says where the parser stopped, quoting the body back.
      throw ApiException.invalid("body: not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
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
