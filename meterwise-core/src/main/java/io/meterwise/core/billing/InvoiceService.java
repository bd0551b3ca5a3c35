package io.meterwise.core.billing;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongFunction;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionHistory;
import io.meterwise.core.catalog.SubscriptionPlan;
import io.meterwise.core.money.Money;
import io.meterwise.core.limits.Texts;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.error.ErrorCode;
import io.meterwise.core.error.UseCaseException;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.LedgerUsage;

/**
 * Issues invoices for closed billing periods (ADR 0010). A period closes {@code meterwise.billing.grace} after its
 * end. One run reads the ledger's highest sequence number once and takes into account exactly the usage up to it.
 */
public class InvoiceService {

    private static final System.Logger log = System.getLogger(InvoiceService.class.getName());
    private static final int BATCH = 250;

    /** What one run did. */
    public record IssueReport(List<String> issued, int alreadyIssued, List<String> failures) {
    }

    private final Catalog catalog;
    private final Invoices invoices;
    private final LedgerUsage usage;
    private final IssuingSettings properties;
    private final Clock clock;
    private final IssuingFailures failureLog;

    /** Without a failure report to share (tools, tests): failures are still logged and returned by each run. */
    public InvoiceService(Catalog catalog, Invoices invoices, LedgerUsage usage, IssuingSettings properties,
            Clock clock) {
        this(catalog, invoices, usage, properties, clock, new IssuingFailures(IssuingFailures.Counters.NONE));
    }

    public InvoiceService(Catalog catalog, Invoices invoices, LedgerUsage usage, IssuingSettings properties,
            Clock clock, IssuingFailures failureLog) {
        this.catalog = catalog;
        this.invoices = invoices;
        this.usage = usage;
        this.properties = properties;
        this.clock = clock;
        this.failureLog = failureLog;
    }

    /** The latest period whose grace window has passed at {@code now}. */
    public BillingPeriod lastClosed(Instant now) {
        BillingPeriod period = BillingPeriod.containing(now);
        while (period.end().plus(properties.grace()).isAfter(now)) {
            period = period.previous();
        }
        return period;
    }

    /** The billing periods of a subscription: from its first usage (or creation) month to the current month. */
    public List<BillingPeriod> periodsOf(UUID subscriptionId) {
        BillingPeriod current = BillingPeriod.containing(clock.instant());
        LedgerUsage.FirstPeriods known = usage.firstPeriods(subscriptionId);
        Map<UUID, BillingPeriod> firstUsage = new HashMap<>();
        Map<UUID, BillingPeriod> created = new HashMap<>();
        if (known.usage() != null) {
            firstUsage.put(subscriptionId, known.usage());
        }
        if (known.created() != null) {
            created.put(subscriptionId, known.created());
        }
        Optional<BillingPeriod> first = firstPeriod(subscriptionId, firstUsage, created);
        List<BillingPeriod> result = new ArrayList<>();
        if (first.isEmpty()) {
            return result;
        }
        for (BillingPeriod p = current; p.compareTo(first.get()) >= 0; p = p.previous()) {
            result.add(p);
        }
        for (Invoice invoice : invoices.ofSubscription(subscriptionId)) {
            if (!result.contains(invoice.period())) {
                result.add(invoice.period());
            }
        }
        result.sort(java.util.Comparator.reverseOrder());
        return result;
    }

    /** Issues every closed period that has no invoice yet: the scheduled job. */
    public IssueReport issueDue() {
        return issue(null, null);
    }

    /**
     * Issues invoices on demand: for {@code month} only (it must have ended) or every closed period, for one
     * subscription or all. Idempotent: a period already invoiced is left as it is.
     */
    public synchronized IssueReport issue(@Nullable YearMonth month, @Nullable UUID subscriptionId) {
        // whole seconds: the issue time is stored, hashed and printed, and must read back exactly as issued
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long seqHigh = usage.maxIngestSeq();
        Collection<Subscription> subscriptions;
        if (subscriptionId != null) {
            subscriptions = List.of(catalog.subscription(subscriptionId).orElseThrow(() -> new UseCaseException(
                    ErrorCode.SUBSCRIPTION_NOT_FOUND, "The subscription '" + subscriptionId + "' could not be found.")));
        } else {
            subscriptions = catalog.subscriptions();
        }
        TreeMap<BillingPeriod, List<Subscription>> work = new TreeMap<>();
        if (month != null) {
            BillingPeriod period = new BillingPeriod(month);
            if (period.end().isAfter(now)) {
                throw new UseCaseException(ErrorCode.BILLING_PERIOD_NOT_ENDED, "The billing period "
                        + month + " ends at " + period.end() + "; it can be invoiced only after it has ended.");
            }
            Map<UUID, BillingPeriod> firstUsage = usage.firstUsagePeriods();
            Map<UUID, BillingPeriod> created = usage.creationPeriods();
            List<Subscription> existed = new ArrayList<>();
            for (Subscription s : subscriptions) {
                Optional<BillingPeriod> first = firstPeriod(s.subscriptionId(), firstUsage, created);
                if (first.isPresent() && first.get().compareTo(period) <= 0) {
                    existed.add(s);
                } else if (subscriptionId != null) {
                    // ADR 0010: a subscription's periods start with its creation (or its first usage, if earlier)
                    throw new UseCaseException(ErrorCode.BILLING_PERIOD_BEFORE_SUBSCRIPTION, "The subscription '"
                            + subscriptionId + "' has no billing period " + month + ": its periods start "
                            + first.map(f -> "with " + f.month()).orElse("once it exists") + ", the month it was "
                            + "created (or of its first usage, if earlier).");
                }
            }
            work.put(period, existed);
        } else {
            BillingPeriod last = lastClosed(now);
            Map<UUID, BillingPeriod> firstUsage = usage.firstUsagePeriods();
            Map<UUID, BillingPeriod> created = usage.creationPeriods();
            Map<UUID, Set<BillingPeriod>> pendingLate = usage.periodsWithLateUsage(seqHigh);
            for (Subscription s : subscriptions) {
                Optional<BillingPeriod> first = firstPeriod(s.subscriptionId(), firstUsage, created);
                // a disabled or deleted subscription gets its last invoice for the period it ended in, then only one
                // more when late usage of an invoiced period is waiting (ADR 0020)
                BillingPeriod until = catalog.subscriptionHistory(s.subscriptionId())
                        .flatMap(SubscriptionHistory::endedAt).map(BillingPeriod::containing)
                        .filter(end -> !pendingLate.containsKey(s.subscriptionId()) && end.compareTo(last) < 0)
                        .orElse(last);
                for (BillingPeriod p = first.orElse(last.next()); p.compareTo(until) <= 0; p = p.next()) {
                    work.computeIfAbsent(p, k -> new ArrayList<>()).add(s);
                }
            }
        }
        List<String> issued = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int existing = 0;
        Map<PriceListKey, PriceList> priceLists = new HashMap<>();
        Map<UUID, Optional<Meter>> meters = new HashMap<>();
        for (var entry : work.entrySet()) {
            BillingPeriod period = entry.getKey();
            Map<UUID, Subscription> pending = new LinkedHashMap<>();
            Set<UUID> done = invoices.invoicedFor(period);
            for (Subscription s : entry.getValue()) {
                if (!done.contains(s.subscriptionId())) {
                    pending.put(s.subscriptionId(), s);
                } else {
                    failureLog.settled(s.subscriptionId(), period.month());
                    existing++;
                }
            }
            if (pending.isEmpty()) {
                continue;
            }
            Map<UUID, Rater> raters = new HashMap<>();
            Map<UUID, String> broken = new HashMap<>();
            try {
                rate(period, seqHigh, subscriptionId, pending.values(), priceLists, raters, broken);
            } catch (RuntimeException e) {
                // One subscription's usage the store cannot sum must not stop the others: rate each on its own.
                log.log(System.Logger.Level.WARNING, "Rating {0} for all subscriptions at once failed ({1}); rating "
                        + "each subscription alone", period.month(), Texts.shorten(String.valueOf(e.getMessage()), 300));
                raters.clear();
                broken.clear();
                for (Subscription s : pending.values()) {
                    try {
                        rate(period, seqHigh, s.subscriptionId(), List.of(s), priceLists, raters, broken);
                    } catch (RuntimeException alone) {
                        broken.put(s.subscriptionId(), "its usage could not be read: " + alone.getMessage());
                    }
                }
            }
            Map<UUID, Set<BillingPeriod>> late = usage.periodsWithLateUsage(seqHigh);
            List<Invoices.Request> requests = new ArrayList<>();
            for (Subscription s : pending.values()) {
                UUID sid = s.subscriptionId();
                if (broken.containsKey(sid)) {
                    fail(failures, sid, period, broken.get(sid), now);
                    continue;
                }
                try {
                    Invoices.Request request = request(s, period, raters.get(sid).result(),
                            late.getOrDefault(sid, Set.of()), seqHigh, now, priceLists,
                            id -> meters.computeIfAbsent(id, catalog::meter));
                    if (request != null) {
                        requests.add(request);
                    } else {
                        failureLog.settled(sid, period.month());
                    }
                } catch (RuntimeException e) {
                    fail(failures, sid, period, String.valueOf(e.getMessage()), now);
                }
                if (requests.size() == BATCH) {
                    existing += store(requests, issued, failures, now);
                }
            }
            existing += store(requests, issued, failures, now);
        }
        return new IssueReport(issued, existing, failures);
    }

    /** Rates the usage of {@code period} of the given subscriptions (all of them when {@code only} is null). */
    private void rate(BillingPeriod period, long seqHigh, @Nullable UUID only, Collection<Subscription> subscriptions,
            Map<PriceListKey, PriceList> priceLists, Map<UUID, Rater> raters, Map<UUID, String> broken) {
        for (Subscription s : subscriptions) {
            try {
                raters.put(s.subscriptionId(), rater(s, period, priceLists));
            } catch (RuntimeException e) {
                broken.put(s.subscriptionId(), e.getMessage());
            }
        }
        usage.scan(period, seqHigh, only, (sub, meter, start, quantity) -> {
            Rater rater = raters.get(sub);
            if (rater != null && !broken.containsKey(sub)) {
                try {
                    rater.add(meter, start, quantity);
                } catch (RuntimeException e) {
                    broken.put(sub, e.getMessage());
                }
            }
        });
    }

    private void fail(List<String> failures, UUID subscriptionId, BillingPeriod period, String reason, Instant now) {
        String shown = Texts.shorten(String.valueOf(reason), IssuingFailures.MAX_REASON_LENGTH);
        failures.add(subscriptionId + " " + period.month() + ": " + shown);
        log.log(System.Logger.Level.WARNING, "Cannot invoice subscription {0} for {1}: {2}", subscriptionId,
                period.month(), shown);
        failureLog.failed(subscriptionId, period.month(), shown, now);
    }

    /**
     * The invoice of {@code period} with its adjustments of earlier periods, each re-rated under the plan (offer, price
     * list, terms, currency) in force for it (ADR 0020). Adjustments in another currency than the period's go on an
     * invoice of their own, one per currency, issued with it.
     */
    private Invoices.@Nullable Request request(Subscription s, BillingPeriod period, RatedPeriod rated,
            Set<BillingPeriod> latePeriods, long seqHigh, Instant now, Map<PriceListKey, PriceList> priceLists,
            Function<UUID, Optional<Meter>> meters) {
        Map<Currency, List<InvoiceIssuer.PriorPeriod>> priorsByCurrency = new LinkedHashMap<>();
        Map<Currency, String> offerByCurrency = new HashMap<>();
        Set<BillingPeriod> toReRate = new TreeSet<>();
        for (BillingPeriod p : latePeriods) {
            if (p.compareTo(period) < 0) {
                toReRate.add(p);
            }
        }
        if (!toReRate.isEmpty()) {
            List<Invoice> earlier = invoices.ofSubscription(s.subscriptionId());
            for (BillingPeriod p : toReRate) {
                SubscriptionPlan plan = plan(s, p);
                Rater rater = rater(s, p, priceLists);
                usage.scan(p, seqHigh, s.subscriptionId(), (sub, meter, start, quantity) -> rater.add(meter, start,
                        quantity));
                priorsByCurrency.computeIfAbsent(plan.currency(), c -> new ArrayList<>())
                        .add(new InvoiceIssuer.PriorPeriod(rater.result(), InvoiceIssuer.invoicedFor(p, earlier)));
                offerByCurrency.put(plan.currency(), plan.offerDurableId());
            }
        }
        if (toReRate.isEmpty() && rated.meterCharges().isEmpty() && billedSpan(s, period).isEmpty()) {
            return null; // not active in the period and nothing to charge: no invoice (ADR 0020)
        }
        List<InvoiceIssuer.PriorPeriod> own = priorsByCurrency.remove(rated.currency());
        InvoiceIssuer.Header header = new InvoiceIssuer.Header(s.tenantId(), s.subscriptionId(), s.displayName(),
                plan(s, period).offerDurableId(), now, seqHigh);
        List<LongFunction<Invoice>> adjustmentInvoices = new ArrayList<>();
        priorsByCurrency.forEach((currency, priors) -> {
            InvoiceIssuer.Header inCurrency = new InvoiceIssuer.Header(s.tenantId(), s.subscriptionId(),
                    s.displayName(), offerByCurrency.get(currency), now, seqHigh);
            RatedPeriod nothingOwn = new RatedPeriod(period, currency, List.of(), List.of(), Money.zero(currency),
                    Money.zero(currency));
            adjustmentInvoices.add(number -> InvoiceIssuer.assemble(inCurrency, number, nothingOwn, priors, meters));
        });
        List<InvoiceIssuer.PriorPeriod> priors = own == null ? List.of() : own;
        return new Invoices.Request(s.tenantId(), s.subscriptionId(), period,
                number -> InvoiceIssuer.assemble(header, number, rated, priors, meters), adjustmentInvoices);
    }

    /**
     * Stores a batch in one transaction and clears it; returns how many were issued before. When the batch fails as a
     * whole (one invoice the store refuses rolls back all of it), each invoice is stored alone, so only the invoices
     * that cannot be stored fail.
     */
    private int store(List<Invoices.Request> requests, List<String> issued, List<String> failures, Instant now) {
        int existing = 0;
        if (requests.isEmpty()) {
            return 0;
        }
        List<Invoices.Issued> outcomes;
        try {
            outcomes = invoices.issueAll(requests);
        } catch (RuntimeException batch) {
            log.log(System.Logger.Level.WARNING, "Storing {0} invoices in one transaction failed ({1}); storing each "
                    + "alone", requests.size(), Texts.shorten(String.valueOf(batch.getMessage()), 300));
            outcomes = new ArrayList<>();
            for (Invoices.Request r : requests) {
                try {
                    outcomes.add(invoices.issueAll(List.of(r)).get(0));
                } catch (RuntimeException alone) {
                    outcomes.add(new Invoices.Issued(null, false, "the invoice could not be stored: "
                            + alone.getMessage()));
                }
            }
        }
        for (int i = 0; i < outcomes.size(); i++) {
            Invoices.Issued outcome = outcomes.get(i);
            Invoices.Request r = requests.get(i);
            if (outcome.failure() != null) {
                fail(failures, r.subscriptionId(), r.period(), outcome.failure(), now);
            } else if (outcome.created()) {
                issued.add(outcome.invoice().name());
                outcome.adjustmentInvoices().forEach(adjusting -> issued.add(adjusting.name()));
                failureLog.issued(r.subscriptionId(), r.period().month());
            } else {
                failureLog.settled(r.subscriptionId(), r.period().month());
                existing++;
            }
        }
        requests.clear();
        return existing;
    }

    private PriceList priceList(SubscriptionPlan plan, Map<PriceListKey, PriceList> cache) {
        return cache.computeIfAbsent(plan.priceListKey(),
                key -> catalog.priceList(key).orElseGet(() -> PriceList.of(key, List.of())));
    }

    private Offer offer(SubscriptionPlan plan) {
        return catalog.offer(plan.offerDurableId()).orElseThrow(
                () -> new IllegalStateException("offer " + plan.offerDurableId() + " is not in the catalog"));
    }

    /**
     * A rater for a period of the subscription: under the plan in force for it, billed for the subscription's span in
     * the period (from creation until disabled or deleted: recurring charges and credits are prorated to it), or for
     * none of it when it was not active then (usage is still charged).
     */
    private Rater rater(Subscription s, BillingPeriod period, Map<PriceListKey, PriceList> priceLists) {
        SubscriptionPlan plan = plan(s, period);
        PriceList priceList = priceList(plan, priceLists);
        Offer offer = offer(plan);
        return billedSpan(s, period)
                .map(span -> Rater.forPeriod(priceList, offer, period, span.from(), span.until()))
                .orElseGet(() -> Rater.forPeriod(priceList, offer, period, period.end(), period.end()));
    }

    private Optional<SubscriptionHistory.Span> billedSpan(Subscription s, BillingPeriod period) {
        return history(s, period).billedSpan(period);
    }

    private SubscriptionHistory history(Subscription s, BillingPeriod period) {
        return catalog.subscriptionHistory(s.subscriptionId())
                .orElseGet(() -> SubscriptionHistory.single(s, period.start()));
    }

    /** The plan a period of the subscription is priced under (ADR 0020). */
    private SubscriptionPlan plan(Subscription s, BillingPeriod period) {
        return catalog.subscriptionHistory(s.subscriptionId())
                .orElseGet(() -> SubscriptionHistory.single(s, period.start())).planFor(period);
    }

    private Optional<BillingPeriod> firstPeriod(UUID subscriptionId, Map<UUID, BillingPeriod> firstUsage,
            Map<UUID, BillingPeriod> created) {
        BillingPeriod current = BillingPeriod.containing(clock.instant());
        BillingPeriod a = firstUsage.get(subscriptionId);
        BillingPeriod b = created.get(subscriptionId);
        if (b != null && b.compareTo(current) > 0) {
            b = null;
        }
        if (a == null) {
            return Optional.ofNullable(b);
        }
        return Optional.of(b == null || a.compareTo(b) <= 0 ? a : b);
    }
}
