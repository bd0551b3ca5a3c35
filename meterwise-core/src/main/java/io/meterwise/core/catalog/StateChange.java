package io.meterwise.core.catalog;

import java.time.Instant;
import java.util.Objects;

/** A subscription entered {@code state} at {@code at} (ADR 0020). */
public record StateChange(Instant at, SubscriptionState state) {

    public StateChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(state, "state");
    }
}
