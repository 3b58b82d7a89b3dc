package io.github.auroradist.scheduler.http;

import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.ui.SchedulerUi;

/** The web UI's pages: server-rendered HTML, readable without JavaScript. */
final class UiRoutes {
  private final SchedulerUi ui;

  UiRoutes(SchedulerUi ui) {
    this.ui = ui;
  }

  void addTo(RouteTable routes) {
    routes
        .get("/", x -> x.redirect("/scheduler"))
        .get("/scheduler", x -> x.html(200, ui.roles()))
        .get("/scheduler/{role}", x -> x.html(200, ui.role(x.param("role"), null)))
        .get("/scheduler/{role}/{env}", x -> x.html(200, ui.role(x.param("role"), x.param("env"))))
        .get("/scheduler/{role}/{env}/{name}", x -> x.html(200, ui.job(ApiRoutes.key(x))))
        .get("/scheduler/{role}/{env}/{name}/{instance}", x -> x.html(200,
            ui.instance(ApiRoutes.key(x), instance(x.param("instance")))))
        .get("/scheduler/{role}/{env}/{name}/update/{id}", x -> x.html(200, ui.update(ApiRoutes.key(x),
            x.param("id"))))
        .get("/updates", x -> x.html(200, ui.updates()))
        .get("/tasks/{taskId}", x -> x.html(200, ui.task(x.param("taskId"))));
  }

  private static int instance(String text) {
    if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > InstanceRanges.MAX_INSTANCE_ID) {
      throw ApiException.notFound("'" + text + "' is not an instance number");
    }
    return Integer.parseInt(text);
  }
}
