package io.github.auroradist.scheduler.stats;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Named counters and gauges shown on /vars, /vars.json and /metrics. Names use Aurora's style
 * ({@code task_store_RUNNING}, {@code jvm_uptime_secs}).
 */
public final class Stats {
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Map<String, Supplier<? extends Number>> gauges = new ConcurrentHashMap<>();

  public Stats() {
    gauge("jvm_uptime_secs", () -> ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
    gauge("jvm_memory_heap_mb_used", () -> Runtime.getRuntime().totalMemory() / (1 << 20)
        - Runtime.getRuntime().freeMemory() / (1 << 20));
    gauge("jvm_memory_max_mb", () -> Runtime.getRuntime().maxMemory() / (1 << 20));
    gauge("jvm_threads_active", () -> Thread.activeCount());
    gauge("system_load_avg", () -> ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  public AtomicLong counter(String name) {
    return counters.computeIfAbsent(name, n -> new AtomicLong());
  }

  public void gauge(String name, Supplier<? extends Number> value) {
    gauges.put(name, value);
  }

  /** Counters and gauges by name, sorted. Gauges that fail read as 0. */
  public Map<String, Number> values() {
    Map<String, Number> all = new TreeMap<>();
    counters.forEach((k, v) -> all.put(k, v.get()));
    gauges.forEach((k, v) -> {
      Number n;
      try {
        n = v.get();
      } catch (RuntimeException e) {
        n = 0;
      }
      all.put(k, n == null ? 0 : n);
    });
    return all;
  }

  public boolean isCounter(String name) {
    return counters.containsKey(name);
  }
}
