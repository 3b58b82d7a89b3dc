package io.github.auroradist.common.model;

/** Who owns a job: the Unix user its tasks run as (Aurora's role user). */
public record Identity(String user) {
}
