package io.meterwise.server.http.retail;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Fixed-window request counting per client address: at most {@code limit} requests in each window of {@code window}
 * (windows aligned to the epoch). Memory is bounded: a new window forgets the previous one.
 */
final class ClientRateLimiter {

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Integer> counts = new HashMap<>();
    private long currentWindow = Long.MIN_VALUE;

    ClientRateLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Counts a request; empty when allowed, else the whole seconds until the client may retry (at least 1). */
    synchronized OptionalLong acquire(String client) {
        long now = clock.millis();
        long window = Math.floorDiv(now, windowMillis);
        if (window != currentWindow) {
            counts.clear();
            currentWindow = window;
        }
        int count = counts.merge(client, 1, Integer::sum);
        if (count <= limit) {
            return OptionalLong.empty();
        }
        long waitMillis = (window + 1) * windowMillis - now;
        return OptionalLong.of(Math.max(1, (waitMillis + 999) / 1000));
    }
}
