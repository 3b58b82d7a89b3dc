package io.github.auroradist.scheduler.ui;

import io.github.auroradist.scheduler.api.ApiRecords;
import java.util.List;

/** What each page of the web UI shows, ready for its template (templates escape every value). */
public final class Pages {
  private Pages() {
  }

  /** A link. */
  public record Link(String href, String text) {
  }

  /** Every page's frame: its title, the trail of links on top, and the stale-data warning (null when fresh). */
  public record Frame(String title, List<Link> nav, String staleWarning) {
  }

  public record Roles(Frame frame, String clusterName, boolean leader, List<ApiRecords.RoleSummary> roles) {
  }

  /** One job in a role's table; {@code cronSchedule} is null for jobs that are not cron jobs. */
  public record JobRow(Link environment, Link job, String cronSchedule, int instanceCount, ApiRecords.JobStats stats) {
  }

  /** A role's jobs, in one environment or all ({@code environment} null). */
  public record Role(Frame frame, String role, String environment, List<JobRow> jobs) {
  }

  /** One task in a table; {@code instanceHref} is null where the instance is not a link. */
  public record TaskRow(int instance, String instanceHref, String status, String host, String lastEvent,
      String message, Link task) {
  }

  /** {@code description} is null for a job known only from its tasks. */
  public record Job(Frame frame, String path, String description, List<TaskRow> active, List<TaskRow> completed,
      List<UpdateRow> updates) {
  }

  public record Instance(Frame frame, String path, int instance, List<TaskRow> tasks) {
  }

  public record Event(String time, String status, String message, String scheduler) {
  }

  /**
   * One task; {@code waitingBecause} is set only for a PENDING task, {@code previous} only for a task that replaced
   * another.
   */
  public record Task(Frame frame, String taskId, Link job, Link instance, String status, String waitingBecause,
      String host, String agent, String ports, int failures, Link previous, List<Event> events, String configuration) {
  }

  public record ErrorPage(Frame frame, int status, String message) {
  }

  /** One job update in a list: its job, its link (by id), status, who started it, when it started and last changed. */
  public record UpdateRow(Link job, Link update, String status, String user, String started, String lastModified) {
  }

  /** The cluster's job updates: every one under way, and the latest ended ones ({@code olderEnded} more not shown). */
  public record Updates(Frame frame, List<UpdateRow> active, List<UpdateRow> ended, int olderEnded) {
  }

  /** A setting of an update, named as in the job's update_config. */
  public record Setting(String name, String value) {
  }

  /** Where one instance of an update is: its latest action and when (waiting when the update has not reached it). */
  public record InstanceProgress(int instance, String action, String time) {
  }

  /** A status change of an update. */
  public record UpdateEvent(String time, String status, String user, String message) {
  }

  /** A step of one instance in an update. */
  public record InstanceEvent(String time, int instance, String action) {
  }

  public record Update(Frame frame, String id, Link job, UpdateRow summary, String message, List<Setting> settings,
      List<InstanceProgress> instances, List<UpdateEvent> events, List<InstanceEvent> instanceEvents) {
  }
}
