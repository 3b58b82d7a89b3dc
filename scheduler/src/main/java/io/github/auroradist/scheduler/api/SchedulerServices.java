package io.github.auroradist.scheduler.api;

import io.github.auroradist.scheduler.recovery.OnlineRecovery;

/** Everything users and operators can ask of the scheduler, one service per capability (see docs/api.md). */
public record SchedulerServices(StateQueries queries, JobService jobs, CronService cron, QuotaService quotas,
    MaintenanceService maintenance, AdminService admin, JobUpdateService updates,
    OnlineRecovery recovery) {
}
