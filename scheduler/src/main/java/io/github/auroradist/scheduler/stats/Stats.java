package io.github.auroradist.scheduler.stats;

import io.github.auroradist.common.BuildInfo;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The scheduler's metrics, in one Micrometer registry. Counters and gauges keep Aurora's names
 * ({@code task_store_RUNNING}, {@code jvm_uptime_secs}) on /vars and /vars.json, and appear on /metrics
 * prefixed with {@code aurora_}; timers (request and placement latency) and the JVM's own metrics are on
 * /metrics only, as Prometheus histograms and gauges.
 */
public final class Stats implements AutoCloseable {
  private static final String PREFIX = "aurora.";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Map<String, Supplier<? extends Number>> gauges = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  public Stats() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    gauge("jvm_uptime_secs", () -> ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
    gauge("jvm_memory_heap_mb_used", () -> Runtime.getRuntime().totalMemory() / (1 << 20)
        - Runtime.getRuntime().freeMemory() / (1 << 20));
    gauge("jvm_memory_max_mb", () -> Runtime.getRuntime().maxMemory() / (1 << 20));
    gauge("jvm_threads_active", () -> Thread.activeCount());
    gauge("system_load_avg", () -> ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    BuildInfo build = BuildInfo.current();
    Gauge.builder(PREFIX + "build", () -> 1).tags("version", build.version(), "revision", build.commit())
        .description("The version and git commit this scheduler was built from (always 1)").register(registry);
  }

  /** What this scheduler was built from, under Aurora's build_ names: text values, first on /vars. */
  public Map<String, String> buildInfo() {
    BuildInfo build = BuildInfo.current();
    Map<String, String> info = new TreeMap<>();
    info.put("build_version", build.version());
    info.put("build_git_revision", build.commit());
    info.put("build_git_commit_time", build.commitTime());
    return info;
  }

  /** The counter of that name, created at 0 on first use. */
  public AtomicLong counter(String name) {
    return counters.computeIfAbsent(name, n -> {
      AtomicLong value = new AtomicLong();
      FunctionCounter.builder(PREFIX + n, value, AtomicLong::doubleValue).description(describe(n)).register(registry);
      return value;
    });
  }

  /** Shows {@code value} under that name; a later gauge of the same name replaces it. */
  public void gauge(String name, Supplier<? extends Number> value) {
    if (gauges.put(name, value) == null) {
      Gauge.builder(PREFIX + name, gauges, g -> read(g.get(name)).doubleValue()).description(describe(name))
          .register(registry);
    }
  }

  /** Runs {@code work} and records how long it took in the timer {@code name} (a histogram on /metrics). */
  public <T> T time(String name, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      record(name, System.nanoTime() - start);
    }
  }

  /** Records one duration, in nanoseconds, in the timer {@code name} with the given tags (name, value, ...). */
  public void record(String name, long nanos, String... tags) {
    String key = name + Tags.of(tags);
    timers.computeIfAbsent(key, k -> Timer.builder(PREFIX + name).tags(tags).description(describe(name))
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30)).register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Counters and gauges by name, sorted. Gauges that fail read as 0. */
  public Map<String, Number> values() {
    Map<String, Number> all = new TreeMap<>();
    counters.forEach((k, v) -> all.put(k, v.get()));
    gauges.forEach((k, v) -> all.put(k, read(v)));
    return all;
  }

  /** Every metric in Prometheus' text format (version 0.0.4), with HELP and TYPE lines. */
  public String prometheus() {
    return registry.scrape();
  }

  private static Number read(Supplier<? extends Number> gauge) {
    try {
      Number n = gauge == null ? null : gauge.get();
      return n == null ? 0 : n;
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static String describe(String name) {
    return "Aurora's " + name + " (see /vars)";
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
