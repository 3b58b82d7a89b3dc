package io.github.auroradist.scheduler.http;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the HTTP server needs to know of the cluster's leadership.
 *
 * @param isLeader whether this scheduler leads (answers writes)
 * @param leaderKnown whether some scheduler leads now (for /leaderhealth: 503 versus 502)
 * @param staleReason why this scheduler's data may be out of date now (sent as X-Aurora-Stale)
 * @param leaderUrl the leading scheduler's address while another scheduler leads: requests go there
 * @param leaderHttpsUrl the leading scheduler's HTTPS address, while another scheduler leads and serves HTTPS:
 *     requests that came over HTTPS go there
 */
public record Leadership(BooleanSupplier isLeader, BooleanSupplier leaderKnown,
    Supplier<Optional<String>> staleReason, Supplier<Optional<String>> leaderUrl,
    Supplier<Optional<String>> leaderHttpsUrl) {
}
