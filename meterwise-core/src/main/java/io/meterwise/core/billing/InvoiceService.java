package io.meterwise.core.billing;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
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

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
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

    public InvoiceService(Catalog catalog, Invoices invoices, LedgerUsage usage, IssuingSettings properties,
            Clock clock) {
        this.catalog = catalog;
        this.invoices = invoices;
        this.usage = usage;
        this.properties = properties;
        this.clock = clock;
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
            for (Subscription s : subscriptions) {
                Optional<BillingPeriod> first = firstPeriod(s.subscriptionId(), firstUsage, created);
                for (BillingPeriod p = first.orElse(last.next()); p.compareTo(last) <= 0; p = p.next()) {
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
                    existing++;
                }
            }
            if (pending.isEmpty()) {
                continue;
            }
            Map<UUID, Rater> raters = new HashMap<>();
            Map<UUID, String> broken = new HashMap<>();
            for (Subscription s : pending.values()) {
                try {
                    raters.put(s.subscriptionId(), Rater.forPeriod(priceList(s, priceLists), offer(s), period));
                } catch (RuntimeException e) {
                    broken.put(s.subscriptionId(), e.getMessage());
                }
            }
            usage.scan(period, seqHigh, subscriptionId, (sub, meter, start, quantity) -> {
                Rater rater = raters.get(sub);
                if (rater != null && !broken.containsKey(sub)) {
                    try {
                        rater.add(meter, start, quantity);
                    } catch (RuntimeException e) {
                        broken.put(sub, e.getMessage());
                    }
                }
            });
            Map<UUID, Set<BillingPeriod>> late = usage.periodsWithLateUsage(seqHigh);
            List<Invoices.Request> requests = new ArrayList<>();
            for (Subscription s : pending.values()) {
                UUID sid = s.subscriptionId();
                String label = sid + " " + period.month();
                if (broken.containsKey(sid)) {
                    failures.add(label + ": " + broken.get(sid));
                    log.log(System.Logger.Level.WARNING, "Cannot invoice {0}: {1}", label, broken.get(sid));
                    continue;
                }
                try {
                    requests.add(request(s, period, raters.get(sid).result(), late.getOrDefault(sid, Set.of()),
                            seqHigh, now, priceLists, id -> meters.computeIfAbsent(id, catalog::meter)));
                } catch (RuntimeException e) {
                    failures.add(label + ": " + e.getMessage());
                    log.log(System.Logger.Level.WARNING, "Cannot invoice " + label, e);
                }
                if (requests.size() == BATCH) {
                    existing += store(requests, issued, failures);
                }
            }
            existing += store(requests, issued, failures);
        }
        return new IssueReport(issued, existing, failures);
    }

    private Invoices.Request request(Subscription s, BillingPeriod period, RatedPeriod rated,
            Set<BillingPeriod> latePeriods, long seqHigh, Instant now, Map<PriceListKey, PriceList> priceLists,
            Function<UUID, Optional<Meter>> meters) {
        List<InvoiceIssuer.PriorPeriod> priors = new ArrayList<>();
        Set<BillingPeriod> toReRate = new TreeSet<>();
        for (BillingPeriod p : latePeriods) {
            if (p.compareTo(period) < 0) {
                toReRate.add(p);
            }
        }
        if (!toReRate.isEmpty()) {
            List<Invoice> earlier = invoices.ofSubscription(s.subscriptionId());
            for (BillingPeriod p : toReRate) {
                Rater rater = Rater.forPeriod(priceList(s, priceLists), offer(s), p);
                usage.scan(p, seqHigh, s.subscriptionId(), (sub, meter, start, quantity) -> rater.add(meter, start,
                        quantity));
                priors.add(new InvoiceIssuer.PriorPeriod(rater.result(), InvoiceIssuer.invoicedFor(p, earlier)));
            }
        }
        InvoiceIssuer.Header header = new InvoiceIssuer.Header(s.tenantId(), s.subscriptionId(), s.displayName(),
                s.offerDurableId(), now, seqHigh);
        return new Invoices.Request(s.tenantId(), s.subscriptionId(), period,
                number -> InvoiceIssuer.assemble(header, number, rated, priors, meters));
    }

    /** Stores a batch in one transaction and clears it; returns how many were issued before. */
    private int store(List<Invoices.Request> requests, List<String> issued, List<String> failures) {
        int existing = 0;
        if (requests.isEmpty()) {
            return 0;
        }
        List<Invoices.Issued> outcomes = invoices.issueAll(requests);
        for (int i = 0; i < outcomes.size(); i++) {
            Invoices.Issued outcome = outcomes.get(i);
            if (outcome.failure() != null) {
                Invoices.Request r = requests.get(i);
                failures.add(r.subscriptionId() + " " + r.period().month() + ": " + outcome.failure());
            } else if (outcome.created()) {
                issued.add(outcome.invoice().name());
            } else {
                existing++;
            }
        }
        requests.clear();
        return existing;
    }

    private PriceList priceList(Subscription s, Map<PriceListKey, PriceList> cache) {
        return cache.computeIfAbsent(s.priceListKey(),
                key -> catalog.priceList(key).orElseGet(() -> PriceList.of(key, List.of())));
    }

    private Offer offer(Subscription s) {
        return catalog.offer(s.offerDurableId()).orElseThrow(
                () -> new IllegalStateException("offer " + s.offerDurableId() + " is not in the catalog"));
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
