package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.money.Money;

/** Prices one price-version segment of a meter's usage with graduated tiers (see {@link Rater}). */
final class TieredPricing {

    private TieredPricing() {
    }

    /**
     * @param before cumulative quantity of the meter in earlier segments of the period
     * @param quantity quantity of this segment, above zero
     */
    static MeterCharge charge(MeterPrice version, BigDecimal before, BigDecimal quantity, Currency currency) {
        BigDecimal after = before.add(quantity);
        BigDecimal included = version.includedQuantity();
        BigDecimal billableFromRaw = before.max(included);
        BigDecimal includedUsed = after.min(included).subtract(before).max(BigDecimal.ZERO);

        List<TierCharge> tiers = new ArrayList<>();
        BigDecimal amount = BigDecimal.ZERO;
        if (after.compareTo(included) > 0) {
            BigDecimal from = billableFromRaw.subtract(included);
            BigDecimal to = after.subtract(included);
            Iterator<Map.Entry<BigDecimal, BigDecimal>> it = version.tiers().entrySet().iterator();
            Map.Entry<BigDecimal, BigDecimal> tier = it.next();
            while (tier != null) {
                Map.Entry<BigDecimal, BigDecimal> next = it.hasNext() ? it.next() : null;
                BigDecimal lower = tier.getKey();
                BigDecimal upper = next == null ? null : next.getKey();
                BigDecimal start = from.max(lower);
                BigDecimal end = upper == null ? to : to.min(upper);
                if (end.compareTo(start) > 0) {
                    BigDecimal tierQuantity = end.subtract(start);
                    Money tierAmount = Money.of(tierQuantity.multiply(tier.getValue()), currency);
                    tiers.add(new TierCharge(canonical(lower), canonical(tierQuantity), tier.getValue(), tierAmount));
                    amount = amount.add(tierAmount.amount());
                }
                tier = next;
            }
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
