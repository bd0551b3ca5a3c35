package io.meterwise.core.chargeback;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.meterwise.core.money.Money;
import io.meterwise.core.money.Rounding;

/**
 * Charges a subscription's period cost back to cost centres. Specification:
 * <ol>
 * <li>Each charge goes to the pool of the first shared-cost rule that matches it; otherwise directly to the cost
 * centre its tag names (through the aliases), or to the untagged bucket.</li>
 * <li>A pool is split over the rule's cost centres: evenly, in proportion to their direct cost (evenly when their
 * direct costs add up to zero or less), or by the fixed percentages. The last cost centre of a rule receives the pool
 * minus the others' parts, so the parts add up to the pool exactly.</li>
 * <li>Every part (a cost centre's direct cost, its part of each pool) is exact until the end; then all parts are
 * rounded together to the currency's minor unit by the largest-remainder method: each is rounded down, and the units
 * still missing to reach the period's total go, one each, to the parts with the largest remainders (ties: the earlier
 * cost centre, direct before shared, rules in order). So the rounded parts add up exactly to the total, and each
 * differs from its exact value by less than one minor unit.</li>
 * </ol>
 * Every declared cost centre has a row, also when it receives nothing.
 */
public final class Chargeback {

    static final MathContext PRECISION = new MathContext(34, RoundingMode.HALF_EVEN);
    public static final String DIRECT = "direct";

    private Chargeback() {
    }

    /** Allocates {@code cost} by {@code version}'s rules; the rules must have no {@link ChargebackRules#problems()}. */
    public static ChargebackReport allocate(PeriodCost cost, RuleVersion version, String tenantId) {
        Allocation allocation = new Allocation(cost, version.rules());
        Map<String, Map<String, BigDecimal>> exact = allocation.exactParts();
        Map<String, Map<String, Money>> rounded = largestRemainder(exact, cost.total());
        ChargebackRules rules = version.rules();
        List<ChargebackReport.CostCentreRow> rows = new ArrayList<>();
        for (String centre : rules.costCentres()) {
            Map<String, Money> parts = rounded.get(centre);
            Money direct = parts.get(DIRECT);
            List<ChargebackReport.SharedPart> shared = new ArrayList<>();
            Money received = Money.zero(cost.currency());
            for (SharedCostRule rule : rules.sharedCosts()) {
                Money part = parts.get(rule.name());
                if (part != null) {
                    shared.add(new ChargebackReport.SharedPart(rule.name(), rule.describe(), part));
                    received = received.plus(part);
                }
            }
            String directRule = centre.equals(rules.canonical(rules.untaggedCostCentre()).orElseThrow())
                    ? "untagged: charges without a '" + rules.tagKey() + "' tag or whose value names no cost centre"
                            + (rules.valueAliases().isEmpty() ? "" : ", and tag values aliased to it")
                    : "tag " + rules.tagKey() + " = " + centre + aliasesOf(rules, centre);
            rows.add(new ChargebackReport.CostCentreRow(centre, direct, directRule, shared, received,
                    direct.plus(received)));
        }
        return new ChargebackReport(cost.subscriptionId(), tenantId, cost.period(), cost.total(), cost.estimated(),
                version.name(), rules.tagKey(), rows, null);
    }

    /** One charge behind an amount of a report: its whole cost and the exact part of it the cost centre receives. */
    public record Contribution(CostLine line, BigDecimal allocated) {
    }

    /**
     * The charges behind one part of a cost centre's row: {@code part} is {@link #DIRECT} or a shared-cost rule's
     * name. Empty when the cost centre or rule is unknown.
     */
    public static Optional<List<Contribution>> behind(PeriodCost cost, ChargebackRules rules, String costCentre,
            String part) {
        Optional<String> centre = rules.canonical(costCentre);
        if (centre.isEmpty()) {
            return Optional.empty();
        }
        Allocation allocation = new Allocation(cost, rules);
        if (part.equalsIgnoreCase(DIRECT)) {
            List<Contribution> result = new ArrayList<>();
            for (int i = 0; i < cost.lines().size(); i++) {
                if (centre.get().equals(allocation.directCentre.get(i))) {
                    CostLine line = cost.lines().get(i);
                    result.add(new Contribution(line, line.cost()));
                }
            }
            return Optional.of(result);
        }
        for (SharedCostRule rule : rules.sharedCosts()) {
            if (rule.name().equalsIgnoreCase(part)) {
                BigDecimal pool = allocation.pools.get(rule.name());
                BigDecimal received = allocation.split(rule).get(centre.get());
                if (received == null) {
                    return Optional.of(List.of());
                }
                List<Contribution> result = new ArrayList<>();
                for (int i = 0; i < cost.lines().size(); i++) {
                    if (rule.name().equals(allocation.poolOf.get(i))) {
                        CostLine line = cost.lines().get(i);
                        BigDecimal share = pool.signum() == 0 ? BigDecimal.ZERO
                                : line.cost().multiply(received).divide(pool, PRECISION);
                        result.add(new Contribution(line, share));
                    }
                }
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    private static String aliasesOf(ChargebackRules rules, String centre) {
        List<String> values = new ArrayList<>();
        rules.valueAliases().forEach((value, target) -> {
            if (target.equalsIgnoreCase(centre)) {
                values.add(value);
            }
        });
        return values.isEmpty() ? "" : " (aliases " + String.join(", ", values) + ")";
    }

    /** Where each charge goes and how each pool splits, exact. */
    private static final class Allocation {
        final PeriodCost cost;
        final ChargebackRules rules;
        final List<String> directCentre = new ArrayList<>();
        final List<String> poolOf = new ArrayList<>();
        final Map<String, BigDecimal> direct = new LinkedHashMap<>();
        final Map<String, BigDecimal> pools = new LinkedHashMap<>();

        Allocation(PeriodCost cost, ChargebackRules rules) {
            this.cost = cost;
            this.rules = rules;
            String untagged = rules.canonical(rules.untaggedCostCentre()).orElseThrow(
                    () -> new IllegalArgumentException("rules without a declared untagged cost centre"));
            for (String c : rules.costCentres()) {
                direct.put(c, BigDecimal.ZERO);
            }
            for (SharedCostRule r : rules.sharedCosts()) {
                pools.put(r.name(), BigDecimal.ZERO);
            }
            for (CostLine line : cost.lines()) {
                SharedCostRule rule = rules.sharedCosts().stream()
                        .filter(r -> r.matches(line, cost.subscriptionId())).findFirst().orElse(null);
                if (rule != null) {
                    pools.merge(rule.name(), line.cost(), BigDecimal::add);
                    poolOf.add(rule.name());
                    directCentre.add(null);
                } else {
                    String centre = rules.costCentreOf(line).orElse(untagged);
                    direct.merge(centre, line.cost(), BigDecimal::add);
                    poolOf.add(null);
                    directCentre.add(centre);
                }
            }
        }

        /** centre → (DIRECT or rule name) → exact amount; the amounts add up to the total exactly. */
        Map<String, Map<String, BigDecimal>> exactParts() {
            Map<String, Map<String, BigDecimal>> parts = new LinkedHashMap<>();
            for (String c : rules.costCentres()) {
                Map<String, BigDecimal> p = new LinkedHashMap<>();
                p.put(DIRECT, direct.get(c));
                parts.put(c, p);
            }
            for (SharedCostRule rule : rules.sharedCosts()) {
                split(rule).forEach((centre, amount) -> parts.get(centre).put(rule.name(), amount));
            }
            return parts;
        }

        /** The rule's pool over its cost centres (declared spelling); the parts add up to the pool exactly. */
        Map<String, BigDecimal> split(SharedCostRule rule) {
            BigDecimal pool = pools.get(rule.name());
            List<String> targets = rule.costCentres().stream().map(c -> rules.canonical(c).orElseThrow()).toList();
            List<BigDecimal> weights = new ArrayList<>();
            for (String target : targets) {
                weights.add(switch (rule.split()) {
                    case EVEN -> BigDecimal.ONE;
                    case PROPORTIONAL -> direct.get(target);
                    case FIXED -> percentageOf(rule, target);
                });
            }
            BigDecimal sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            if (sum.signum() <= 0) {
                weights.replaceAll(w -> BigDecimal.ONE);
                sum = new BigDecimal(weights.size());
            }
            Map<String, BigDecimal> result = new LinkedHashMap<>();
            BigDecimal given = BigDecimal.ZERO;
            for (int i = 0; i < targets.size(); i++) {
                BigDecimal part = i == targets.size() - 1 ? pool.subtract(given)
                        : pool.multiply(weights.get(i)).divide(sum, PRECISION);
                result.put(targets.get(i), part);
                given = given.add(part);
            }
            return result;
        }

        private static BigDecimal percentageOf(SharedCostRule rule, String target) {
            return rule.percentages().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(target))
                    .map(Map.Entry::getValue).findFirst().orElse(BigDecimal.ZERO);
        }
    }

    private record Part(String centre, String key, BigDecimal exact, BigDecimal floor, int order) {
    }

    /** Rounds every part to the minor unit so that the rounded parts add up to {@code total} exactly. */
    static Map<String, Map<String, Money>> largestRemainder(Map<String, Map<String, BigDecimal>> exact, Money total) {
        int digits = Rounding.minorDigits(total.currency());
        BigDecimal unit = BigDecimal.ONE.movePointLeft(digits);
        List<Part> parts = new ArrayList<>();
        BigDecimal floors = BigDecimal.ZERO;
        for (Map.Entry<String, Map<String, BigDecimal>> centre : exact.entrySet()) {
            for (Map.Entry<String, BigDecimal> part : centre.getValue().entrySet()) {
                BigDecimal floor = part.getValue().setScale(digits, RoundingMode.FLOOR);
                parts.add(new Part(centre.getKey(), part.getKey(), part.getValue(), floor, parts.size()));
                floors = floors.add(floor);
            }
        }
        BigDecimal missing = total.amount().subtract(floors).divide(unit);
        int units = missing.intValueExact();
        if (units < 0 || units > parts.size()) {
            throw new IllegalStateException("parts do not add up to " + total + " (" + units + " units missing)");
        }
        List<Part> byRemainder = new ArrayList<>(parts);
        // remainders compare at 20 digits below the minor unit, so an even split's parts tie whatever the division left
        byRemainder.sort(Comparator.comparing((Part p) -> p.exact().subtract(p.floor())
                .setScale(digits + 20, RoundingMode.HALF_EVEN)).reversed().thenComparingInt(Part::order));
        Map<Part, BigDecimal> rounded = new LinkedHashMap<>();
        for (int i = 0; i < byRemainder.size(); i++) {
            Part p = byRemainder.get(i);
            rounded.put(p, i < units ? p.floor().add(unit) : p.floor());
        }
        Map<String, Map<String, Money>> result = new LinkedHashMap<>();
        for (Part p : parts) {
            result.computeIfAbsent(p.centre(), k -> new LinkedHashMap<>())
                    .put(p.key(), new Money(rounded.get(p), total.currency()));
        }
        return result;
    }
}
