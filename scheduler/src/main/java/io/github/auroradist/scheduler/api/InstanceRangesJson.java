package io.github.auroradist.scheduler.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.github.auroradist.common.model.InstanceRanges;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an instance selection in a JSON body, either as a list of ids ({@code [0, 2, 3]}) or as text
 * ({@code "0,2-5"}), through {@link InstanceRanges}' bounds: never more than
 * {@value InstanceRanges#MAX_ITEMS} items, no id above {@value InstanceRanges#MAX_INSTANCE_ID}.
 */
public final class InstanceRangesJson extends JsonDeserializer<InstanceRanges> {
  @Override
  public InstanceRanges deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    try {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        return InstanceRanges.parse(p.getText());
      }
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw JsonMappingException.from(p, "give a list of instance ids such as [0, 2] or text such as \"0,2-5\"");
      }
      List<Integer> ids = new ArrayList<>();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (ids.size() == InstanceRanges.MAX_ITEMS) {
          throw JsonMappingException.from(p, "more than " + InstanceRanges.MAX_ITEMS + " instance ids; at most "
              + InstanceRanges.MAX_ITEMS + " are accepted: send text with ranges such as \"0-99\" instead");
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw JsonMappingException.from(p, "'" + p.getText() + "' is not an instance id (0 to "
              + InstanceRanges.MAX_INSTANCE_ID + ")");
        }
        long id = p.getLongValue();
        // InstanceRanges.of names the bound; ids past int are bounded the same way.
        ids.add(id > Integer.MAX_VALUE ? Integer.MAX_VALUE : id < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) id);
      }
      return InstanceRanges.of(ids);
    } catch (IllegalArgumentException e) {
      throw JsonMappingException.from(p, e.getMessage(), e);
    }
  }
}
