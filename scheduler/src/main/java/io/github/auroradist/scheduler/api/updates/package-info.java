/**
 * Job updates (Aurora's {@code aurora update}: rolling a job to a new configuration batch by batch)
 * belong in this package, as one more service beside the job, cron, quota, maintenance and admin
 * services of {@code io.github.auroradist.scheduler.api}. The scheduler has no job updates yet.
 */
package io.github.auroradist.scheduler.api.updates;
