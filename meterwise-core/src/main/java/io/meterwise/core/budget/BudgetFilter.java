package io.meterwise.core.budget;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.meterwise.core.cost.CostFilter;
import io.meterwise.core.cost.Dimension;

/**
 * Which charges a budget counts, as the Consumption API writes it: one {@code In} comparison on a dimension or a tag,
 * or an {@code and} of such comparisons.
 */
public sealed interface BudgetFilter {

    CostFilter toCostFilter();

    record And(List<BudgetFilter> all) implements BudgetFilter {
        public And {
            all = List.copyOf(all);
        }

        @Override
        public CostFilter toCostFilter() {
            return new CostFilter.And(all.stream().map(BudgetFilter::toCostFilter).toList());
        }
    }

    /** {@code name} is a Cost Management dimension as written by the client; it must name a {@link Dimension}. */
    record DimensionIn(String name, List<String> values) implements BudgetFilter {
        public DimensionIn {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }

        public Dimension dimension() {
            return Dimension.fromWireName(name).orElseThrow(() -> new IllegalStateException(
                    "unknown dimension " + name));
        }

        @Override
        public CostFilter toCostFilter() {
            return new CostFilter.DimensionIn(dimension(), Set.copyOf(values));
        }
    }

    record TagIn(String name, List<String> values) implements BudgetFilter {
        public TagIn {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }

        @Override
        public CostFilter toCostFilter() {
            return new CostFilter.TagIn(name, Set.copyOf(values));
        }
    }
}
