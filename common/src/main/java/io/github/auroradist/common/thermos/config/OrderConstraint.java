package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Aurora's {@code Constraint(order=[a, b, c])}: a must succeed before b starts, b before c. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderConstraint(@JsonProperty("order") List<String> order) {
  public OrderConstraint {
    order = order == null ? List.of() : List.copyOf(order);
  }
}
