package io.meterwise.core.chargeback;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.meterwise.core.time.BillingPeriod;

/** The rule history of a tenant: which version is in force for a period, and whether a new version may be stored. */
public final class RuleVersions {

    private RuleVersions() {
    }

    public static Optional<RuleVersion> inForce(List<RuleVersion> versions, BillingPeriod period) {
        return versions.stream().filter(v -> v.covers(period)).findFirst();
    }

    /**
     * Why {@code candidate} cannot be stored next to {@code existing} (a version of the same name is replaced, so it
     * does not count): its own rule problems, an effective period that ends before it starts, or one that overlaps
     * another version's.
     */
    public static List<RuleProblem> problems(List<RuleVersion> existing, RuleVersion candidate) {
        List<RuleProblem> problems = new ArrayList<>(candidate.rules().problems());
        if (candidate.effectiveTo() != null && candidate.effectiveTo().isBefore(candidate.effectiveFrom())) {
            problems.add(new RuleProblem("InvalidEffectivePeriod", "properties.effectiveTo",
                    "effectiveTo " + candidate.effectiveTo() + " is before effectiveFrom " + candidate.effectiveFrom()
                            + "."));
        }
        for (RuleVersion other : existing) {
            if (!other.name().equals(candidate.name()) && other.overlaps(candidate)) {
                problems.add(new RuleProblem("OverlappingEffectivePeriod", "properties.effectiveFrom",
                        "The effective period " + range(candidate) + " overlaps version '" + other.name() + "' ("
                                + range(other) + "). End that version first (effectiveTo)."));
            }
        }
        return problems;
    }

    private static String range(RuleVersion v) {
        return v.effectiveFrom() + ".." + (v.effectiveTo() == null ? "" : v.effectiveTo().toString());
    }
}
