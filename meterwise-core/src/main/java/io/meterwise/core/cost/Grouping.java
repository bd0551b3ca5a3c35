package io.meterwise.core.cost;

import java.util.Objects;

/** A query grouping: by a {@link Dimension}, or by the value of one tag key. */
public sealed interface Grouping {

    /** The charge's value for this grouping; empty when it has none. */
    String valueOf(Charge charge);

    record ByDimension(Dimension dimension) implements Grouping {
        public ByDimension {
            Objects.requireNonNull(dimension, "dimension");
        }

        @Override
        public String valueOf(Charge charge) {
            return dimension.valueOf(charge);
        }
    }

    /** Tag keys match case-insensitively, as in Azure. */
    record ByTag(String key) implements Grouping {
        public ByTag {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String valueOf(Charge charge) {
            return CostFilter.tag(charge, key);
        }
    }
}
