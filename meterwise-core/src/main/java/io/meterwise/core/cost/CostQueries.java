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
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Catalog;
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
        Subscription subscription = subscription(subscriptionId);
        if (!to.isAfter(from)) {
            return;
        }
        for (BillingPeriod p = BillingPeriod.containing(from); p.start().isBefore(to); p = p.next()) {
            periods.charges(subscription, p, upTo, c -> {
                if (c.date().isBefore(from) || !c.date().isBefore(to)) {
                    return;
                }
                if (resourceGroup != null && !Resources.group(c.resourceUri()).equalsIgnoreCase(resourceGroup)) {
                    return;
                }
                if (filter == null || filter.matches(c)) {
                    sink.accept(c);
                }
            });
        }
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

    /** Answers the query as of ledger position {@code upTo}. */
    public CostTable run(CostQuery query, long upTo) {
        validate(query);
        Subscription subscription = subscription(query.subscriptionId());
        List<Metric> metrics = query.metrics().isEmpty() ? List.of(Metric.PRE_TAX_COST) : query.metrics();
        Map<Key, Sums> sums = new HashMap<>();
        charges(query.subscriptionId(), query.resourceGroup(), query.from(), query.to(), query.filter(), upTo, c -> {
            List<String> groups = new ArrayList<>(query.groupings().size());
            for (Grouping g : query.groupings()) {
                groups.add(g.valueOf(c));
            }
            Instant bucket = switch (query.grain()) {
                case NONE -> null;
                case DAILY -> c.date().truncatedTo(ChronoUnit.DAYS);
                case HOURLY -> c.date().truncatedTo(ChronoUnit.HOURS);
            };
            Sums s = sums.computeIfAbsent(new Key(groups, bucket, c.estimated()), k -> new Sums());
            s.cost = s.cost.add(c.cost());
            s.quantity = s.quantity.add(c.quantity());
        });
        List<Key> keys = new ArrayList<>(sums.keySet());
        keys.sort(Key.ORDER);
        Currency currency = subscription.currency();
        List<BigDecimal> costs = LargestRemainder.round(keys.stream().map(k -> sums.get(k).cost).toList(),
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

    private static final class Sums {
        BigDecimal cost = BigDecimal.ZERO;
        BigDecimal quantity = BigDecimal.ZERO;
    }
}
