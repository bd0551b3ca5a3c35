package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.time.BillingPeriod;

/**
 * The usage of one meter in a billing period, summed per price version: one segment for every version in force at
 * some instant of the period, oldest first, with the time each version is in force in the period.
 */
final class MeterUsage {

    private final UUID meterId;
    private final MeterPrice[] versions;
    private final TimeInForce[] timeInForce;
    private final QuantitySum[] segments;

    private MeterUsage(UUID meterId, List<MeterPrice> versionsInPeriod, BillingPeriod period) {
        this.meterId = meterId;
        this.versions = versionsInPeriod.toArray(new MeterPrice[0]);
        this.timeInForce = new TimeInForce[versions.length];
        this.segments = new QuantitySum[versions.length];
        for (int i = 0; i < segments.length; i++) {
            Instant until = i + 1 < versions.length ? versions[i + 1].effectiveFrom() : period.end();
            timeInForce[i] = TimeInForce.of(period, versions[i].effectiveFrom(), until);
            segments[i] = new QuantitySum();
        }
    }

    /** Keeps the version in force at the period start (if any) and every version that takes effect within it. */
    static MeterUsage of(UUID meterId, List<MeterPrice> allVersionsOldestFirst, BillingPeriod period) {
        Instant start = period.start();
        Instant end = period.end();
        List<MeterPrice> inPeriod = new ArrayList<>();
        MeterPrice inForceAtStart = null;
        for (MeterPrice version : allVersionsOldestFirst) {
            if (!version.effectiveFrom().isAfter(start)) {
                inForceAtStart = version;
            } else if (version.effectiveFrom().isBefore(end)) {
                inPeriod.add(version);
            }
        }
        if (inForceAtStart != null) {
            inPeriod.add(0, inForceAtStart);
        }
        return new MeterUsage(meterId, inPeriod, period);
    }

    /** Adds usage to the segment of the version in force at {@code usageStart}, which lies in the period. */
    void add(Instant usageStart, BigDecimal quantity) {
        int i = versions.length - 1;
        while (i >= 0 && versions[i].effectiveFrom().isAfter(usageStart)) {
            i--;
        }
        if (i < 0) {
            throw new IllegalArgumentException("meter " + meterId + " has no price in force at " + usageStart);
        }
        segments[i].add(quantity);
    }

    UUID meterId() {
        return meterId;
    }

    /**
     * Charges of this meter, one per version with quantity above zero, oldest version first. Each version prices only
     * its own usage, with its included quantity and tier thresholds prorated by its time in force (ADR 0012).
     */
    void chargeInto(List<MeterCharge> charges, Currency currency) {
        for (int i = 0; i < versions.length; i++) {
            if (!segments[i].isZero()) {
                charges.add(TieredPricing.charge(versions[i], timeInForce[i], segments[i].value(), currency));
            }
        }
    }
}
