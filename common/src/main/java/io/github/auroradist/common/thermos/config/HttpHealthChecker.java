package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Aurora's {@code HttpHealthChecker}. With {@code expected_response_code} 0 the body must equal
 * {@code expected_response} (trimmed, case-insensitive); otherwise only the status code counts.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HttpHealthChecker(
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("expected_response") String expectedResponse,
    @JsonProperty("expected_response_code") Integer expectedResponseCode) {
  public HttpHealthChecker {
    endpoint = endpoint == null ? "/health" : endpoint;
    expectedResponse = expectedResponse == null ? "ok" : expectedResponse;
    expectedResponseCode = expectedResponseCode == null ? 0 : expectedResponseCode;
  }

  public static HttpHealthChecker defaults() {
    return new HttpHealthChecker(null, null, null);
  }
}
