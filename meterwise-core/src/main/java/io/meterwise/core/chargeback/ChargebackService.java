package io.meterwise.core.chargeback;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.time.BillingPeriod;

/**
 * Chargeback use cases. Rule versions belong to one subscription (a tenant's subscriptions may serve different
 * customers, so rules are not shared across them). A period with an invoice is charged back once and the report stored with the rules that made
 * it, so a later rule change never alters it; before a rule version is replaced or deleted, every issued period it
 * covers is stored first. An open period's report is computed on each request and marked estimated.
 */
public final class ChargebackService {

    /** Why a request cannot be answered, with a code for the API. */
    public static final class ChargebackException extends RuntimeException {
        private final String code;
        private final List<RuleProblem> problems;

        ChargebackException(String code, String message, List<RuleProblem> problems) {
            super(message);
            this.code = code;
            this.problems = List.copyOf(problems);
        }

        public String code() {
            return code;
        }

        public List<RuleProblem> problems() {
            return problems;
        }
    }

    private final Catalog catalog;
    private final PeriodCosts charges;
    private final ChargebackRuleStore rules;
    private final ChargebackReportStore reports;
    private final Invoices invoices;
    private final TagKeys tagKeys;
    private final Clock clock;

    public ChargebackService(Catalog catalog, PeriodCosts charges, ChargebackRuleStore rules,
            ChargebackReportStore reports, Invoices invoices, TagKeys tagKeys, Clock clock) {
        this.catalog = catalog;
        this.charges = charges;
        this.rules = rules;
        this.reports = reports;
        this.invoices = invoices;
        this.tagKeys = tagKeys;
        this.clock = clock;
    }

    public List<RuleVersion> versions(UUID subscriptionId) {
        return rules.versions(subscriptionId);
    }

    /**
     * Stores a rule version after checking it: its own problems, overlaps with the tenant's other versions, and a tag
     * key that no usage record of the tenant carries. Issued periods the replaced version covered are frozen first.
     */
    public synchronized RuleVersion put(RuleVersion version) {
        List<RuleVersion> existing = rules.versions(version.subscriptionId());
        List<RuleProblem> problems = new ArrayList<>(RuleVersions.problems(existing, version));
        if (!version.rules().tagKey().isBlank() && !tagKeys.anyRecordHas(version.subscriptionId(),
                version.rules().tagKey())) {
            problems.add(new RuleProblem("UnknownTag", "properties.tagKey", "No usage record of subscription "
                    + version.subscriptionId() + " carries the tag '" + version.rules().tagKey()
                    + "'. Tag keys compare case-insensitively; check the spelling."));
        }
        if (!problems.isEmpty()) {
            throw new ChargebackException(problems.get(0).code(), problems.get(0).message(), problems);
        }
        freezeIssuedPeriods(version.subscriptionId());
        rules.put(version);
        return version;
    }

    public synchronized boolean delete(UUID subscriptionId, String name) {
        boolean exists = rules.versions(subscriptionId).stream().anyMatch(v -> v.name().equals(name));
        if (exists) {
            freezeIssuedPeriods(subscriptionId);
        }
        return exists && rules.delete(subscriptionId, name);
    }

    /** The period's report: stored once the period is invoiced; estimated while it is open. */
    public ChargebackReport report(Subscription subscription, BillingPeriod period) {
        return reportWithRules(subscription, period).report();
    }

    /** The report and the rules it was made with (the stored ones for an issued period). */
    public ChargebackReportStore.Stored reportWithRules(Subscription subscription, BillingPeriod period) {
        Optional<ChargebackReportStore.Stored> stored = reports.find(subscription.subscriptionId(), period);
        if (stored.isPresent()) {
            return stored.get();
        }
        RuleVersion version = RuleVersions.inForce(rules.versions(subscription.subscriptionId()), period)
                .orElseThrow(() -> new ChargebackException("NoChargebackRules", "Subscription "
                        + subscription.subscriptionId() + " has no chargeback rule version in force for " + period.month()
                        + ". Create one with PUT .../providers/Meterwise/chargebackRules/{name}.", List.of()));
        PeriodCost cost = cost(subscription, period);
        ChargebackReport report = Chargeback.allocate(cost, version, subscription.tenantId());
        Optional<Invoice> invoice = invoices.forPeriod(subscription.subscriptionId(), period);
        if (invoice.isPresent() && !cost.estimated()) {
            return reports.insertIfAbsent(report.issued(clock.instant()), version);
        }
        return new ChargebackReportStore.Stored(report, version);
    }

    /** The charges behind one part of a cost centre's row, by the rules the report was made with. */
    public Optional<List<Chargeback.Contribution>> behind(Subscription subscription, BillingPeriod period,
            String costCentre, String part) {
        ChargebackReportStore.Stored stored = reportWithRules(subscription, period);
        return Chargeback.behind(cost(subscription, period), stored.rules().rules(), costCentre, part);
    }

    public PeriodCost cost(Subscription subscription, BillingPeriod period) {
        return charges.of(subscription.subscriptionId(), period).orElseThrow(() -> new ChargebackException(
                "SubscriptionNotFound", "The subscription '" + subscription.subscriptionId()
                        + "' could not be found.", List.of()));
    }

    /** Stores the report of every invoiced period that has rules in force, before the rules change. */
    private void freezeIssuedPeriods(UUID subscriptionId) {
        Optional<Subscription> s = catalog.subscription(subscriptionId);
        if (s.isEmpty()) {
            return;
        }
        List<RuleVersion> versions = rules.versions(subscriptionId);
        for (Invoice invoice : invoices.ofSubscription(subscriptionId)) {
            BillingPeriod period = invoice.period();
            if (RuleVersions.inForce(versions, period).isPresent() && reports.find(subscriptionId, period).isEmpty()) {
                reportWithRules(s.get(), period);
            }
        }
    }

}
