package io.meterwise.core.rating;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.money.Money;

/** Splits one segment of a meter's cumulative quantity over included quantity and graduated tiers. */
final class TierSplit {

    private TierSplit() {
    }

    /**
     * Charges {@code quantity} units of a meter that follow {@code before} units already used in the period, under
     * {@code price}.
     */
    static MeterCharge charge(UUID meterId, MeterPrice price, BigDecimal before, BigDecimal quantity,
            Currency currency) {
        BigDecimal included = price.includedQuantity();
        BigDecimal after = before.add(quantity);
        BigDecimal freeUsed = BigDecimal.ZERO;
        if (before.compareTo(included) < 0) {
            freeUsed = after.min(included).subtract(before);
        }
        BigDecimal low = before.max(included).subtract(included);
        BigDecimal high = after.subtract(included);
        List<TierCharge> tiers = new ArrayList<>();
        Money amount = Money.zero(currency);
        if (high.compareTo(low) > 0) {
            List<Map.Entry<BigDecimal, BigDecimal>> rates = new ArrayList<>(price.tiers().entrySet());
            for (int i = 0; i < rates.size(); i++) {
                BigDecimal threshold = rates.get(i).getKey();
                BigDecimal next = i + 1 < rates.size() ? rates.get(i + 1).getKey() : null;
                BigDecimal from = low.max(threshold);
                BigDecimal to = next == null ? high : high.min(next);
                if (to.compareTo(from) <= 0) {
                    continue;
                }
                BigDecimal units = to.subtract(from);
                BigDecimal unitPrice = rates.get(i).getValue();
                Money tierAmount = Money.of(units.multiply(unitPrice), currency);
                tiers.add(new TierCharge(threshold, units, unitPrice, tierAmount));
                amount = amount.plus(tierAmount);
            }
        }
        return new MeterCharge(meterId, price.effectiveFrom(), quantity, freeUsed, tiers, amount);
    }
}
