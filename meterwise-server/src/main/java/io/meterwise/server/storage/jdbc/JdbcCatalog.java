package io.meterwise.server.storage.jdbc;

import org.springframework.stereotype.Component;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.ProductAttributes;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.StateChange;
import io.meterwise.core.catalog.SubscriptionHistory;
import io.meterwise.core.catalog.SubscriptionPlan;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.limits.Texts;
import io.meterwise.server.storage.StorageException;
import io.meterwise.server.storage.CatalogJson;
import io.meterwise.server.storage.UtcTimestamps;

/**
 * The catalog in SQL tables. The whole catalog is small, so it is read once into memory; writes go to the database first
 * and then to memory, and drop the read snapshot so the next read sees them. Writes are serialized. Writing a value
 * equal to the stored one touches no table, so reloading the same catalog is cheap.
 *
 * <p>On a store shared by replicas, each write also increments {@code catalog_revision} in its transaction, and this
 * copy reloads when the stored revision moved: before every write, on every lookup that misses (so an entity created on
 * one replica is found at once on another) and otherwise at most {@link #RECHECK_MILLIS} after the last check.
 */
@Component
public final class JdbcCatalog implements CatalogStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcCatalog.class);

    /** How stale a replica's copy may be for an entity that exists on both (a missing one is looked up at once). */
    static final long RECHECK_MILLIS = 1000;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Clock clock;
    private final Object writeLock = new Object();
    /** Guarded by {@link #writeLock}; null until first use. */
    private State state;
    private volatile Snapshot snapshot;
    /** Guarded by {@link #writeLock}: the stored revision {@link #state} was loaded at (shared stores only). */
    private long revision = -1;
    private volatile long checkedAtNanos;
    /** Guarded by {@link #writeLock}. */
    private long pendingRevision = -1;

    public JdbcCatalog(DataSource dataSource, SqlDialect dialect, Clock clock) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
    }

    @Override
    public Optional<Subscription> subscription(UUID subscriptionId) {
        return Optional.ofNullable(lookup(s -> s.subscriptions().get(subscriptionId)));
    }

    @Override
    public Collection<Subscription> subscriptions() {
        return snapshot().subscriptions().values();
    }

    @Override
    public Optional<SubscriptionHistory> subscriptionHistory(UUID subscriptionId) {
        return Optional.ofNullable(snapshot().histories().get(subscriptionId));
    }

    @Override
    public Optional<Meter> meter(UUID meterId) {
        return Optional.ofNullable(lookup(s -> s.meters().get(meterId)));
    }

    @Override
    public Collection<Meter> meters() {
        return snapshot().meters().values();
    }

    @Override
    public Optional<Offer> offer(String durableId) {
        return Optional.ofNullable(lookup(s -> s.offers().get(Offer.normalizeDurableId(durableId))));
    }

    @Override
    public Collection<Offer> offers() {
        return snapshot().offers().values();
    }

    @Override
    public Optional<PriceList> priceList(PriceListKey key) {
        return Optional.ofNullable(lookup(s -> s.priceLists().get(key)));
    }

    @Override
    public Collection<PriceListKey> priceListKeys() {
        return snapshot().priceLists().keySet();
    }

    @Override
    public boolean putOffer(Offer offer) {
        synchronized (writeLock) {
            State s = freshState();
            Offer stored = s.offers.get(offer.durableId());
            if (offer.equals(stored)) {
                return false;
            }
            update("INSERT INTO offer (durable_id, name, offer_type, terms_json, created_at) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (durable_id) DO UPDATE SET name = excluded.name, offer_type = excluded.offer_type, "
                    + "terms_json = excluded.terms_json",
                    offer.durableId(), offer.name(), offer.type().name(), CatalogJson.terms(offer.terms()), now());
            s.offers.put(offer.durableId(), offer);
            snapshot = null;
            return stored == null;
        }
    }

    @Override
    public boolean putMeter(Meter meter) {
        synchronized (writeLock) {
            State s = freshState();
            Meter stored = s.meters.get(meter.meterId());
            if (meter.equals(stored)) {
                return false;
            }
            ProductAttributes a = meter.product();
            update("INSERT INTO meter (meter_id, name, category, subcategory, region, unit, tags_json, created_at, "
                    + "service_name, service_id, service_family, product_name, product_id, sku_name, sku_id, "
                    + "arm_sku_name, arm_region_name, price_type, primary_meter_region) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meter_id) DO UPDATE "
                    + "SET name = excluded.name, category = excluded.category, subcategory = excluded.subcategory, "
                    + "region = excluded.region, unit = excluded.unit, tags_json = excluded.tags_json, "
                    + "service_name = excluded.service_name, service_id = excluded.service_id, "
                    + "service_family = excluded.service_family, product_name = excluded.product_name, "
                    + "product_id = excluded.product_id, sku_name = excluded.sku_name, sku_id = excluded.sku_id, "
                    + "arm_sku_name = excluded.arm_sku_name, arm_region_name = excluded.arm_region_name, "
                    + "price_type = excluded.price_type, primary_meter_region = excluded.primary_meter_region",
                    meter.meterId(), meter.name(), meter.category(), meter.subCategory(), meter.region(), meter.unit(),
                    CatalogJson.strings(meter.tags()), now(), a.serviceName(), a.serviceId(), a.serviceFamily(),
                    a.productName(), a.productId(), a.skuName(), a.skuId(), a.armSkuName(), a.armRegionName(),
                    a.type(), a.primaryMeterRegion());
            s.meters.put(meter.meterId(), meter);
            snapshot = null;
            return stored == null;
        }
    }

    @Override
    public boolean putSubscription(Subscription subscription, @Nullable Instant planEffectiveFrom) {
        synchronized (writeLock) {
            State s = freshState();
            UUID id = subscription.subscriptionId();
            Subscription stored = s.subscriptions.get(id);
            SubscriptionHistory history = s.histories.get(id);
            // whole seconds: creation and state changes bound the billed time, and must read back as written
            Instant now = now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            if (stored == null || history == null) {
                SubscriptionHistory created = SubscriptionHistory.single(subscription, now);
                transaction(c -> {
                    upsertSubscription(c, subscription, now);
                    insertPlans(c, id, created.plans(), now);
                    insertStates(c, id, created.states());
                });
                s.subscriptions.put(id, subscription);
                s.histories.put(id, created);
                snapshot = null;
                return stored == null;
            }
            Instant from = planEffectiveFrom != null ? planEffectiveFrom
                    : BillingPeriod.containing(now).next().start();
            SubscriptionHistory withPlan = history.with(SubscriptionPlan.of(subscription, from));
            SubscriptionHistory changed = withPlan.withState(subscription.state(), now);
            boolean plansChanged = !withPlan.plans().equals(history.plans());
            boolean stateChanged = !changed.states().equals(history.states());
            SubscriptionPlan latest = changed.latest();
            Subscription record = new Subscription(id, subscription.displayName(), subscription.state(),
                    latest.offerDurableId(), latest.currency(), latest.regionInfo(), subscription.tenantId());
            if (record.equals(stored) && !plansChanged && !stateChanged) {
                return false;
            }
            transaction(c -> {
                upsertSubscription(c, record, now);
                if (plansChanged) {
                    execute(c, "DELETE FROM subscription_plan WHERE subscription_id = ? AND effective_from >= ?", id,
                            from);
                    insertPlans(c, id, changed.plans().stream().filter(p -> !p.effectiveFrom().isBefore(from))
                            .toList(), now);
                }
                if (stateChanged) {
                    execute(c, "DELETE FROM subscription_state_change WHERE subscription_id = ? AND changed_at >= ?",
                            id, now);
                    insertStates(c, id, changed.states().stream().filter(st -> !st.at().isBefore(now)).toList());
                }
            });
            s.subscriptions.put(id, record);
            s.histories.put(id, changed);
            snapshot = null;
            return false;
        }
    }

    private static void insertStates(Connection c, UUID id, List<StateChange> changes) throws SQLException {
        for (StateChange change : changes) {
            execute(c, "INSERT INTO subscription_state_change (subscription_id, changed_at, state) VALUES (?, ?, ?)",
                    id, change.at(), change.state().name());
        }
    }

    private static void upsertSubscription(Connection c, Subscription subscription, Instant now) throws SQLException {
        execute(c, "INSERT INTO subscription (subscription_id, display_name, state, offer_id, currency, region_info, "
                + "tenant_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subscription_id) DO UPDATE "
                + "SET display_name = excluded.display_name, state = excluded.state, offer_id = excluded.offer_id, "
                + "currency = excluded.currency, region_info = excluded.region_info, tenant_id = excluded.tenant_id",
                subscription.subscriptionId(), subscription.displayName(), subscription.state().name(),
                subscription.offerDurableId(), subscription.currency().getCurrencyCode(),
                subscription.regionInfo(), subscription.tenantId(), now);
    }

    private static void insertPlans(Connection c, UUID id, List<SubscriptionPlan> plans, Instant now)
            throws SQLException {
        for (SubscriptionPlan p : plans) {
            execute(c, "INSERT INTO subscription_plan (subscription_id, effective_from, offer_id, currency, "
                    + "region_info, recorded_at) VALUES (?, ?, ?, ?, ?, ?)", id, p.effectiveFrom(),
                    p.offerDurableId(), p.currency().getCurrencyCode(), p.regionInfo(), now);
        }
    }

    private static void execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object arg = args[i];
                p.setObject(i + 1, arg instanceof Instant instant ? UtcTimestamps.toColumn(instant) : arg);
            }
            p.executeUpdate();
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void transaction(Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                bumpRevision(c);
                c.commit();
                committed();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("catalog write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public PriceVersionOutcome addPriceVersion(PriceListKey key, MeterPrice price) {
        return addPriceVersions(key, List.of(price)).get(0);
    }

    /**
     * Adds many versions to one price list in one transaction; the outcome of each, in order. A version equal to one
     * earlier in the same call is {@code UNCHANGED}, a different one {@code CONFLICT}.
     */
    @Override
    public List<PriceVersionOutcome> addPriceVersions(PriceListKey key, List<MeterPrice> prices) {
        synchronized (writeLock) {
            State s = freshState();
            Map<UUID, TreeMap<Instant, MeterPrice>> list = s.prices.get(key);
            Map<UUID, Map<Instant, MeterPrice>> added = new HashMap<>();
            List<PriceVersionOutcome> outcomes = new ArrayList<>(prices.size());
            List<MeterPrice> created = new ArrayList<>();
            for (MeterPrice price : prices) {
                MeterPrice stored = list == null ? null
                        : Optional.ofNullable(list.get(price.meterId())).map(v -> v.get(price.effectiveFrom()))
                                .orElse(null);
                if (stored == null) {
                    stored = added.getOrDefault(price.meterId(), Map.of()).get(price.effectiveFrom());
                }
                if (stored == null) {
                    added.computeIfAbsent(price.meterId(), m -> new HashMap<>()).put(price.effectiveFrom(), price);
                    created.add(price);
                    outcomes.add(PriceVersionOutcome.CREATED);
                } else {
                    outcomes.add(stored.sameContentAs(price) ? PriceVersionOutcome.UNCHANGED : PriceVersionOutcome.CONFLICT);
                }
            }
            if (!created.isEmpty()) {
                insertPriceVersions(key, created);
                var target = s.prices.computeIfAbsent(key, k -> new HashMap<>());
                for (MeterPrice p : created) {
                    target.computeIfAbsent(p.meterId(), m -> new TreeMap<>()).put(p.effectiveFrom(), p);
                }
                snapshot = null;
            }
            return outcomes;
        }
    }

    private void insertPriceVersions(PriceListKey key, List<MeterPrice> created) {
        Object createdAt = UtcTimestamps.toColumn(clock.instant());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Object[]> rows = new ArrayList<>(created.size());
                for (MeterPrice p : created) {
                    rows.add(new Object[] {key.offerDurableId(), key.currency().getCurrencyCode(), key.regionInfo(),
                            p.meterId(), UtcTimestamps.toColumn(p.effectiveFrom()), p.includedQuantity().setScale(9),
                            CatalogJson.tiers(p.tiers()), createdAt});
                }
                dialect.insertRows(c, "price_version", rows);
                bumpRevision(c);
                c.commit();
                committed();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not store " + created.size() + " price versions of " + key, e);
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    Object arg = args[i];
                    p.setObject(i + 1, arg instanceof Instant instant ? UtcTimestamps.toColumn(instant) : arg);
                }
                p.executeUpdate();
                bumpRevision(c);
                c.commit();
                committed();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("catalog write failed: " + e.getMessage(), e);
        }
    }

    /** On a shared store: one more change, under the catalog lock so this copy knows the revision it now matches. */
    private void bumpRevision(Connection c) throws SQLException {
        if (!dialect.sharedByProcesses()) {
            return;
        }
        dialect.lockForTransaction(c, SqlDialect.WriterLock.CATALOG);
        long before = revision;
        revision = -1; // until committed; a failure leaves it unknown, so the next use reloads
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE catalog_revision SET revision = revision + 1");
        }
        long after = storedRevision(c);
        pendingRevision = after == before + 1 ? after : -1; // another replica wrote in between: reload next time
    }

    /** After a commit: the revision this copy now matches. */
    private void committed() {
        if (dialect.sharedByProcesses()) {
            revision = pendingRevision;
        }
    }

    private static long storedRevision(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT revision FROM catalog_revision")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private <T> T lookup(java.util.function.Function<Snapshot, T> get) {
        T found = get.apply(snapshot());
        if (found != null || !dialect.sharedByProcesses()) {
            return found;
        }
        synchronized (writeLock) {
            freshState();
        }
        return get.apply(snapshot());
    }

    /** The state, reloaded first if another replica changed the stored catalog. Holds the write lock. */
    private State freshState() {
        if (state != null && dialect.sharedByProcesses()) {
            try (Connection c = dataSource.getConnection()) {
                if (storedRevision(c) != revision) {
                    state = null;
                    snapshot = null;
                }
            } catch (SQLException e) {
                throw new StorageException("could not read the catalog revision: " + e.getMessage(), e);
            }
            checkedAtNanos = System.nanoTime();
        }
        return state();
    }

    /**
     * The current snapshot; rebuilt after a write, when a scheduled plan takes effect, and on a shared store when
     * another replica changed the catalog.
     */
    private Snapshot snapshot() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s != null && dialect.sharedByProcesses()
                && System.nanoTime() - checkedAtNanos > RECHECK_MILLIS * 1_000_000L) {
            synchronized (writeLock) {
                freshState();
            }
            s = snapshot;
        }
        if (s != null && s.validAt(now)) {
            return s;
        }
        synchronized (writeLock) {
            if (snapshot == null || !snapshot.validAt(now)) {
                snapshot = state().snapshot(now);
            }
            return snapshot;
        }
    }

    private State state() {
        if (state == null) {
            try (Connection c = dataSource.getConnection()) {
                if (dialect.sharedByProcesses()) {
                    // read before the tables: a change committed in between only makes the next check reload again
                    revision = storedRevision(c);
                    checkedAtNanos = System.nanoTime();
                }
                state = State.load(c);
            } catch (SQLException e) {
                throw new StorageException("could not read the catalog: " + e.getMessage(), e);
            }
        }
        return state;
    }

    /** The mutable master copy of the catalog, guarded by the write lock. */
    private static final class State {
        final Map<String, Offer> offers = new TreeMap<>();
        final Map<UUID, Meter> meters = new TreeMap<>();
        /** As stored: the latest plan, which may be scheduled for a later period. */
        final Map<UUID, Subscription> subscriptions = new TreeMap<>();
        final Map<UUID, SubscriptionHistory> histories = new HashMap<>();
        final Map<PriceListKey, Map<UUID, TreeMap<Instant, MeterPrice>>> prices = new HashMap<>();

        static State load(Connection c) throws SQLException {
            State s = new State();
            try (Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT durable_id, name, offer_type, terms_json FROM offer")) {
                    while (rs.next()) {
                        try {
                            Offer o = new Offer(rs.getString(1), rs.getString(2), OfferType.valueOf(rs.getString(3)),
                                    CatalogJson.terms(rs.getString(4)));
                            s.offers.put(o.durableId(), o);
                        } catch (RuntimeException e) {
                            ignored("offer " + Texts.shorten(rs.getString(1)), e);
                        }
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT meter_id, name, category, subcategory, region, unit, "
                        + "tags_json, service_name, service_id, service_family, product_name, product_id, sku_name, "
                        + "sku_id, arm_sku_name, arm_region_name, price_type, primary_meter_region FROM meter")) {
                    while (rs.next()) {
                        ProductAttributes product = new ProductAttributes(rs.getString(8), rs.getString(9),
                                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                                rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17),
                                rs.getBoolean(18));
                        Meter m = new Meter(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), CatalogJson.strings(rs.getString(7)),
                                product);
                        s.meters.put(m.meterId(), m);
                    }
                }
                Map<UUID, Instant> createdAt = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT subscription_id, display_name, state, offer_id, currency, "
                        + "region_info, tenant_id, created_at FROM subscription")) {
                    while (rs.next()) {
                        Subscription sub = new Subscription(rs.getObject(1, UUID.class), rs.getString(2),
                                SubscriptionState.valueOf(rs.getString(3)), rs.getString(4),
                                Currency.getInstance(rs.getString(5)), rs.getString(6), rs.getString(7));
                        s.subscriptions.put(sub.subscriptionId(), sub);
                        createdAt.put(sub.subscriptionId(), UtcTimestamps.read(rs, 8));
                    }
                }
                Map<UUID, List<SubscriptionPlan>> plans = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT subscription_id, effective_from, offer_id, currency, "
                        + "region_info FROM subscription_plan")) {
                    while (rs.next()) {
                        plans.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                                .add(new SubscriptionPlan(UtcTimestamps.read(rs, 2), rs.getString(3),
                                        Currency.getInstance(rs.getString(4)), rs.getString(5)));
                    }
                }
                Map<UUID, List<StateChange>> states = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT subscription_id, changed_at, state "
                        + "FROM subscription_state_change")) {
                    while (rs.next()) {
                        states.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                                .add(new StateChange(UtcTimestamps.read(rs, 2),
                                        SubscriptionState.valueOf(rs.getString(3))));
                    }
                }
                s.subscriptions.forEach((id, sub) -> s.histories.put(id, plans.containsKey(id)
                        ? new SubscriptionHistory(id, createdAt.get(id), plans.get(id),
                                states.getOrDefault(id, List.of()))
                        : SubscriptionHistory.single(sub, createdAt.get(id))));
                Map<String, PriceListKey> keys = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT offer_id, currency, region_info, meter_id, effective_from, "
                        + "included_quantity, tiers_json FROM price_version")) {
                    while (rs.next()) {
                        String offer = rs.getString(1);
                        String currency = rs.getString(2);
                        String region = rs.getString(3);
                        PriceListKey key = keys.computeIfAbsent(offer + '|' + currency + '|' + region,
                                k -> new PriceListKey(offer, Currency.getInstance(currency), region));
                        MeterPrice p;
                        try {
                            p = new MeterPrice(rs.getObject(4, UUID.class), UtcTimestamps.read(rs, 5),
                                    rs.getBigDecimal(6).stripTrailingZeros(), CatalogJson.tiers(rs.getString(7)));
                        } catch (RuntimeException e) {
                            ignored("price version of meter " + rs.getObject(4, UUID.class) + " in " + key.offerDurableId()
                                    + "/" + currency + "/" + region + " from " + rs.getString(5), e);
                            continue;
                        }
                        s.prices.computeIfAbsent(key, k -> new HashMap<>())
                                .computeIfAbsent(p.meterId(), m -> new TreeMap<>()).put(p.effectiveFrom(), p);
                    }
                }
            }
            return s;
        }

        /**
         * A stored entry outside today's bounds (written before they existed, ADR 0015) is left out of the catalog,
         * loudly, rather than stopping start-up or every answer that would show it.
         */
        private static void ignored(String what, RuntimeException e) {
            log.error("Ignoring the stored {}: {}. It is outside the bounds Meterwise accepts; add a corrected entry "
                    + "through the operator API.", what, Texts.shorten(String.valueOf(e.getMessage()), 300));
        }

        /** The catalog as it is at {@code now}: each subscription shows the plan in force then. */
        Snapshot snapshot(Instant now) {
            Map<UUID, Subscription> current = new TreeMap<>();
            Instant validUntil = null;
            for (Subscription sub : subscriptions.values()) {
                SubscriptionHistory history = histories.get(sub.subscriptionId());
                SubscriptionPlan plan = history.planAt(now);
                current.put(sub.subscriptionId(), new Subscription(sub.subscriptionId(), sub.displayName(),
                        sub.state(), plan.offerDurableId(), plan.currency(), plan.regionInfo(), sub.tenantId()));
                for (SubscriptionPlan p : history.plans()) {
                    if (p.effectiveFrom().isAfter(now) && (validUntil == null || p.effectiveFrom().isBefore(validUntil))) {
                        validUntil = p.effectiveFrom();
                    }
                }
            }
            Map<PriceListKey, PriceList> lists = new HashMap<>();
            prices.forEach((key, byMeter) -> {
                List<MeterPrice> all = new ArrayList<>();
                byMeter.values().forEach(v -> all.addAll(v.values()));
                lists.put(key, PriceList.of(key, all));
            });
            return new Snapshot(List.copyOf(offers.values()).stream()
                    .collect(java.util.stream.Collectors.toMap(Offer::durableId, o -> o, (a, b) -> a,
                            java.util.LinkedHashMap::new)),
                    ordered(meters), ordered(current), Map.copyOf(histories), Map.copyOf(lists), validUntil);
        }

        private static <K, V> Map<K, V> ordered(Map<K, V> map) {
            return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
        }
    }

    /** An immutable view of the catalog for readers. */
    private record Snapshot(Map<String, Offer> offers, Map<UUID, Meter> meters, Map<UUID, Subscription> subscriptions,
            Map<UUID, SubscriptionHistory> histories, Map<PriceListKey, PriceList> priceLists,
            @Nullable Instant validUntil) {
        Snapshot {
            Objects.requireNonNull(offers);
            offers = java.util.Collections.unmodifiableMap(offers);
        }

        boolean validAt(Instant now) {
            return validUntil == null || now.isBefore(validUntil);
        }
    }
}
