package io.meterwise.server.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed client-secret authentications, so that wrong secrets cannot keep the CPU busy hashing (issue 9 item 6,
 * docs/operations.md). Two token buckets per attempt: one per client id and remote address ({@code perClient}
 * failures per {@code window}) and one per remote address whatever the client id ({@code perAddress} failures per
 * {@code window}), refilled continuously. A failure takes one token from both; while either is empty, attempts are
 * refused before the secret is checked, with the time until a token is back. A success refills the client's bucket.
 * At most {@code maxTracked} buckets are kept; full buckets are dropped first, so a flood of invented client ids
 * cannot grow memory (the address bucket still limits it).
 */
final class FailedAuthentications {

    private final int perClient;
    private final int perAddress;
    private final Duration window;
    private final int maxTracked;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    FailedAuthentications(int perClient, int perAddress, Duration window, int maxTracked, Clock clock) {
        if (perClient < 1 || perAddress < 1 || window.isNegative() || window.isZero() || maxTracked < 2) {
            throw new IllegalArgumentException("failed-authentication limits must be positive");
        }
        this.perClient = perClient;
        this.perAddress = perAddress;
        this.window = window;
        this.maxTracked = maxTracked;
        this.clock = clock;
    }

    /** How long the caller must wait before trying again, or empty when it may try now. */
    Optional<Duration> retryAfter(String clientId, String address) {
        long now = clock.millis();
        long wait = Math.max(waitMillis(clientKey(clientId, address), perClient, now),
                waitMillis(addressKey(address), perAddress, now));
        return wait <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(wait));
    }

    void failed(String clientId, String address) {
        long now = clock.millis();
        take(clientKey(clientId, address), perClient, now);
        take(addressKey(address), perAddress, now);
    }

    void succeeded(String clientId, String address) {
        buckets.remove(clientKey(clientId, address));
    }

    /** Buckets kept now. */
    int tracked() {
        return buckets.size();
    }

    private long waitMillis(String key, int capacity, long now) {
        Bucket b = buckets.get(key);
        if (b == null) {
            return 0;
        }
        synchronized (b) {
            double tokens = b.tokensAt(now, capacity, refillPerMilli(capacity));
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / refillPerMilli(capacity));
        }
    }

    private void take(String key, int capacity, long now) {
        if (!buckets.containsKey(key) && buckets.size() >= maxTracked) {
            evictFull(now);
            if (buckets.size() >= maxTracked) {
                return;
            }
        }
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        synchronized (b) {
            b.tokens = Math.max(0, b.tokensAt(now, capacity, refillPerMilli(capacity)) - 1);
            b.at = now;
        }
    }

    private void evictFull(long now) {
        for (Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Bucket> e = it.next();
            int capacity = e.getKey().startsWith("a|") ? perAddress : perClient;
            synchronized (e.getValue()) {
                if (e.getValue().tokensAt(now, capacity, refillPerMilli(capacity)) >= capacity) {
                    it.remove();
                }
            }
        }
    }

    private double refillPerMilli(int capacity) {
        return capacity / (double) window.toMillis();
    }

    private static String clientKey(String clientId, String address) {
        return "c|" + address + "|" + clientId;
    }

    private static String addressKey(String address) {
        return "a|" + address;
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.at = now;
        }

        double tokensAt(long now, int capacity, double refillPerMilli) {
            return Math.min(capacity, tokens + Math.max(0, now - at) * refillPerMilli);
        }
    }
}
