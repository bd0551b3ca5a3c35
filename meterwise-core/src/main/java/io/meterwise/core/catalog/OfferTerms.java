package io.meterwise.core.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rule that an offer term has an amount in every currency the offer is sold in (ADR 0012): a Monetary Credit in
 * USD only would silently give EUR subscribers nothing.
 */
public final class OfferTerms {

    private OfferTerms() {
    }

    /**
     * What is missing for {@code offer} to be sold in {@code currencies}: one sentence per term kind lacking an amount
     * in one of them; empty when every kind the offer has is there in each currency.
     */
    public static List<String> missingIn(Offer offer, Collection<Currency> currencies) {
        Set<String> kinds = new LinkedHashSet<>();
        offer.terms().forEach(t -> kinds.add(t.name()));
        List<String> missing = new ArrayList<>();
        for (String kind : kinds) {
            Set<String> lacking = new TreeSet<>();
            for (Currency currency : currencies) {
                if (offer.termsIn(currency).stream().noneMatch(t -> t.name().equals(kind))) {
                    lacking.add(currency.getCurrencyCode());
                }
            }
            if (!lacking.isEmpty()) {
                Set<String> has = new TreeSet<>();
                offer.terms().stream().filter(t -> t.name().equals(kind))
                        .forEach(t -> has.add(t.currency().getCurrencyCode()));
                missing.add("offer " + offer.durableId() + " has a " + kind + " in " + String.join(", ", has)
                        + " but none in " + String.join(", ", lacking));
            }
        }
        return missing;
    }

    /** The currencies some term of the offer has an amount in. */
    public static Set<Currency> currenciesOf(Offer offer) {
        Set<Currency> currencies = new LinkedHashSet<>();
        offer.terms().forEach(t -> currencies.add(t.currency()));
        return currencies;
    }

    /**
     * @throws IllegalArgumentException when a term kind of the offer has no amount in {@code currency}
     */
    public static void requireEveryKindIn(Offer offer, Currency currency) {
        List<String> missing = missingIn(offer, List.of(currency));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", missing) + ": every offer term needs an amount in "
                    + "each currency the offer is sold in");
        }
    }
}
