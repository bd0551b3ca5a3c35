package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.time.BillingPeriod;

/**
 * One charge of a subscription's billing period: a usage record's share of the rated usage charges, or an offer term.
 * {@link #cost()} is exact at {@value ChargeAllocator#SCALE} decimals in the period's {@code currency}; the costs of a
 * period's charges add up exactly to its rated total. {@code estimated} is true while the period has no invoice.
 * For a term charge the record, meter and resource fields are empty and {@code quantity} is zero.
 */
public record Charge(UUID subscriptionId, BillingPeriod period, ChargeType chargeType, Instant date,
        @Nullable Instant dateEnd, @Nullable String recordId, @Nullable Meter meter, @Nullable UUID meterId,
        BigDecimal quantity, BigDecimal cost, @Nullable Instant priceEffectiveFrom, @Nullable BigDecimal unitPrice,
        String resourceUri, String location, Map<String, String> tags, Map<String, String> additionalInfo,
        String currency, boolean estimated) {

    public Charge {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(chargeType, "chargeType");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(resourceUri, "resourceUri");
        Objects.requireNonNull(location, "location");
        tags = Map.copyOf(tags);
        additionalInfo = Map.copyOf(additionalInfo);
        Objects.requireNonNull(currency, "currency");
    }

    /** Cost per unit of this record; zero for a term or an empty record. */
    public BigDecimal effectivePrice() {
        return quantity.signum() == 0 ? BigDecimal.ZERO
                : cost.divide(quantity, ChargeAllocator.SCALE, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
