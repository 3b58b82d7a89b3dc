package io.github.auroradist.observer.http;

import io.github.auroradist.common.thermos.checkpoint.ProcessRun;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.observer.discovery.ObservedTask;
import io.github.auroradist.observer.pages.Link;
import io.github.auroradist.observer.pages.Links;
import io.github.auroradist.observer.pages.Pages;
import io.github.auroradist.observer.pages.Window;
import io.github.auroradist.observer.sandbox.ConfinedDirectory;
import io.github.auroradist.observer.sandbox.FileWindow;
import io.github.auroradist.observer.sandbox.SandboxException;
import io.github.auroradist.observer.sandbox.SandboxPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;

/**
 * The files of a task: its sandbox ({@code /browse}, {@code /file}, {@code /download}), its logs and
 * its checkpoint. Every file is reached through a {@link ConfinedDirectory}, never by its path.
 */
final class SandboxPages {
  private static final String SANDBOX = "sandbox";
  private static final String RUN_DIRECTORY = "the task's run directory";
  private final ObservedTasks tasks;
  private final Pages pages;

  SandboxPages(ObservedTasks tasks, Pages pages) {
    this.tasks = tasks;
    this.pages = pages;
  }

  /** A directory of the sandbox; a file redirects to {@code /file}. */
  void browse(Exchange x) throws IOException {
    ObservedTask t = tasks.task(x.param("id"));
    try (ConfinedDirectory sandbox = sandbox(t)) {
      SandboxPaths.Resolved r = resolve(sandbox, x);
      if (!r.directory()) {
        x.redirect(Links.sandbox("file", t.taskId(), r.relative()));
        return;
      }
      x.html(200, pages.directory(t, r.relative(), sandbox.list(r)));
    }
  }

  /** A window of a sandbox file, from its start; a directory redirects to {@code /browse}. */
  void file(Exchange x) throws IOException {
    ObservedTask t = tasks.task(x.param("id"));
    try (ConfinedDirectory sandbox = sandbox(t)) {
      SandboxPaths.Resolved r = resolve(sandbox, x);
      if (r.directory()) {
        x.redirect(Links.sandbox("browse", t.taskId(), r.relative()));
        return;
      }
      Long length = RequestValues.bytes(x, "length");
      Long offset = RequestValues.bytes(x, "offset");
      FileWindow w;
      try (SeekableByteChannel channel = sandbox.open(r)) {
        // A file opens at its start; logs open at their end.
        w = FileWindow.read(channel, offset == null ? Long.valueOf(0) : offset, length);
      }
      x.html(200, pages.file(t, r.relative(), new Window(Links.sandbox("file", t.taskId(), r.relative()),
          Links.sandbox("download", t.taskId(), r.relative()), w, windowLength(length), false, false)));
    }
  }

  /** A sandbox file's raw bytes, as an attachment the browser never renders. */
  void download(Exchange x) throws IOException {
    ObservedTask t = tasks.task(x.param("id"));
    try (ConfinedDirectory sandbox = sandbox(t)) {
      SandboxPaths.Resolved r = resolve(sandbox, x);
      if (r.directory()) {
        throw HttpError.badRequest("'" + r.relative() + "' is a directory; only files can be downloaded.");
      }
      try (SeekableByteChannel channel = sandbox.open(r)) {
        Response response = x.response();
        String name = r.target().get(r.target().size() - 1).replaceAll("[^\\w.\\-]", "_");
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, channel.size());
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        // The handler is blocking (Handler.Abstract's default), so streaming through an OutputStream is fine.
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
          if (!x.method().equals("HEAD")) {
            Channels.newInputStream(channel).transferTo(out);
          }
        }
        x.callback().succeeded();
      }
    }
  }

  /** {@code /logs/<id>/<process>/<run>/<stdout|stderr>}: the log's end by default, with paging. */
  void logs(Exchange x) throws IOException {
    ObservedTask t = tasks.task(x.param("id"));
    String process = x.param("process");
    ProcessRun run = ObservedTasks.run(t, process, x.param("run"));
    String stream = x.param("stream");
    if (!stream.equals("stdout") && !stream.equals("stderr")) {
      throw HttpError.notFound("Logs are 'stdout' or 'stderr', not '" + stream + "'.");
    }
    Long length = RequestValues.bytes(x, "length");
    Long offset = RequestValues.bytes(x, "offset");
    String runNumber = Integer.toString(run.run());
    String download = null;
    List<Link> older = new ArrayList<>();
    FileWindow w;
    try (ConfinedDirectory runDir = ConfinedDirectory.open(t.location().runDirectory(), RUN_DIRECTORY)) {
      SandboxPaths.Resolved file = logFile(runDir, t, process, runNumber, stream);
      try (SeekableByteChannel channel = runDir.open(file)) {
        w = FileWindow.read(channel, offset, length);
      }
      List<String> target = file.target();
      if (target.size() > 1 && target.get(0).equals(SANDBOX)) {
        String relative = String.join("/", target.subList(1, target.size()));
        download = Links.sandbox("download", t.taskId(), relative);
        // The executor rotates logs to stdout.1, stdout.2, ...: link the older parts.
        List<String> rotated = new ArrayList<>(target);
        for (int i = 1; i < 1000; i++) {
          rotated.set(rotated.size() - 1, stream + "." + i);
          if (!runDir.isFile(rotated)) {
            break;
          }
          older.add(new Link(Links.sandbox("file", t.taskId(), relative + "." + i), stream + "." + i));
        }
      }
    }
    boolean live = !run.state().isTerminal();
    boolean following = live && offset == null && "1".equals(x.query("follow"));
    Window window = new Window(Links.path("logs", t.taskId(), process, runNumber, stream), download, w,
        windowLength(length), live, following);
    x.html(200, pages.log(t, run, stream, window, older));
  }

  /** The raw checkpoint file, a window at a time (its end by default): for debugging a bad one. */
  void checkpoint(Exchange x) throws IOException {
    ObservedTask t = tasks.task(x.param("id"));
    Long length = RequestValues.bytes(x, "length");
    FileWindow w;
    try (ConfinedDirectory runDir = ConfinedDirectory.open(t.location().runDirectory(), RUN_DIRECTORY)) {
      List<String> names = runDir.below(t.location().checkpointFile()).orElseThrow();
      try (SeekableByteChannel channel = runDir.open(runDir.resolve(names))) {
        w = FileWindow.read(channel, RequestValues.bytes(x, "offset"), length);
      }
    }
    x.html(200, pages.checkpoint(t, new Window(Links.path("checkpoint", t.taskId()), null, w, windowLength(length),
        false, false)));
  }

  private static long windowLength(Long length) {
    return length == null ? FileWindow.DEFAULT_LENGTH : length;
  }

  private static ConfinedDirectory sandbox(ObservedTask t) {
    return ConfinedDirectory.open(t.location().sandbox(), "the task's sandbox");
  }

  /** The rest of the URL after the task id, segment by segment. */
  private static SandboxPaths.Resolved resolve(ConfinedDirectory sandbox, Exchange x) {
    return sandbox.resolve(List.of(x.param("path").split("/", -1)));
  }

  /**
   * The log file of a run: {@code <log dir>/<process>/<run>/<stream>} inside the run directory,
   * where the log dir is the header's when it lies inside the run directory, else
   * {@code sandbox/.logs}.
   */
  private static SandboxPaths.Resolved logFile(ConfinedDirectory runDir, ObservedTask t, String process, String run,
      String stream) {
    List<String> logDir = List.of(SANDBOX, ".logs");
    String recorded = t.checkpoint().header().logDir();
    if (recorded != null) {
      logDir = runDir.below(Path.of(recorded)).orElse(logDir);
    }
    List<String> segments = new ArrayList<>(logDir);
    segments.addAll(List.of(process, run, stream));
    try {
      return runDir.resolve(segments);
    } catch (SandboxException e) {
      if (e.status() == 404) {
        throw new SandboxException(404, "No " + stream + " log for run " + run + " of process '" + process
            + "' (looked for " + runDir.path().resolve(String.join("/", segments)) + ").");
      }
      throw e;
    }
  }
}
