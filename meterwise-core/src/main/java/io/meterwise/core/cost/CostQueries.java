package io.meterwise.core.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.money.Rounding;
import io.meterwise.core.time.BillingPeriod;

/**
 * Answers cost queries from the charges of the billing periods a window touches ({@link PeriodCharges}), all read as
 * of one ledger position: a batch stored before the query started is in it. Cost columns are rounded for display with
 * {@link LargestRemainder}, so the rows add up exactly to the rounded total (for a whole issued period: the invoice).
 */
public final class CostQueries {

    /** The longest window of a query (Azure: one year). */
    public static final Duration MAX_WINDOW = Duration.ofDays(366);
    /** The longest window of an hourly query. */
    public static final Duration MAX_HOURLY_WINDOW = Duration.ofDays(31);

    private final Catalog catalog;
    private final PeriodCharges periods;

    public CostQueries(Catalog catalog, PeriodCharges periods) {
        this.catalog = catalog;
        this.periods = periods;
    }

    /**
     * Streams the charges of a subscription (or of one resource group of it) dated in {@code [from, to)} that pass
     * {@code filter}, period by period, oldest first; usage in allocation order, then the period's terms.
     */
    public void charges(UUID subscriptionId, @Nullable String resourceGroup, Instant from, Instant to,
            @Nullable CostFilter filter, Consumer<Charge> sink) {
        charges(subscriptionId, resourceGroup, from, to, filter, periods.position(), sink);
    }

    /** The ledger position now; pass it to the {@code upTo} methods to read several pages as of one moment. */
    public long position() {
        return periods.position();
    }

    /** As {@link #charges(UUID, String, Instant, Instant, CostFilter, Consumer)}, as of ledger position upTo. */
    public void charges(UUID subscriptionId, @Nullable String resourceGroup, Instant from, Instant to,
            @Nullable CostFilter filter, long upTo, Consumer<Charge> sink) {
        exactCharges(subscriptionId, resourceGroup, from, to, filter, upTo, (c, exact) -> sink.accept(c));
    }

    private void exactCharges(UUID subscriptionId, @Nullable String resourceGroup, Instant from, Instant to,
            @Nullable CostFilter filter, long upTo, BiConsumer<Charge, Ratio> sink) {
        Subscription subscription = subscription(subscriptionId);
        if (!to.isAfter(from)) {
            return;
        }
        for (BillingPeriod p = BillingPeriod.containing(from); p.start().isBefore(to); p = p.next()) {
            periods.exactCharges(subscription, p, upTo, (c, exact) -> {
                if (c.date().isBefore(from) || !c.date().isBefore(to)) {
                    return;
                }
                if (resourceGroup != null && !Resources.group(c.resourceUri()).equalsIgnoreCase(resourceGroup)) {
                    return;
                }
                if (filter == null || filter.matches(c)) {
                    sink.accept(c, exact);
                }
            });
        }
    }

    /**
     * Where a listing of charges stands (ADR 0049): in {@code period}, the usage records through {@code usage} (none
     * when null) and then the first {@code terms} offer terms have been listed.
     */
    public record Cursor(BillingPeriod period, PeriodUsage.@Nullable Position usage, int terms) {
    }

    /** Receives a listed charge and the cursor just after it. */
    @FunctionalInterface
    public interface ListedSink {
        void accept(Charge charge, Cursor next);
    }

    /**
     * Lists, as of ledger position {@code upTo}, the charges of {@link #charges} that {@code keep} accepts, after
     * {@code after} (from the start when null), at most {@code limit}; returns whether more follow. The order is that of
     * {@link #charges}; the store cuts each page by keyset (ADR 0049), so a page reads about its own records, and the
     * listed costs are those of a full listing.
     */
    public boolean list(UUID subscriptionId, Instant from, Instant to, java.util.function.Predicate<Charge> keep,
            long upTo, @Nullable Cursor after, int limit, ListedSink sink) {
        Subscription subscription = subscription(subscriptionId);
        int[] listed = {0};
        boolean[] more = {false};
        BillingPeriod first = after != null ? after.period() : BillingPeriod.containing(from);
        for (BillingPeriod p = first; p.start().isBefore(to); p = p.next()) {
            Cursor at = after != null && p.equals(after.period()) ? after : new Cursor(p, null, 0);
            PeriodCharges.Priced priced = periods.price(subscription, p, upTo);
            BillingPeriod period = p;
            if (at.terms() == 0) {
                Instant start = from.isAfter(p.start()) ? from : p.start();
                Instant end = to.isBefore(p.end()) ? to : p.end();
                periods.usageAfter(subscription, p, priced, upTo, start, end, at.usage(), limit + 1, (c, position) -> {
                    if (!keep.test(c)) {
                        return true;
                    }
                    if (listed[0] == limit) {
                        more[0] = true;
                        return false;
                    }
                    listed[0]++;
                    sink.accept(c, new Cursor(period, position, 0));
                    return true;
                });
                if (more[0]) {
                    return true;
                }
            }
            List<Charge> terms = periods.termCharges(subscription, p, priced);
            for (int i = at.terms(); i < terms.size(); i++) {
                Charge term = terms.get(i);
                if (term.date().isBefore(from) || !term.date().isBefore(to) || !keep.test(term)) {
                    continue;
                }
                if (listed[0] == limit) {
                    return true;
                }
                listed[0]++;
                sink.accept(term, new Cursor(p, null, i + 1));
            }
        }
        return false;
    }

    /** The distinct values of every dimension among the charges dated in {@code [from, to)}, sorted. */
    public Map<Dimension, java.util.SortedSet<String>> dimensionValues(UUID subscriptionId,
            @Nullable String resourceGroup, Instant from, Instant to) {
        Map<Dimension, java.util.SortedSet<String>> values = new java.util.EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            values.put(d, new java.util.TreeSet<>());
        }
        charges(subscriptionId, resourceGroup, from, to, null, c -> {
            for (Dimension d : Dimension.values()) {
                String v = d.valueOf(c);
                if (!v.isEmpty()) {
                    values.get(d).add(v);
                }
            }
        });
        return values;
    }

    /** Checks a query before any data is read. */
    public void validate(CostQuery query) {
        Subscription subscription = subscription(query.subscriptionId());
        if (!query.to().isAfter(query.from())) {
            throw new InvalidCostQuery("timePeriod", "The time period must end after it starts: from "
                    + query.from() + ", to " + query.to() + ".");
        }
        Duration max = query.grain() == TimeGrain.HOURLY ? MAX_HOURLY_WINDOW : MAX_WINDOW;
        if (Duration.between(query.from(), query.to()).compareTo(max) > 0) {
            throw new InvalidCostQuery("timePeriod", "The time period is longer than " + max.toDays()
                    + " days, the longest a " + (query.grain() == TimeGrain.HOURLY ? "Hourly " : "")
                    + "query may cover.");
        }
        if (query.groupings().size() > CostQuery.MAX_GROUPINGS) {
            throw new InvalidCostQuery("dataset.grouping", "A query can have at most " + CostQuery.MAX_GROUPINGS
                    + " groupings; this one has " + query.groupings().size() + ".");
        }
        for (Metric m : query.metrics()) {
            if (m.needsUsd() && !subscription.currency().getCurrencyCode().equals("USD")) {
                throw new InvalidCostQuery("dataset.aggregation", m.wireName() + " is available only for "
                        + "subscriptions billed in USD; this one is billed in "
                        + subscription.currency().getCurrencyCode() + ". Use Cost or PreTaxCost.");
            }
        }
    }

    public CostTable run(CostQuery query) {
        return run(query, periods.position());
    }

    /**
     * Answers the query as of ledger position {@code upTo} from usage summed in the store per meter, time bucket and
     * the record values the query groups and filters by, where every sum has one exact rate (ADR 0039, ADR 0042): the
     * same exact costs as {@link #runPerRecord}, with cost work per group and rate rather than per record.
     */
    public CostTable run(CostQuery query, long upTo) {
        validate(query);
        Subscription subscription = subscription(query.subscriptionId());
        List<PeriodUsage.RecordKey> keys = recordKeys(query);
        // Hourly answers need hourly sums; Daily and None are summed per day (a day holds few rate changes)
        ChronoUnit unit = query.grain() == TimeGrain.HOURLY ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        Map<Key, Sums> sums = new HashMap<>();
        for (BillingPeriod p = BillingPeriod.containing(query.from()); p.start().isBefore(query.to()); p = p.next()) {
            PeriodCharges.Priced priced = periods.price(subscription, p, upTo);
            BlockRates.Buckets rates = priced.rates().buckets(unit);
            BillingPeriod period = p;
            Map<UUID, Meter> meters = new HashMap<>();
            Instant from = query.from().isAfter(p.start()) ? query.from() : p.start();
            Instant to = query.to().isBefore(p.end()) ? query.to() : p.end();
            periods.bucketedQuantities(subscription, p, upTo, from, to, unit, rates.mixed(), keys,
                    (meterId, time, values, quantity) -> {
                        Meter meter = meters.computeIfAbsent(meterId, id -> periods.meter(id).orElse(null));
                        Charge cell = representative(subscription, period, priced, meterId, meter, time, keys, values,
                                quantity);
                        Ratio rate = quantity.signum() == 0 ? Ratio.ZERO : rates.rate(meterId, time);
                        add(query, cell, sums, rate, quantity);
                    });
            for (Charge term : periods.termCharges(subscription, p, priced)) {
                if (!term.date().isBefore(query.from()) && term.date().isBefore(query.to())) {
                    add(query, term, sums, Ratio.of(term.cost()), BigDecimal.ONE);
                }
            }
        }
        return table(query, subscription, sums);
    }

    /**
     * The reference computation of {@link #run}: every record's charge with its exact cost, summed per group. Reads
     * every record of the window; for tests and benchmarks.
     */
    public CostTable runPerRecord(CostQuery query) {
        validate(query);
        Subscription subscription = subscription(query.subscriptionId());
        Map<Key, Sums> sums = new HashMap<>();
        exactCharges(query.subscriptionId(), query.resourceGroup(), query.from(), query.to(), query.filter(),
                periods.position(), (c, exact) -> sumInto(query, c, sums, exact, c.quantity()));
        return table(query, subscription, sums);
    }

    /** Adds a cell of {@code quantity} units at {@code rate} each, if the query's scope and filter keep it. */
    private static void add(CostQuery query, Charge cell, Map<Key, Sums> sums, Ratio rate, BigDecimal units) {
        if (query.resourceGroup() != null
                && !Resources.group(cell.resourceUri()).equalsIgnoreCase(query.resourceGroup())) {
            return;
        }
        if (query.filter() != null && !query.filter().matches(cell)) {
            return;
        }
        sums(query, cell, sums).add(rate, units, cell.quantity());
    }

    private static void sumInto(CostQuery query, Charge c, Map<Key, Sums> sums, Ratio exact, BigDecimal quantity) {
        Sums s = sums(query, c, sums);
        s.cost = s.cost.add(exact);
        s.quantity = s.quantity.add(quantity);
    }

    private static Sums sums(CostQuery query, Charge c, Map<Key, Sums> sums) {
        List<String> groups = new ArrayList<>(query.groupings().size());
        for (Grouping g : query.groupings()) {
            groups.add(g.valueOf(c));
        }
        Instant bucket = switch (query.grain()) {
            case NONE -> null;
            case DAILY -> c.date().truncatedTo(ChronoUnit.DAYS);
            case HOURLY -> c.date().truncatedTo(ChronoUnit.HOURS);
        };
        return sums.computeIfAbsent(new Key(groups, bucket, c.estimated()), k -> new Sums());
    }

    /**
     * The record values a query reads besides meter and time: those of its groupings, its filter and its
     * resource-group scope.
     */
    static List<PeriodUsage.RecordKey> recordKeys(CostQuery query) {
        java.util.Set<Dimension> dimensions = java.util.EnumSet.noneOf(Dimension.class);
        java.util.Set<String> tags = new java.util.LinkedHashSet<>();
        for (Grouping g : query.groupings()) {
            if (g instanceof Grouping.ByDimension d) {
                dimensions.add(d.dimension());
            } else if (g instanceof Grouping.ByTag t) {
                tags.add(t.key());
            }
        }
        if (query.filter() != null) {
            collect(query.filter(), dimensions, tags);
        }
        if (query.resourceGroup() != null) {
            dimensions.add(Dimension.RESOURCE_GROUP);
        }
        List<PeriodUsage.RecordKey> keys = new ArrayList<>();
        if (dimensions.contains(Dimension.RESOURCE_ID) || dimensions.contains(Dimension.RESOURCE_TYPE)) {
            keys.add(new PeriodUsage.RecordKey.ResourceId());
        } else if (dimensions.contains(Dimension.RESOURCE_GROUP) || dimensions.contains(Dimension.RESOURCE_GROUP_NAME)) {
            keys.add(new PeriodUsage.RecordKey.ResourceGroup());
        }
        if (dimensions.contains(Dimension.RESOURCE_LOCATION)) {
            keys.add(new PeriodUsage.RecordKey.Location());
        }
        tags.forEach(t -> keys.add(new PeriodUsage.RecordKey.Tag(t)));
        return keys;
    }

    private static void collect(CostFilter filter, java.util.Set<Dimension> dimensions, java.util.Set<String> tags) {
        if (filter instanceof CostFilter.And and) {
            and.all().forEach(f -> collect(f, dimensions, tags));
        } else if (filter instanceof CostFilter.Or or) {
            or.any().forEach(f -> collect(f, dimensions, tags));
        } else if (filter instanceof CostFilter.Not not) {
            collect(not.negated(), dimensions, tags);
        } else if (filter instanceof CostFilter.DimensionIn in) {
            dimensions.add(in.dimension());
        } else if (filter instanceof CostFilter.TagIn in) {
            tags.add(in.key());
        }
    }

    /**
     * A usage charge standing for all records of one cell (meter, usage start and key values): it carries exactly the
     * values the query reads, so dimensions, tags and filters see on it what they would see on each of those records.
     * Without the resource id key, the resource id is reduced to its resource group.
     */
    private static Charge representative(Subscription subscription, BillingPeriod period, PeriodCharges.Priced priced,
            UUID meterId, @Nullable Meter meter, Instant start, List<PeriodUsage.RecordKey> keys,
            List<@Nullable String> values, BigDecimal quantity) {
        String resourceUri = "";
        String location = "";
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            PeriodUsage.RecordKey k = keys.get(i);
            String v = values.get(i);
            if (k instanceof PeriodUsage.RecordKey.ResourceId) {
                resourceUri = v == null ? "" : v;
            } else if (k instanceof PeriodUsage.RecordKey.ResourceGroup) {
                resourceUri = v == null || v.isEmpty() ? "" : "/resourceGroups/" + v;
            } else if (k instanceof PeriodUsage.RecordKey.Location) {
                location = v == null ? "" : v;
            } else if (k instanceof PeriodUsage.RecordKey.Tag t && v != null) {
                tags.put(t.key(), v);
            }
        }
        return new Charge(subscription.subscriptionId(), period, ChargeType.USAGE, start, null, null, meter, meterId,
                quantity, BigDecimal.ZERO, null, null, resourceUri, location, tags, Map.of(),
                priced.rated().currency().getCurrencyCode(), priced.estimated());
    }

    private CostTable table(CostQuery query, Subscription subscription, Map<Key, Sums> sums) {
        List<Metric> metrics = query.metrics().isEmpty() ? List.of(Metric.PRE_TAX_COST) : query.metrics();
        List<Key> keys = new ArrayList<>(sums.keySet());
        keys.sort(Key.ORDER);
        Currency currency = subscription.currency();
        List<BigDecimal> costs = LargestRemainder.roundExact(keys.stream().map(k -> sums.get(k).total()).toList(),
                Rounding.minorDigits(currency));

        List<CostTable.Column> columns = new ArrayList<>();
        for (Metric m : metrics) {
            columns.add(new CostTable.Column(m.wireName(), "Number"));
        }
        columns.addAll(groupingColumns(query.groupings()));
        if (query.grain() == TimeGrain.DAILY) {
            columns.add(new CostTable.Column("UsageDate", "Number"));
        } else if (query.grain() == TimeGrain.HOURLY) {
            columns.add(new CostTable.Column("UsageDate", "Datetime"));
        }
        columns.add(new CostTable.Column("Currency", "String"));
        columns.add(new CostTable.Column("IsEstimated", "Boolean"));

        List<List<Object>> rows = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            List<Object> row = new ArrayList<>(columns.size());
            for (Metric m : metrics) {
                row.add(m.isMoney() ? costs.get(i) : plain(sums.get(k).quantity));
            }
            addGroupingCells(row, query.groupings(), k.groups());
            if (query.grain() == TimeGrain.DAILY) {
                row.add(usageDate(LocalDate.ofInstant(k.bucket(), ZoneOffset.UTC)));
            } else if (query.grain() == TimeGrain.HOURLY) {
                row.add(LocalDateTime.ofInstant(k.bucket(), ZoneOffset.UTC).toString() + ":00");
            }
            row.add(currency.getCurrencyCode());
            row.add(k.estimated());
            rows.add(row);
        }
        return new CostTable(columns, rows);
    }

    /** The columns of groupings: a dimension's name, or {@code TagKey}, {@code TagValue} (numbered from the second). */
    public static List<CostTable.Column> groupingColumns(List<Grouping> groupings) {
        List<CostTable.Column> columns = new ArrayList<>();
        int tags = 0;
        for (Grouping g : groupings) {
            if (g instanceof Grouping.ByDimension d) {
                columns.add(new CostTable.Column(d.dimension().wireName(), "String"));
            } else {
                String suffix = tags++ == 0 ? "" : String.valueOf(tags);
                columns.add(new CostTable.Column("TagKey" + suffix, "String"));
                columns.add(new CostTable.Column("TagValue" + suffix, "String"));
            }
        }
        return columns;
    }

    /** Appends the cells of {@link #groupingColumns} for a group's values (a tag grouping adds its key first). */
    public static void addGroupingCells(List<Object> row, List<Grouping> groupings, List<String> values) {
        for (int g = 0; g < groupings.size(); g++) {
            if (groupings.get(g) instanceof Grouping.ByTag t) {
                row.add(t.key());
            }
            row.add(values.get(g));
        }
    }

    /** A day as the {@code UsageDate} number {@code yyyyMMdd}. */
    public static long usageDate(LocalDate day) {
        return day.getYear() * 10000L + day.getMonthValue() * 100 + day.getDayOfMonth();
    }

    private Subscription subscription(UUID id) {
        return catalog.subscription(id).orElseThrow(() -> new InvalidCostQuery("scope",
                "The subscription '" + id + "' could not be found."));
    }

    private static BigDecimal plain(BigDecimal quantity) {
        BigDecimal stripped = quantity.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private record Key(List<String> groups, @Nullable Instant bucket, boolean estimated) {
        static final Comparator<Key> ORDER = (a, b) -> {
            if (a.bucket != null && b.bucket != null) {
                int c = a.bucket.compareTo(b.bucket);
                if (c != 0) {
                    return c;
                }
            }
            for (int i = 0; i < a.groups.size(); i++) {
                int c = a.groups.get(i).compareTo(b.groups.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Boolean.compare(a.estimated, b.estimated);
        };
    }

    /**
     * A group's sums: exact amounts, and units per exact rate, priced once per rate when the group is read (ADR 0042;
     * decimal sums are cheap, rational ones are not).
     */
    private static final class Sums {
        Ratio cost = Ratio.ZERO;
        BigDecimal quantity = BigDecimal.ZERO;
        final Map<Ratio, BigDecimal> units = new HashMap<>(4);

        void add(Ratio rate, BigDecimal count, BigDecimal quantity) {
            if (rate.signum() != 0) {
                units.merge(rate, count, BigDecimal::add);
            }
            this.quantity = this.quantity.add(quantity);
        }

        Ratio total() {
            Ratio total = cost;
            for (Map.Entry<Ratio, BigDecimal> u : units.entrySet()) {
                total = total.add(u.getKey().multiply(u.getValue()));
            }
            return total;
        }
    }
}
