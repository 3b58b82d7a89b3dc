package io.github.auroradist.common.model.update;

import io.github.auroradist.common.model.JobConfiguration;

/** What a client sends to start an update: the job as it should become, how to get there, and why. */
public record JobUpdateRequest(JobConfiguration job, JobUpdateSettings settings, String message) {}
