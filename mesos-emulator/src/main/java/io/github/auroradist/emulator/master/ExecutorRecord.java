package io.github.auroradist.emulator.master;

import io.github.auroradist.emulator.resources.ResourceSet;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;

/** An executor running on an agent, for its resources and the executor ids in offers. */
record ExecutorRecord(FrameworkID frameworkId, ExecutorID executorId, ResourceSet resources) {}
