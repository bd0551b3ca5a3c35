package io.meterwise.core.chargeback;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One charge to allocate: a usage record's exact share of its period's rated charges, an offer term, or a
 * prior-period adjustment. {@code id} is the usage record id, or a label for a charge without a record.
 * {@code meterCategory} of a term or adjustment is the category its invoice line shows (for example
 * {@code Offer terms}), so a shared-cost rule on that category can split it.
 */
public record CostLine(String id, String chargeType, String resourceUri, String meterCategory,
        Map<String, String> tags, BigDecimal cost) {

    public CostLine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(chargeType, "chargeType");
        resourceUri = resourceUri == null ? "" : resourceUri;
        meterCategory = meterCategory == null ? "" : meterCategory;
        tags = Map.copyOf(tags);
        Objects.requireNonNull(cost, "cost");
    }

    /** The resource group named in {@link #resourceUri()}, lower case; empty when it names none. */
    public String resourceGroup() {
        String[] segments = resourceUri.split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equalsIgnoreCase("resourceGroups")) {
                return segments[i + 1].toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    /** The value of tag {@code key}, matching the key case-insensitively as Azure does; null when absent or blank. */
    public String tag(String key) {
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key) && !e.getValue().isBlank()) {
                return e.getValue();
            }
        }
        return null;
    }
}
