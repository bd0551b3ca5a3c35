package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.meterwise.core.money.Money;

/**
 * The charge for one meter under one price version in a billing period: all usage of the meter whose usage start
 * falls in that version's time range. {@code quantity = includedQuantityUsed + sum(tiers.quantity)} and
 * {@code amount = sum(tiers.amount)}. A meter whose price changed mid-period has one charge per version.
 */
public record MeterCharge(UUID meterId, Instant priceEffectiveFrom, BigDecimal quantity,
        BigDecimal includedQuantityUsed, List<TierCharge> tiers, Money amount) {
    public MeterCharge {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(priceEffectiveFrom, "priceEffectiveFrom");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(includedQuantityUsed, "includedQuantityUsed");
        tiers = List.copyOf(tiers);
        Objects.requireNonNull(amount, "amount");
    }
}
