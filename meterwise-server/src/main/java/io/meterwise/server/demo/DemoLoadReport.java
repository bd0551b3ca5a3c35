package io.meterwise.server.demo;

import java.time.Duration;
import java.time.Instant;

/** What a demo load did. */
record DemoLoadReport(CatalogCounts catalog, int resources, long generated, long accepted, long duplicates,
        long rejected, Instant from, Instant to, Duration took) {

    long recordsPerSecond() {
        long millis = Math.max(1, took.toMillis());
        return generated * 1000 / millis;
    }

    record CatalogCounts(int offers, int meters, int subscriptions, int priceLists, long priceVersions,
            long priceVersionsCreated, long priceVersionConflicts) {
    }
}
