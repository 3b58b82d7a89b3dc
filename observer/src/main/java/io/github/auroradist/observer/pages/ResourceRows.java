package io.github.auroradist.observer.pages;

import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.observer.resources.AllocatedResources;
import io.github.auroradist.observer.resources.ResourceUsage;
import java.util.List;

/** The task page's resources table: allocated and used, as text, and the live process trees. */
public record ResourceRows(String cpuAllocated, String cpuUsed, String ramAllocated, String ramUsed,
    String diskAllocated, String diskUsed, List<ResourceUsage.ProcessUsage> live) {

  static ResourceRows of(TaskCheckpoint c, ResourceUsage usage) {
    AllocatedResources allocated = AllocatedResources.of(c);
    boolean live = usage != null && !usage.processes().isEmpty();
    String idle = !c.isActive() ? "task finished" : !live ? "no live processes" : null;
    String cpu = idle != null ? idle : Format.decimal("%.2f cores on average", usage.processes().stream()
        .mapToDouble(ResourceUsage.ProcessUsage::averageCpu).sum())
        + Format.decimal(" (%.1f s of CPU time)", usage.cpuSeconds());
    String ram = idle != null ? idle : Format.bytes(usage.rssBytes()) + " resident";
    String disk = usage == null || usage.sandboxBytes() == null ? "sandbox is gone"
        : (usage.sandboxPartial() ? "more than " : "") + Format.bytes(usage.sandboxBytes()) + " in the sandbox";
    return new ResourceRows(allocated.cpu() == null ? "" : allocated.cpu().toString(), cpu,
        Format.bytes(allocated.ramBytes()), ram, Format.bytes(allocated.diskBytes()), disk,
        live ? usage.processes() : List.of());
  }
}
