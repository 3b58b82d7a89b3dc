package io.github.auroradist.mesos.stream;

/** The two streaming Mesos v1 APIs, and how their servers differ. */
public enum MesosApi {
  /** A framework's stream from the leading master: redirects to the leader, stream ids, heartbeats. */
  SCHEDULER("/api/v1/scheduler", "master", "mesos-scheduler-subscriber", true, true),
  /** An executor's stream from its agent. */
  EXECUTOR("/api/v1/executor", "agent", "mesos-executor-subscriber", false, false);

  private final String path;
  private final String server;
  private final String threadName;
  private final boolean streamIds;
  private final boolean heartbeats;

  MesosApi(String path, String server, String threadName, boolean streamIds, boolean heartbeats) {
    this.path = path;
    this.server = server;
    this.threadName = threadName;
    this.streamIds = streamIds;
    this.heartbeats = heartbeats;
  }

  /** The API's path on the server. */
  public String path() {
    return path;
  }

  /** What serves it, for messages: {@code master} or {@code agent}. */
  public String server() {
    return server;
  }

  String threadName() {
    return threadName;
  }

  /** Whether the server names each stream with a {@code Mesos-Stream-Id} that calls must carry. */
  boolean streamIds() {
    return streamIds;
  }

  /** Whether the server sends heartbeats, so a silent stream can be told from a quiet one. */
  boolean heartbeats() {
    return heartbeats;
  }
}
