package io.github.auroradist.common.model;

/** A free-form key/value pair attached to a job's tasks. */
public record Metadata(String key, String value) {
}
