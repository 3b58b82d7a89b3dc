package io.github.auroradist.scheduler.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.ApiRecords;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The answer of {@code GET /api/tasks?configs=false}, what Aurora's {@code getTasksWithoutConfigs} was to its
 * client's job status: each task as in the full answer, but its configuration ({@code assignedTask.task}) cut down to
 * {@code job} and {@code resources}, and null fields left out. What {@code aurora job status} prints is all there;
 * the rest of a configuration, the same for every instance and a third of a small task's bytes (more with real
 * executor data), is what a 10,000-instance job's status no longer carries.
 */
final class TasksWithoutConfigs {
  /** The query parameter that asks for this answer. */
  static final String PARAMETER = "configs";

  /** The task configuration's fields the answer keeps. */
  @JsonIncludeProperties({"job", "resources"})
  private interface StatusFieldsOnly {
  }

  private static final ObjectWriter WRITER = ModelJson.mapper().copy()
      .addMixIn(TaskConfig.class, StatusFieldsOnly.class)
      // Leaving out nulls (no host yet, an event without a message) shrinks every task again.
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .writerFor(ApiRecords.TasksResponse.class);

  private TasksWithoutConfigs() {
  }

  /**
   * Whether the query asks for the tasks' configurations: yes unless it says {@code configs=false}; a value other
   * than true or false is refused, naming the parameter and what it takes.
   */
  static boolean wanted(String value) {
    if (value == null || value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    if (value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    throw ApiException.invalid(PARAMETER + ": '" + value + "' is neither true nor false; use " + PARAMETER
        + "=false to leave out the tasks' configurations (each keeps only its job and resources), or leave "
        + PARAMETER + " out (or true) for whole tasks");
  }

  /** Sends the tasks without their configurations, written straight to bytes (no intermediate string). */
  static void reply(Exchange x, List<ScheduledTask> tasks) {
    try {
      x.json(200, WRITER.writeValueAsBytes(new ApiRecords.TasksResponse(tasks)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
