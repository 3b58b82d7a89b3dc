package io.github.auroradist.benchmarks.scale;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The latencies of a fixed number of GETs of one path sent by a number of concurrent clients. */
record Latencies(String path, List<Long> sortedNanos, int answerBytes) {

  /** Sends {@code requests} GETs of {@code path} from {@code clients} threads; every answer must be 200. */
  static Latencies measure(Api api, int port, String path, int clients, int requests) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        futures.add(pool.submit(() -> {
          long start = System.nanoTime();
          Api.Reply reply = api.get(port, path);
          long took = System.nanoTime() - start;
          if (reply.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + reply.status() + ": " + reply.body());
          }
          return new long[] {took, reply.body().length()};
        }));
      }
      List<Long> nanos = new ArrayList<>();
      int bytes = 0;
      for (Future<long[]> f : futures) {
        long[] r = f.get();
        nanos.add(r[0]);
        bytes = (int) r[1];
      }
      Collections.sort(nanos);
      return new Latencies(path, List.copyOf(nanos), bytes);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  double percentileMillis(double p) {
    int i = (int) Math.ceil(p / 100 * sortedNanos.size()) - 1;
    return sortedNanos.get(Math.max(0, Math.min(i, sortedNanos.size() - 1))) / 1e6;
  }
}
