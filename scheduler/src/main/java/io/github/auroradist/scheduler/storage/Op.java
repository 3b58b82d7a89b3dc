package io.github.auroradist.scheduler.storage;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ResourceAggregate;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.update.JobInstanceUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdate;
import io.github.auroradist.common.model.update.JobUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateKey;
import io.github.auroradist.scheduler.maintenance.SlaDrain;
import java.util.List;
import java.util.Set;

/**
 * One change to the stores. Ops are what the durable log records, so their JSON form is part of
 * the on-disk format: add new op types, never change the meaning of an existing one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Op.SaveTasks.class, name = "saveTasks"),
    @JsonSubTypes.Type(value = Op.RemoveTasks.class, name = "removeTasks"),
    @JsonSubTypes.Type(value = Op.SaveJob.class, name = "saveJob"),
    @JsonSubTypes.Type(value = Op.RemoveJob.class, name = "removeJob"),
    @JsonSubTypes.Type(value = Op.SaveFrameworkId.class, name = "saveFrameworkId"),
    @JsonSubTypes.Type(value = Op.SaveHostAttributes.class, name = "saveHostAttributes"),
    @JsonSubTypes.Type(value = Op.SaveQuota.class, name = "saveQuota"),
    @JsonSubTypes.Type(value = Op.RemoveQuota.class, name = "removeQuota"),
    @JsonSubTypes.Type(value = Op.RestoreSnapshot.class, name = "restoreSnapshot"),
    @JsonSubTypes.Type(value = Op.SaveSchedulerEndpoint.class, name = "saveSchedulerEndpoint"),
    @JsonSubTypes.Type(value = Op.SaveHostMaintenance.class, name = "saveHostMaintenance"),
    @JsonSubTypes.Type(value = Op.SaveJobUpdate.class, name = "saveJobUpdate"),
    @JsonSubTypes.Type(value = Op.SaveJobUpdateEvent.class, name = "saveJobUpdateEvent"),
    @JsonSubTypes.Type(value = Op.SaveJobInstanceUpdateEvent.class, name = "saveJobInstanceUpdateEvent"),
    @JsonSubTypes.Type(value = Op.RemoveJobUpdates.class, name = "removeJobUpdates"),
    @JsonSubTypes.Type(value = Op.SaveSlaDrain.class, name = "saveSlaDrain"),
    @JsonSubTypes.Type(value = Op.SaveMesosDrain.class, name = "saveMesosDrain"),
})
public sealed interface Op {
  /** Inserts or replaces tasks (by task id). */
  record SaveTasks(List<ScheduledTask> tasks) implements Op {
    public SaveTasks {
      tasks = List.copyOf(tasks);
    }
  }

  record RemoveTasks(Set<String> taskIds) implements Op {
    public RemoveTasks {
      taskIds = Set.copyOf(taskIds);
    }
  }

  /** Inserts or replaces a job (by key). */
  record SaveJob(JobConfiguration job) implements Op {
  }

  record RemoveJob(JobKey key) implements Op {
  }

  record SaveFrameworkId(String frameworkId) implements Op {
  }

  record SaveHostAttributes(HostAttributes attributes) implements Op {
  }

  record SaveQuota(String role, ResourceAggregate quota) implements Op {
  }

  record RemoveQuota(String role) implements Op {
  }

  /** Replaces all state with a backup's (recovery). */
  record RestoreSnapshot(StoreSnapshot snapshot) implements Op {
  }

  /** Where a scheduler (by log peer id) serves HTTP; a new leader records its own, so followers can point to it. */
  record SaveSchedulerEndpoint(String peerId, String httpUrl) implements Op {
  }

  /** A host's maintenance mode (NONE removes the entry, and forgets that Mesos drained the host). */
  record SaveHostMaintenance(String host, io.github.auroradist.common.model.MaintenanceMode mode) implements Op {
  }

  /**
   * Marks (or, with {@code drained} false, unmarks) a host as drained because Mesos's maintenance schedule asked for
   * it, so that whichever scheduler leads when the host leaves the schedule puts it back in service.
   */
  record SaveMesosDrain(String host, boolean drained) implements Op {
  }

  /** Inserts a job update (by id) or replaces its summary and instructions; its events are kept. */
  record SaveJobUpdate(JobUpdate update) implements Op {
  }

  /** Appends a status change to an update; the update's status and last-modified time become the event's. */
  record SaveJobUpdateEvent(JobUpdateKey key, JobUpdateEvent event) implements Op {
  }

  /** Appends a step of one instance to an update; the update's last-modified time becomes the event's. */
  record SaveJobInstanceUpdateEvent(JobUpdateKey key, JobInstanceUpdateEvent event) implements Op {
  }

  /**
   * Starts (or, with a null {@code drain}, forgets) an SLA-aware drain of a host. A host leaving DRAINING by a
   * {@link SaveHostMaintenance} forgets its drain too.
   */
  record SaveSlaDrain(String host, SlaDrain drain) implements Op {
  }

  /** Forgets updates (pruning their history). */
  record RemoveJobUpdates(Set<JobUpdateKey> keys) implements Op {
    public RemoveJobUpdates {
      keys = Set.copyOf(keys);
    }
  }
}
