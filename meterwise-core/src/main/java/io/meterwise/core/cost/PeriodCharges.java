package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.rating.TermApplication;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;

/**
 * The charges of one subscription's billing period: rates all usage of the period known now with the {@link Rater}
 * (as an invoice issued now would), then streams one charge per usage record ({@link ChargeAllocator}) and one per
 * offer term. A period without an invoice yet is an estimate: exactly what its invoice would say if it closed now.
 */
public final class PeriodCharges {

    /** How many rated periods {@link #price} keeps. */
    static final int RATED_KEPT = 16;

    private final Catalog catalog;
    private final Invoices invoices;
    private final PeriodUsage usage;
    /**
     * Periods rated recently, per subscription, period and ledger position. The ledger only appends, with positions
     * above every stored one, so the usage up to a position never changes; an entry is used only with the very price
     * list and offer instances it was rated with (catalog values are immutable, a change replaces them), so any
     * catalog change is seen by the next query.
     */
    private final Map<RatedKey, Rated> rated = new java.util.LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RatedKey, Rated> eldest) {
            return size() > RATED_KEPT;
        }
    };

    private record RatedKey(UUID subscriptionId, BillingPeriod period, long upTo) {
    }

    private record Rated(@Nullable PriceList prices, Offer offer, RatedPeriod period, BlockRates rates) {
    }

    public PeriodCharges(Catalog catalog, Invoices invoices, PeriodUsage usage) {
        this.catalog = catalog;
        this.invoices = invoices;
        this.usage = usage;
    }

    /** The ledger position to read at, so that several periods are read as of one moment. */
    public long position() {
        return usage.position();
    }

    /**
     * Streams the period's charges as of ledger position {@code upTo}, usage in allocation order then terms; returns
     * the rated period.
     */
    public RatedPeriod charges(Subscription subscription, BillingPeriod period, long upTo, Consumer<Charge> sink) {
        return allocate(subscription, period, upTo, (charge, exact) -> sink.accept(charge), false, false);
    }

    /**
     * As {@link #charges}, with the same costs in the same order, for readers that need no record id, additional info
     * or reported time (FOCUS rows): those may be empty, so the store reads less (see
     * {@link PeriodUsage#recordsWithoutDetails}).
     */
    public RatedPeriod chargesWithoutDetails(Subscription subscription, BillingPeriod period, long upTo,
            Consumer<Charge> sink) {
        return allocate(subscription, period, upTo, (charge, exact) -> sink.accept(charge), false, true);
    }

    /** As {@link #charges}, each charge with its exact cost (ADR 0039). */
    RatedPeriod exactCharges(Subscription subscription, BillingPeriod period, long upTo,
            BiConsumer<Charge, Ratio> sink) {
        return allocate(subscription, period, upTo, sink, true, false);
    }

    /** Exact costs are only made when asked for: exports of millions of records need the listed cost only. */
    private RatedPeriod allocate(Subscription subscription, BillingPeriod period, long upTo,
            BiConsumer<Charge, Ratio> sink, boolean exact, boolean withoutDetails) {
        Priced priced = price(subscription, period, upTo);
        RatedPeriod rated = priced.rated();
        UUID id = subscription.subscriptionId();
        ChargeAllocator allocator = new ChargeAllocator(rated, priced.rates());
        Map<UUID, Optional<Meter>> meters = new HashMap<>();
        Consumer<UsageRecord> allocate = r -> sink.accept(usageCharge(period, priced, allocator, meters, r),
                exact ? allocator.lastExact() : Ratio.ZERO);
        if (withoutDetails) {
            usage.recordsWithoutDetails(id, period, upTo, allocate);
        } else {
            usage.records(id, period, upTo, allocate);
        }
        allocator.finish();
        for (Charge term : termCharges(subscription, period, priced)) {
            sink.accept(term, Ratio.of(term.cost()));
        }
        return rated;
    }

    private Charge usageCharge(BillingPeriod period, Priced priced, ChargeAllocator allocator,
            Map<UUID, Optional<Meter>> meters, UsageRecord r) {
        ChargeAllocator.Share share = allocator.allocate(r.meterId(), r.usageStart(), r.quantity());
        Meter meter = meters.computeIfAbsent(r.meterId(), catalog::meter).orElse(null);
        return new Charge(r.subscriptionId(), period, ChargeType.USAGE, r.usageStart(), r.usageEnd(), r.recordId(),
                meter, r.meterId(), r.quantity(), share.cost(), share.priceEffectiveFrom(), share.unitPrice(),
                r.resourceUri(), r.location(), r.tags(), r.additionalInfo(),
                priced.rated().currency().getCurrencyCode(), priced.estimated());
    }

    private static final int LARGEST_BATCH = 65_536;

    /**
     * Streams the period's usage charges as of {@code upTo} whose usage start lies in {@code [from, to)}, after the
     * record at {@code after} (from the first when null), in allocation order with their positions, until {@code sink}
     * returns false (ADR 0049). The store cuts the records by keyset in batches of {@code batch}, each next batch
     * four times larger up to {@value #LARGEST_BATCH}: a page of a filter matching few records would otherwise take
     * thousands of reads. Listed costs continue from the exact running total of the records before, so they equal
     * those of a full listing.
     */
    void usageAfter(Subscription subscription, BillingPeriod period, Priced priced, long upTo, Instant from,
            Instant to, PeriodUsage.@Nullable Position after, int batch,
            java.util.function.BiPredicate<Charge, PeriodUsage.Position> sink) {
        UUID id = subscription.subscriptionId();
        ChargeAllocator allocator = new ChargeAllocator(priced.rated(), priced.rates()).partial();
        if (after != null) {
            allocator.resumeAfter(after.meterId(), after.usageStart(), usage.quantityThrough(id, period, upTo, after));
        }
        Map<UUID, Optional<Meter>> meters = new HashMap<>();
        PeriodUsage.Position position = after;
        while (true) {
            int[] read = {0};
            boolean[] stop = {false};
            PeriodUsage.Position[] last = {position};
            usage.recordsAfter(id, period, upTo, from, to, position, batch, (r, at) -> {
                read[0]++;
                last[0] = at;
                if (!stop[0] && !sink.test(usageCharge(period, priced, allocator, meters, r), at)) {
                    stop[0] = true;
                }
            });
            if (stop[0] || read[0] < batch) {
                return;
            }
            position = last[0];
            batch = Math.max(batch, Math.min(batch * 4, LARGEST_BATCH));
        }
    }

    /** Usage of the period summed per time bucket (see {@link PeriodUsage#bucketedQuantities}). */
    void bucketedQuantities(Subscription subscription, BillingPeriod period, long upTo, Instant from, Instant to,
            java.time.temporal.ChronoUnit unit, Map<UUID, java.util.Set<Instant>> byUsageStart,
            List<PeriodUsage.RecordKey> keys, PeriodUsage.KeyedQuantitySink sink) {
        usage.bucketedQuantities(subscription.subscriptionId(), period, upTo, from, to, unit, byUsageStart, keys, sink);
    }

    /** The catalog's meter, if known. */
    Optional<Meter> meter(UUID meterId) {
        return catalog.meter(meterId);
    }

    /** A period rated as of a ledger position, with the exact rate of each of its usage blocks. */
    record Priced(RatedPeriod rated, BlockRates rates, boolean estimated) {
    }

    /**
     * Rates the period from usage summed per meter and usage start (no records are read), or takes the rating kept
     * for the same position, price list and offer. Whether it is an estimate is read each time: issuing an invoice
     * does not move the ledger.
     */
    Priced price(Subscription subscription, BillingPeriod period, long upTo) {
        @Nullable PriceList listed = catalog.priceList(subscription.priceListKey()).orElse(null);
        Offer offer = catalog.offer(subscription.offerDurableId()).orElseThrow(() -> new IllegalStateException(
                "offer " + subscription.offerDurableId() + " is not in the catalog"));
        UUID id = subscription.subscriptionId();
        boolean estimated = invoices.forPeriod(id, period).isEmpty();
        RatedKey key = new RatedKey(id, period, upTo);
        Rated kept;
        synchronized (rated) {
            kept = rated.get(key);
        }
        if (kept == null || kept.prices() != listed || kept.offer() != offer) {
            PriceList prices = listed != null ? listed : PriceList.of(subscription.priceListKey(), List.of());
            Rater rater = Rater.forPeriod(prices, offer, period);
            Map<UUID, TreeMap<Instant, BigDecimal>> blocks = new HashMap<>();
            usage.quantities(id, period, upTo, (meter, start, quantity) -> {
                rater.add(meter, start, quantity);
                blocks.computeIfAbsent(meter, k -> new TreeMap<>()).merge(start, quantity, BigDecimal::add);
            });
            RatedPeriod result = rater.result();
            kept = new Rated(listed, offer, result, new BlockRates(result, blocks));
            synchronized (rated) {
                rated.put(key, kept);
            }
        }
        return new Priced(kept.period(), kept.rates(), estimated);
    }

    /** One charge per offer term of the period, dated on its first day. */
    List<Charge> termCharges(Subscription subscription, BillingPeriod period, Priced priced) {
        String currency = priced.rated().currency().getCurrencyCode();
        List<Charge> terms = new java.util.ArrayList<>();
        for (TermApplication term : priced.rated().terms()) {
            terms.add(new Charge(subscription.subscriptionId(), period, ChargeAllocator.termType(term), period.start(),
                    null, null, null, null, BigDecimal.ZERO, term.amount().amount().setScale(ChargeAllocator.SCALE),
                    null, null, "", "", Map.of(), Map.of(), currency, priced.estimated()));
        }
        return terms;
    }
}
