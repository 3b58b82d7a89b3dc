package io.github.auroradist.emulator.master;

import io.github.auroradist.emulator.resources.ResourceSet;
import java.time.Instant;
import org.apache.mesos.v1.Protos.OfferID;

/** An outstanding offer: one agent's resources held for one framework. */
record OfferRecord(OfferID id, Framework framework, RegisteredAgent agent, ResourceSet resources, Instant created) {}
