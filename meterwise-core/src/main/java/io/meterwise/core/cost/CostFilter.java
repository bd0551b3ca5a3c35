package io.meterwise.core.cost;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Which charges a query keeps: {@code In} comparisons on dimensions and tags, combined with and, or, not. */
public sealed interface CostFilter {

    boolean matches(Charge charge);

    record And(List<CostFilter> all) implements CostFilter {
        public And {
            all = List.copyOf(all);
        }

        @Override
        public boolean matches(Charge charge) {
            return all.stream().allMatch(f -> f.matches(charge));
        }
    }

    record Or(List<CostFilter> any) implements CostFilter {
        public Or {
            any = List.copyOf(any);
        }

        @Override
        public boolean matches(Charge charge) {
            return any.stream().anyMatch(f -> f.matches(charge));
        }
    }

    record Not(CostFilter negated) implements CostFilter {
        public Not {
            Objects.requireNonNull(negated, "negated");
        }

        @Override
        public boolean matches(Charge charge) {
            return !negated.matches(charge);
        }
    }

    /** The dimension's value is one of {@code values}, compared case-insensitively. */
    record DimensionIn(Dimension dimension, Set<String> values) implements CostFilter {
        public DimensionIn {
            Objects.requireNonNull(dimension, "dimension");
            values = lower(values);
        }

        @Override
        public boolean matches(Charge charge) {
            return values.contains(dimension.valueOf(charge).toLowerCase(Locale.ROOT));
        }
    }

    /** The charge has tag {@code key} (case-insensitive) with one of {@code values} (case-insensitive). */
    record TagIn(String key, Set<String> values) implements CostFilter {
        public TagIn {
            Objects.requireNonNull(key, "key");
            values = lower(values);
        }

        @Override
        public boolean matches(Charge charge) {
            for (Map.Entry<String, String> tag : charge.tags().entrySet()) {
                if (tag.getKey().equalsIgnoreCase(key) && values.contains(tag.getValue().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Set<String> lower(Set<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** The value of tag {@code key} (case-insensitive key), empty when the charge has no such tag. */
    static String tag(Charge charge, String key) {
        String exact = charge.tags().get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> tag : charge.tags().entrySet()) {
            if (tag.getKey().equalsIgnoreCase(key)) {
                return tag.getValue();
            }
        }
        return "";
    }
}
