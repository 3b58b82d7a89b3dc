package io.github.auroradist.observer.http;

import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.Routes;
import io.github.auroradist.http.RoutingHandler;
import io.github.auroradist.observer.discovery.TaskDiscovery;
import io.github.auroradist.observer.pages.Pages;
import io.github.auroradist.observer.resources.ResourceSampler;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;

/**
 * Every page of the observer, in one table (Aurora's paths), answered by the {@code http} module's
 * router. Path variables are matched still percent-encoded and decoded one by one (a {@code +}
 * stays a {@code +}); Jetty refuses an encoded {@code /} or {@code ..} with 400 before any route
 * sees it, so neither can change which file a request names. Only GET and HEAD: the observer is
 * read-only.
 */
public final class ObserverRoutes {
  /** Pages show text from task sandboxes: no scripts, no outside resources, no sniffing, no caching. */
  private static final Map<String, String> HEADERS = Map.of(
      HttpHeader.CACHE_CONTROL.asString(), "no-store",
      "X-Content-Type-Options", "nosniff",
      "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");

  private ObserverRoutes() {}

  /** The Jetty handler that answers every request. */
  public static Handler handler(TaskDiscovery discovery, Path mesosRoot, String hostname) {
    ObservedTasks tasks = new ObservedTasks(discovery, new ResourceSampler());
    Pages pages = new Pages(hostname);
    TaskPages taskPages = new TaskPages(tasks, pages);
    SandboxPages sandbox = new SandboxPages(tasks, pages);
    JsonApi json = new JsonApi(tasks);
    Vars vars = new Vars(discovery, mesosRoot);
    Routes routes = new Routes()
        .get("/", x -> taskPages.list(x, "all", null, null))
        .get("/main", x -> taskPages.list(x, "all", null, null))
        .get("/main/{which}", x -> taskPages.list(x, x.param("which"), null, null))
        .get("/main/{which}/{offset}", x -> taskPages.list(x, x.param("which"), x.param("offset"), null))
        .get("/main/{which}/{offset}/{num}",
            x -> taskPages.list(x, x.param("which"), x.param("offset"), x.param("num")))
        .get("/task/{id}", taskPages::task)
        .get("/rawtask/{id}", taskPages::rawTask)
        .get("/process/{id}/{process}", taskPages::process)

        .get("/browse/{id}/{path*}", sandbox::browse)
        .get("/file/{id}/{path*}", sandbox::file)
        .get("/download/{id}/{path*}", sandbox::download)
        .get("/logs/{id}/{process}/{run}/{stream}", sandbox::logs)
        .get("/checkpoint/{id}", sandbox::checkpoint)

        .get("/j/task_ids", json::taskIds)
        .get("/j/task_ids/{which}", x -> json.taskIdPage(x, null, null))
        .get("/j/task_ids/{which}/{offset}", x -> json.taskIdPage(x, x.param("offset"), null))
        .get("/j/task_ids/{which}/{offset}/{num}", x -> json.taskIdPage(x, x.param("offset"), x.param("num")))
        .get("/j/task_id_count", json::taskIdCount)
        .get("/j/task", json::tasks)
        .get("/j/task/{id}", json::task)
        .get("/j/process/{id}/{process}", x -> json.process(x, null))
        .get("/j/process/{id}/{process}/{run}", x -> json.process(x, x.param("run")))

        .get("/health", x -> x.text(200, "OK"))
        .get("/vars", vars::text)
        .get("/vars.json", vars::json);
    // Every route is a GET: a body is read off only so that the refusal reaches the client.
    return new RoutingHandler(routes, (x, status, message, cause) -> fail(pages, x, status, message, cause),
        64 << 10, x -> {
          headers(x);
          return false;
        });
  }

  private static void headers(Exchange x) {
    HEADERS.forEach(x::header);
  }

  /** Errors under /j/ are JSON, elsewhere an HTML page; both say what was wrong. */
  private static void fail(Pages pages, Exchange x, int status, String message, Throwable cause) {
    headers(x);
    if (x.path().equals("/j") || x.path().startsWith("/j/")) {
      x.json(status, JsonViews.write(Map.of("error", message)));
    } else {
      x.html(status, pages.error(status, cause == null && status == 404
          ? message + ". Start at / for the list of tasks." : message));
    }
  }
}
