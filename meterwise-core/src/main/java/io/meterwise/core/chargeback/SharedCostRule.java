package io.meterwise.core.chargeback;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Takes the cost matching {@code scope} and {@code match} (a resource group name, a meter category, or a subscription
 * id; case-insensitive) out of the direct allocation and splits it over {@code costCentres} by {@code split}.
 * {@code percentages} is set only for {@link SplitMethod#FIXED}, one per cost centre.
 */
public record SharedCostRule(String name, SharedScope scope, String match, SplitMethod split, List<String> costCentres,
        Map<String, BigDecimal> percentages) {

    public SharedCostRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(split, "split");
        costCentres = List.copyOf(costCentres);
        percentages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(percentages));
    }

    boolean matches(CostLine line, java.util.UUID subscriptionId) {
        return switch (scope) {
            case RESOURCE_GROUP -> line.resourceGroup().equalsIgnoreCase(match);
            case METER_CATEGORY -> line.meterCategory().equalsIgnoreCase(match);
            case SUBSCRIPTION -> subscriptionId.toString().equalsIgnoreCase(match);
        };
    }

    /** For a report: {@code shared-network: ResourceGroup rg-network, Proportional}. */
    public String describe() {
        return name + ": " + scope.wireName() + " " + match + ", " + split.wireName();
    }
}
