package io.github.auroradist.common.model;

import java.util.Set;
import java.util.TreeSet;

/**
 * What one task asks for. Named ports are the names used in {@code {{thermos.ports[NAME]}}}; the
 * scheduler picks a port number for each from the offer.
 */
public record Resources(double cpu, long ramMb, long diskMb, int gpus, Set<String> namedPorts) {
  public Resources {
    namedPorts = namedPorts == null ? Set.of() : Set.copyOf(new TreeSet<>(namedPorts));
  }

  public static Resources of(double cpu, long ramMb, long diskMb) {
    return new Resources(cpu, ramMb, diskMb, 0, Set.of());
  }
}
