package io.github.auroradist.emulator.master;

import org.apache.mesos.v1.Protos.TaskStatus;

/** A status update an agent forwarded to the master, decoded. */
public record ForwardedUpdate(String agentId, String frameworkId, TaskStatus status) {}
