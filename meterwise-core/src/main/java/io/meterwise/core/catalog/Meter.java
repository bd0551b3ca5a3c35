package io.meterwise.core.catalog;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that is metered: a VM size in a region, a storage operation, a bandwidth zone. Quantities of usage are in
 * {@link #unit()} (for example {@code 1 Hour}, {@code 1 GB/Month}, {@code 10K}). {@link #product()} says what it sells
 * in Retail Prices terms (service, product, SKU, ARM region).
 */
public record Meter(UUID meterId, String name, String category, String subCategory, String region, String unit,
        List<String> tags, ProductAttributes product) {

    /** A meter without product attributes. */
    public Meter(UUID meterId, String name, String category, String subCategory, String region, String unit,
            List<String> tags) {
        this(meterId, name, category, subCategory, region, unit, tags, ProductAttributes.NONE);
    }

    public Meter {
        Objects.requireNonNull(meterId, "meterId");
        requireText(name, "name");
        requireText(category, "category");
        subCategory = subCategory == null ? "" : subCategory;
        region = region == null ? "" : region;
        requireText(unit, "unit");
        tags = List.copyOf(tags);
        product = product == null ? ProductAttributes.NONE : product;
    }

    /** The same meter with other product attributes. */
    public Meter withProduct(ProductAttributes attributes) {
        return new Meter(meterId, name, category, subCategory, region, unit, tags, attributes);
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
