package io.github.auroradist.observer.sandbox;

import static io.github.auroradist.observer.FakeWorkDir.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.thermos.checkpoint.CheckpointWriter;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.observer.FakeWorkDir;
import io.github.auroradist.observer.RunningObserver;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile task swaps directories of its sandbox for symbolic links to a directory outside it, as
 * fast as it can, while someone reads its files through the observer. Checking a path and then
 * opening it loses that race now and then; the observer must never serve what lies outside.
 */
class SandboxRaceTest {
  static final String ID = "www-data-prod-race-0-1234";
  static final String SECRET = "TOP-SECRET-7f3a";
  static final int REQUESTS = 2000;

  @TempDir Path root;

  @Test
  void swappingADirectoryForALinkNeverServesWhatLiesOutside() throws Exception {
    FakeWorkDir work = new FakeWorkDir(root);
    Path run = work.runDirectory(ID);
    try (CheckpointWriter w = work.start(run, ID, "race", 0, List.of("hello"))) {
      FakeWorkDir.process(w, "hello", 0, ProcessState.RUNNING, T0 + 12, 4250L, null, null);
    }
    Path sandbox = run.resolve("sandbox");
    Path outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), SECRET);
    Files.writeString(outside.resolve("stdout"), SECRET);
    Files.writeString(outside.resolve(SECRET + ".listed"), SECRET);

    Path dir = Files.createDirectories(sandbox.resolve("d"));
    Files.writeString(dir.resolve("secret.txt"), "harmless");
    Path logs = FakeWorkDir.log(run, "hello", 0, "stdout", "harmless log\n").getParent();

    Swapper.linkStandIn(dir, outside);
    Swapper.linkStandIn(logs, outside);
    List<String> paths = List.of("/file/" + ID + "/d/secret.txt", "/download/" + ID + "/d/secret.txt",
        "/browse/" + ID + "/d", "/logs/" + ID + "/hello/0/stdout");
    List<String> leaks = new ArrayList<>();
    int[] served = new int[1];
    long swaps;
    try (RunningObserver observer = RunningObserver.start(root, Duration.ofSeconds(60));
        Swapper swapper = new Swapper(List.of(dir, logs))) {
      for (int i = 0; i < REQUESTS && leaks.isEmpty(); i++) {
        String path = paths.get(i % paths.size());
        HttpResponse<String> r;
        try {
          r = observer.get(path);
        } catch (IOException e) {
          // A body that does not match its Content-Length: the size of one file, the bytes of another.
          leaks.add(path + " (request " + i + ", broken response: " + e.getMessage() + ")");
          continue;
        }
        if (r.body().contains(SECRET)) {
          leaks.add(path + " (request " + i + ", status " + r.statusCode() + ")");
        } else if (r.statusCode() == 200 && r.body().contains("harmless")) {
          served[0]++;
        }
      }
      swaps = swapper.swaps();
    }
    assertThat(leaks).as("requests that served a file from outside the sandbox").isEmpty();
    // The swaps really happened while files were served: otherwise the test proves nothing.
    assertThat(swaps).isPositive();
    assertThat(served[0]).as("requests answered from inside the sandbox").isPositive();
  }
}
