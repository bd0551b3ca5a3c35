package io.meterwise.core.testing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.meterwise.core.usage.UsageRecord;

/**
 * A builder of usage records for tests: {@code aUsageRecord().forMeter(VM_D2_HOURS).quantity("3.5").at(instant)
 * .build()}. Defaults: one hour of meter {@link CatalogFixtures#VM_D2_HOURS} starting 2026-03-10T10:00Z, quantity 1,
 * subscription {@link #SUBSCRIPTION}, a fresh record id, reported at the end of the usage.
 */
public final class UsageRecords {

    public static final UUID SUBSCRIPTION = UUID.fromString("5b0e1f7a-0000-4000-8000-00000000a001");
    private static final AtomicLong NEXT_ID = new AtomicLong();

    private String recordId = "rec-" + NEXT_ID.incrementAndGet();
    private UUID subscriptionId = SUBSCRIPTION;
    private UUID meterId = CatalogFixtures.VM_D2_HOURS;
    private BigDecimal quantity = BigDecimal.ONE;
    private Instant usageStart = Instant.parse("2026-03-10T10:00:00Z");
    private Duration duration = Duration.ofHours(1);
    private String resourceUri = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg/providers/Microsoft.Compute"
            + "/virtualMachines/vm1";
    private String location = "eastus";
    private final Map<String, String> tags = new HashMap<>();
    private final Map<String, String> additionalInfo = new HashMap<>();
    private Instant reportedAt;

    private UsageRecords() {
    }

    public static UsageRecords aUsageRecord() {
        return new UsageRecords();
    }

    public UsageRecords id(String id) {
        this.recordId = id;
        return this;
    }

    public UsageRecords subscription(UUID id) {
        this.subscriptionId = id;
        return this;
    }

    public UsageRecords forMeter(UUID id) {
        this.meterId = id;
        return this;
    }

    public UsageRecords quantity(String value) {
        return quantity(new BigDecimal(value));
    }

    public UsageRecords quantity(BigDecimal value) {
        this.quantity = value;
        return this;
    }

    /** Usage start; the end follows after the duration (one hour unless set). */
    public UsageRecords at(Instant start) {
        this.usageStart = start;
        return this;
    }

    public UsageRecords at(String isoInstant) {
        return at(Instant.parse(isoInstant));
    }

    public UsageRecords lasting(Duration value) {
        this.duration = value;
        return this;
    }

    public UsageRecords resource(String uri) {
        this.resourceUri = uri;
        return this;
    }

    public UsageRecords location(String value) {
        this.location = value;
        return this;
    }

    public UsageRecords tag(String key, String value) {
        tags.put(key, value);
        return this;
    }

    public UsageRecords info(String key, String value) {
        additionalInfo.put(key, value);
        return this;
    }

    public UsageRecords reportedAt(Instant value) {
        this.reportedAt = value;
        return this;
    }

    public UsageRecord build() {
        Instant end = usageStart.plus(duration);
        return new UsageRecord(recordId, subscriptionId, meterId, quantity, usageStart, end, resourceUri, location,
                tags, additionalInfo, reportedAt == null ? end : reportedAt);
    }
}
