package io.github.auroradist.mesos.scheduler;

import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.InverseOffer;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * Receives the events of the scheduler API. All methods are called on the client's single event
 * thread, in stream order; hand long work to another thread.
 */
public interface SchedulerListener {
  /** The master accepted the subscription (first time, after a reconnect, or after failover). */
  void subscribed(FrameworkID frameworkId, Duration heartbeatInterval, MasterInfo master);

  void offers(List<Offer> offers);

  void rescind(OfferID offerId);

  /** Mesos asks the framework to leave agents for maintenance (each inverse offer names its unavailability). */
  default void inverseOffers(List<InverseOffer> inverseOffers) {}

  /** An inverse offer no longer holds: its agent left the maintenance schedule. */
  default void rescindInverseOffer(OfferID inverseOfferId) {}

  /** A task status update. The client does not acknowledge it: call acknowledge() once it is stored. */
  void update(TaskStatus status);

  /** An agent was lost or an executor exited. */
  default void failure(Event.Failure failure) {}

  /** The master reported an error, such as the framework having been removed. */
  default void error(String message) {}

  default void heartbeat() {}

  /** The event stream ended; the client reconnects by itself. */
  default void disconnected(String why) {}
}
