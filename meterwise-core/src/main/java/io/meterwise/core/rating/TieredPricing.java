package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.money.Money;

/** Prices one price-version segment of a meter's usage with graduated tiers (see {@link Rater}). */
final class TieredPricing {

    private TieredPricing() {
    }

    /**
     * @param inForce the version's time in force in the period; its included quantity and tier thresholds are prorated
     *     by it
     * @param quantity quantity used under this version in the period, above zero
     */
    static MeterCharge charge(MeterPrice version, TimeInForce inForce, BigDecimal quantity, Currency currency) {
        BigDecimal included = inForce.prorate(version.includedQuantity());
        BigDecimal includedUsed = quantity.min(included);
        BigDecimal billable = quantity.subtract(includedUsed);

        List<Map.Entry<BigDecimal, BigDecimal>> bounds = new ArrayList<>();
        for (Map.Entry<BigDecimal, BigDecimal> tier : version.tiers().entrySet()) {
            BigDecimal lower = inForce.prorate(tier.getKey());
            if (!bounds.isEmpty() && bounds.get(bounds.size() - 1).getKey().compareTo(lower) == 0) {
                bounds.remove(bounds.size() - 1); // a tier prorated to no width
            }
            bounds.add(Map.entry(lower, tier.getValue()));
        }
        List<TierCharge> tiers = new ArrayList<>();
        BigDecimal amount = BigDecimal.ZERO;
        for (int i = 0; i < bounds.size() && billable.compareTo(bounds.get(i).getKey()) > 0; i++) {
            BigDecimal lower = bounds.get(i).getKey();
            BigDecimal upper = i + 1 < bounds.size() ? billable.min(bounds.get(i + 1).getKey()) : billable;
            BigDecimal tierQuantity = upper.subtract(lower);
            Money tierAmount = Money.of(tierQuantity.multiply(bounds.get(i).getValue()), currency);
            tiers.add(new TierCharge(canonical(lower), canonical(tierQuantity), bounds.get(i).getValue(), tierAmount));
            amount = amount.add(tierAmount.amount());
        }
        return new MeterCharge(version.meterId(), version.effectiveFrom(), canonical(quantity), canonical(includedUsed),
                tiers, Money.of(amount, currency));
    }

    /** One representation per value, so that equal usage gives equal (record-equal) charges whatever its split. */
    static BigDecimal canonical(BigDecimal quantity) {
        BigDecimal stripped = quantity.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
