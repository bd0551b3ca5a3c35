package io.meterwise.core.catalog;

import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** An offer such as {@code MS-AZR-0003P} (pay-as-you-go), with the terms it grants. */
public record Offer(String durableId, String name, OfferType type, List<OfferTerm> terms) {

    private static final Pattern DURABLE_ID = Pattern.compile("^MS-AZR-\\d{4}P(-\\d{4}P)*$");

    public Offer {
        durableId = normalizeDurableId(durableId);
        Meter.requireText(name, "name");
        Objects.requireNonNull(type, "type");
        terms = List.copyOf(terms);
    }

    /** Upper-cases and checks a durable id; clients send {@code MS-AZR-0003p} too. */
    public static String normalizeDurableId(String durableId) {
        Objects.requireNonNull(durableId, "durableId");
        String upper = durableId.trim().toUpperCase(Locale.ROOT);
        if (!DURABLE_ID.matcher(upper).matches()) {
            throw new IllegalArgumentException("offer durable id '" + io.meterwise.core.limits.Texts.shorten(durableId)
                    + "' does not match MS-AZR-NNNNP");
        }
        return upper;
    }

    public List<OfferTerm> termsIn(Currency currency) {
        return terms.stream().filter(t -> t.currency().equals(currency)).toList();
    }
}
