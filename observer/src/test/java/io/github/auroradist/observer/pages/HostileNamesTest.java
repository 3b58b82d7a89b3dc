package io.github.auroradist.observer.pages;

import static io.github.auroradist.observer.FakeWorkDir.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.thermos.checkpoint.CheckpointWriter;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.observer.FakeWorkDir;
import io.github.auroradist.observer.RunningObserver;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task, a process and a file whose names hold markup and both kinds of quote: every page that
 * shows one of them shows it as text, never as markup, in element content and in attributes.
 */
class HostileNamesTest {
  static final String TASK = "t<script>\"1'";
  static final String PROCESS = "p<script>\"2'";
  static final String FILE = "f<script>\"3'.txt";

  @TempDir Path root;

  @Test
  void namesWithMarkupAndQuotesAreEscapedOnEveryPage() throws Exception {
    FakeWorkDir work = new FakeWorkDir(root);
    Path run = work.runDirectory(TASK);
    try (CheckpointWriter w = work.start(run, TASK, "web", 0, List.of(PROCESS))) {
      FakeWorkDir.process(w, PROCESS, 0, ProcessState.RUNNING, T0 + 12, 4250L, null, "started " + FILE);
    }
    FakeWorkDir.log(run, PROCESS, 0, "stdout", "wrote " + FILE + "\n");
    FakeWorkDir.log(run, PROCESS, 0, "stdout.1", "older\n");
    Files.writeString(run.resolve("sandbox").resolve(FILE), "contents of " + FILE);

    String process = Links.path("process", TASK, PROCESS);
    List<String> pages = List.of("/", "/main/active", Links.path("task", TASK), Links.path("rawtask", TASK),
        process, Links.path("logs", TASK, PROCESS, "0", "stdout"), Links.path("browse", TASK),
        Links.sandbox("browse", TASK, ".logs/" + PROCESS + "/0"), Links.sandbox("file", TASK, FILE),
        Links.path("checkpoint", TASK), Links.path("task", TASK + "-missing"), process + "-missing");
    try (RunningObserver observer = RunningObserver.start(root)) {
      for (String page : pages) {
        HttpResponse<String> r = observer.get(page);
        assertThat(r.headers().firstValue("content-type").orElse("")).as(page).startsWith("text/html");
        String body = r.body();
        assertThat(body).as(page).doesNotContain("<script>").contains("&lt;script&gt;");
        for (String name : List.of(TASK, PROCESS, FILE)) {
          // In text a quote is harmless; in an attribute it would end the value: there it is encoded.
          assertThat(body).as(page).doesNotContain("=\"" + name).doesNotContain(name + "\"")
              .doesNotContain(name.replace("<script>", "&lt;script&gt;") + "\"");
        }
      }
      // The names still show as the names, and the links built from them still lead to them.
      String list = observer.ok("/");
      assertThat(list).contains("t&lt;script&gt;\"1'", "href=\"" + Links.path("task", TASK) + "\"");
      String task = observer.ok(Links.path("task", TASK));
      assertThat(task).contains(">p&lt;script&gt;\"2'</a>", "href=\"" + process + "\"");
      assertThat(observer.ok(process)).contains("started f&lt;script&gt;\"3'.txt");
      assertThat(observer.ok(Links.path("browse", TASK)))
          .contains(">f&lt;script&gt;\"3'.txt</a>", "href=\"" + Links.sandbox("file", TASK, FILE) + "\"");
      assertThat(observer.ok(Links.sandbox("file", TASK, FILE)))
          .contains("<pre>contents of f&lt;script&gt;\"3'.txt</pre>");
      assertThat(observer.ok(Links.path("logs", TASK, PROCESS, "0", "stdout")))
          .contains("<pre>wrote f&lt;script&gt;\"3'.txt\n</pre>", ">stdout.1</a>");
    }
  }
}
