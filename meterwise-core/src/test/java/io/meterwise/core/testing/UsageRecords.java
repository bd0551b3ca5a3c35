package io.meterwise.core.testing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.meterwise.core.usage.UsageRecord;

/** Builder of usage records for tests: {@code aUsageRecord().meter(VM).quantity("3.5").at("2026-10-01T10:00:00Z")}. */
public final class UsageRecords {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    public static final UUID SUBSCRIPTION = UUID.fromString("22222222-0000-0000-0000-000000000001");

    private String recordId = "rec-" + SEQUENCE.incrementAndGet();
    private UUID subscriptionId = SUBSCRIPTION;
    private UUID meterId = CatalogFixtures.VM;
    private BigDecimal quantity = BigDecimal.ONE;
    private Instant start = Instant.parse("2026-10-01T10:00:00Z");
    private Instant end = start.plusSeconds(3600);
    private String resourceName = "vm-1";
    private Map<String, String> tags = Map.of();
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

    public UsageRecords meter(UUID id) {
        this.meterId = id;
        return this;
    }

    public UsageRecords quantity(String q) {
        this.quantity = new BigDecimal(q);
        return this;
    }

    public UsageRecords quantity(BigDecimal q) {
        this.quantity = q;
        return this;
    }

    /** Usage during the hour starting at {@code isoStart}. */
    public UsageRecords at(String isoStart) {
        return at(Instant.parse(isoStart));
    }

    public UsageRecords at(Instant hourStart) {
        this.start = hourStart;
        this.end = hourStart.plusSeconds(3600);
        return this;
    }

    public UsageRecords resource(String name) {
        this.resourceName = name;
        return this;
    }

    public UsageRecords tags(Map<String, String> tags) {
        this.tags = tags;
        return this;
    }

    public UsageRecords reportedAt(String iso) {
        this.reportedAt = Instant.parse(iso);
        return this;
    }

    public UsageRecord build() {
        String uri = "/subscriptions/" + subscriptionId + "/resourceGroups/rg-test/providers/Microsoft.Compute/"
                + "virtualMachines/" + resourceName;
        return new UsageRecord(recordId, subscriptionId, meterId, quantity, start, end, uri, "westeurope", tags,
                Map.of(), reportedAt == null ? end : reportedAt);
    }
}
