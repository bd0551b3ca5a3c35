package io.meterwise.core.chargeback;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How cost is charged back: tag {@code tagKey} of a charge names its cost centre, directly or through
 * {@code valueAliases} (tag value, case-insensitive → cost centre); a charge without the tag, or whose value names no
 * cost centre, goes to the explicit {@code untaggedCostCentre}. Before that, {@code sharedCosts} take the cost they
 * match (the first matching rule wins) and split it over their cost centres. Every cost centre is declared in
 * {@code costCentres}; {@link #problems()} lists what makes a rule set unusable.
 */
public record ChargebackRules(String tagKey, List<String> costCentres, Map<String, String> valueAliases,
        String untaggedCostCentre, List<SharedCostRule> sharedCosts) {

    static final BigDecimal HUNDRED = new BigDecimal(100);

    public ChargebackRules {
        Objects.requireNonNull(tagKey, "tagKey");
        costCentres = List.copyOf(costCentres);
        valueAliases = Collections.unmodifiableMap(new LinkedHashMap<>(valueAliases));
        Objects.requireNonNull(untaggedCostCentre, "untaggedCostCentre");
        sharedCosts = List.copyOf(sharedCosts);
    }

    /** Every reason the rules cannot be used; empty when they can. */
    public List<RuleProblem> problems() {
        List<RuleProblem> problems = new ArrayList<>();
        if (tagKey.isBlank()) {
            problems.add(new RuleProblem("InvalidTagKey", "properties.tagKey", "tagKey must name a tag, e.g. costCenter."));
        }
        if (costCentres.isEmpty()) {
            problems.add(new RuleProblem("InvalidCostCentres", "properties.costCentres",
                    "costCentres must declare at least one cost centre."));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < costCentres.size(); i++) {
            String c = costCentres.get(i);
            if (c.isBlank()) {
                problems.add(new RuleProblem("InvalidCostCentres", "properties.costCentres[" + i + "]",
                        "A cost centre name must not be blank."));
            } else if (!seen.add(c.toLowerCase(Locale.ROOT))) {
                problems.add(new RuleProblem("InvalidCostCentres", "properties.costCentres[" + i + "]",
                        "Cost centre '" + c + "' is declared twice."));
            }
        }
        if (canonical(untaggedCostCentre).isEmpty()) {
            problems.add(new RuleProblem("UnknownCostCentre", "properties.untaggedCostCentre", "untaggedCostCentre '"
                    + untaggedCostCentre + "' is not one of the declared costCentres " + costCentres + "."));
        }
        Set<String> aliasValues = new HashSet<>();
        valueAliases.forEach((value, centre) -> {
            if (value.isBlank() || !aliasValues.add(value.toLowerCase(Locale.ROOT))) {
                problems.add(new RuleProblem("InvalidValueAlias", "properties.valueAliases",
                        "Tag value '" + value + "' is blank or aliased twice (values compare case-insensitively)."));
            }
            if (canonical(centre).isEmpty()) {
                problems.add(new RuleProblem("UnknownCostCentre", "properties.valueAliases." + value,
                        "Alias '" + value + "' maps to '" + centre + "', which is not a declared cost centre."));
            }
        });
        Set<String> ruleNames = new HashSet<>();
        for (int i = 0; i < sharedCosts.size(); i++) {
            problems.addAll(problemsOf(sharedCosts.get(i), "properties.sharedCosts[" + i + "]", ruleNames));
        }
        return problems;
    }

    private List<RuleProblem> problemsOf(SharedCostRule rule, String at, Set<String> names) {
        List<RuleProblem> problems = new ArrayList<>();
        if (rule.name().isBlank() || !names.add(rule.name().toLowerCase(Locale.ROOT))) {
            problems.add(new RuleProblem("InvalidSharedCostRule", at + ".name",
                    "Each shared-cost rule needs a name of its own; '" + rule.name() + "' is blank or used twice."));
        }
        if (rule.match().isBlank()) {
            problems.add(new RuleProblem("InvalidSharedCostRule", at + ".match",
                    "match must name the " + rule.scope().wireName() + " whose cost is shared."));
        }
        if (rule.costCentres().isEmpty()) {
            problems.add(new RuleProblem("InvalidSharedCostRule", at + ".costCentres",
                    "A shared cost needs at least one cost centre to go to."));
        }
        Set<String> targets = new HashSet<>();
        for (String c : rule.costCentres()) {
            if (canonical(c).isEmpty()) {
                problems.add(new RuleProblem("UnknownCostCentre", at + ".costCentres",
                        "'" + c + "' is not a declared cost centre."));
            }
            if (!targets.add(c.toLowerCase(Locale.ROOT))) {
                problems.add(new RuleProblem("InvalidSharedCostRule", at + ".costCentres",
                        "'" + c + "' is named twice."));
            }
        }
        if (rule.split() == SplitMethod.FIXED) {
            Set<String> keyed = new HashSet<>();
            BigDecimal sum = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> e : rule.percentages().entrySet()) {
                keyed.add(e.getKey().toLowerCase(Locale.ROOT));
                if (e.getValue().signum() < 0) {
                    problems.add(new RuleProblem("InvalidPercentages", at + ".percentages." + e.getKey(),
                            "A percentage must not be negative."));
                }
                sum = sum.add(e.getValue());
            }
            if (!keyed.equals(targets)) {
                problems.add(new RuleProblem("InvalidPercentages", at + ".percentages",
                        "A Fixed split needs exactly one percentage per cost centre of the rule " + rule.costCentres()
                                + "."));
            }
            if (sum.compareTo(HUNDRED) != 0) {
                problems.add(new RuleProblem("InvalidPercentages", at + ".percentages",
                        "The percentages add up to " + sum.stripTrailingZeros().toPlainString()
                                + ", not to 100."));
            }
        } else if (!rule.percentages().isEmpty()) {
            problems.add(new RuleProblem("InvalidPercentages", at + ".percentages",
                    "percentages are only for split Fixed; this rule splits " + rule.split().wireName() + "."));
        }
        return problems;
    }

    /** The declared spelling of a cost centre name given in any case. */
    public Optional<String> canonical(String costCentre) {
        for (String c : costCentres) {
            if (c.equalsIgnoreCase(costCentre)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The cost centre a charge is charged to directly, or empty for the untagged bucket. */
    Optional<String> costCentreOf(CostLine line) {
        String value = line.tag(tagKey);
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        for (Map.Entry<String, String> alias : valueAliases.entrySet()) {
            if (alias.getKey().equalsIgnoreCase(trimmed)) {
                return canonical(alias.getValue());
            }
        }
        return canonical(trimmed);
    }
}
