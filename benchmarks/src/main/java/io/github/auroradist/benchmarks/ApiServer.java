package io.github.auroradist.benchmarks;

import io.github.auroradist.scheduler.api.AdminActions;
import io.github.auroradist.scheduler.api.AdminService;
import io.github.auroradist.scheduler.api.CronService;
import io.github.auroradist.scheduler.api.JobService;
import io.github.auroradist.scheduler.api.JobUpdateService;
import io.github.auroradist.scheduler.api.LeaderGate;
import io.github.auroradist.scheduler.api.MaintenanceService;
import io.github.auroradist.scheduler.api.QuotaService;
import io.github.auroradist.scheduler.api.SchedulerServices;
import io.github.auroradist.scheduler.api.StateQueries;
import io.github.auroradist.scheduler.api.Tiers;
import io.github.auroradist.scheduler.api.validation.JobRules;
import io.github.auroradist.scheduler.api.validation.JobValidator;
import io.github.auroradist.scheduler.cron.CronScheduler;
import io.github.auroradist.scheduler.http.Leadership;
import io.github.auroradist.scheduler.http.SchedulerHttpServer;
import io.github.auroradist.scheduler.maintenance.HostMaintenance;
import io.github.auroradist.scheduler.maintenance.SlaDrains;
import io.github.auroradist.scheduler.recovery.OnlineRecovery;
import io.github.auroradist.scheduler.security.ApiAccess;
import io.github.auroradist.scheduler.security.HttpsSettings;
import io.github.auroradist.scheduler.sla.SlaChecker;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.updates.JobUpdater;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scheduler's HTTP server with the JSON API's real services over a benchmark's {@link Cluster}, on a free
 * loopback port, leading and without authentication (reads need none). Operator actions that reach outside
 * storage (snapshots, backups, reconciliation) are refused: the benchmarks only read.
 */
final class ApiServer implements AutoCloseable {
  /** Aurora's defaults for -allowed_job_environments and -max_tasks_per_job. */
  private static final Pattern ENVIRONMENTS = Pattern.compile("^(prod|devel|test|staging\\d*)$");
  private static final int MAX_TASKS_PER_JOB = 4000;

  private final Stats stats = new Stats();
  private final SlaChecker sla = new SlaChecker(Clock.systemUTC(), "benchmark", Duration.ofMinutes(1));
  private final SchedulerHttpServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  ApiServer(Cluster cluster) throws Exception {
    Clock clock = Clock.systemUTC();
    LeaderGate leader = new LeaderGate(() -> true, Optional::empty);
    JobValidator validator = new JobValidator(new JobRules(ENVIRONMENTS, MAX_TASKS_PER_JOB, Tiers.AURORA_DEFAULT,
        Set.of(), false));
    JobUpdater updater = new JobUpdater(cluster.storage, cluster.stateManager, sla, clock);
    HostMaintenance maintenance = new HostMaintenance(cluster.storage, cluster.stateManager);
    SchedulerServices services = new SchedulerServices(
        new StateQueries(cluster.storage, Tiers.AURORA_DEFAULT, Map::of),
        new JobService(cluster.storage, cluster.stateManager, leader, validator, updater),
        new CronService(cluster.storage, leader, validator,
            new CronScheduler(cluster.storage, cluster.stateManager, clock, ZoneOffset.UTC, stats)),
        new QuotaService(cluster.storage, leader),
        new MaintenanceService(leader, maintenance, new SlaDrains(cluster.storage, sla, maintenance, clock),
            cluster.storage::read),
        new AdminService(cluster.storage, leader, new NoAdminActions()),
        new JobUpdateService(cluster.storage, leader, validator, updater),
        new OnlineRecovery(cluster.storage, leader, null, clock, () -> { }));
    server = new SchedulerHttpServer("127.0.0.1", 0, HttpsSettings.OFF, ApiAccess.OPEN, services, stats,
        new Leadership(() -> true, () -> true, Optional::empty, Optional::empty, Optional::empty), Optional::empty,
        "benchmark");
    server.start();
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  /** One GET on loopback, the whole answer read; anything but 200 is an error (a benchmark must not time those). */
  byte[] get(String pathAndQuery) throws IOException, InterruptedException {
    URI uri = uri(pathAndQuery);
    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  @Override
  public void close() {
    server.close();
    sla.close();
    stats.close();
  }

  /** Operator actions outside storage, which no benchmark takes. */
  private static final class NoAdminActions implements AdminActions {
    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException("operator actions are not part of the API benchmarks");
    }

    @Override
    public long snapshotNow() {
      throw refused();
    }

    @Override
    public Path backupNow() {
      throw refused();
    }

    @Override
    public List<Path> listBackups() {
      throw refused();
    }

    @Override
    public int reconcileExplicitly(int batchSize) {
      throw refused();
    }

    @Override
    public void reconcileImplicitly() {
      throw refused();
    }
  }
}
