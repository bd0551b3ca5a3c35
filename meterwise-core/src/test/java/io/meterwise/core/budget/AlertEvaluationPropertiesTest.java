package io.meterwise.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.PeriodCharges;
import io.meterwise.core.cost.PeriodUsage;
import io.meterwise.core.forecast.BillForecaster;
import io.meterwise.core.forecast.ForecastSettings;
import io.meterwise.core.notify.NotificationOutbox;
import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.testing.InMemoryCatalogStore;
import io.meterwise.core.testing.MovableClock;
import io.meterwise.core.testing.UsageRecords;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the order in which usage arrives in batches, and however often evaluation runs: every threshold is enqueued
 * at most once per period; each alert fired when its measured value crossed it; and once all usage is in, the
 * {@code Actual} thresholds that fired are exactly those the period's total crosses (real rating through
 * {@link CostQueries}, tiers and included quantities of the fixture price list included).
 */
class AlertEvaluationPropertiesTest {

    static final UUID SUB = UsageRecords.SUBSCRIPTION;
    static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");

    /** Records of March 1-19 in an order and batch split drawn from the seed. */
    @Property(tries = 40)
    void eachThresholdFiresAtMostOncePerPeriodWhateverTheBatchOrder(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 12) int batches) {
        Random random = new Random(seed);
        List<UsageRecord> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            UUID meter = random.nextBoolean() ? CatalogFixtures.VM_D2_HOURS : CatalogFixtures.DATA_TRANSFER_OUT_GB;
            all.add(UsageRecords.aUsageRecord().forMeter(meter)
                    .quantity(BigDecimal.valueOf(random.nextInt(4000), 1))
                    .at(Instant.parse("2026-03-01T10:00:00Z").plusSeconds(86400L * random.nextInt(19)))
                    .build());
        }
        Collections.shuffle(all, random);

        InMemoryCatalogStore catalog = new InMemoryCatalogStore();
        CatalogFixtures.meters().forEach(catalog::putMeter);
        catalog.putOffer(CatalogFixtures.payAsYouGo());
        catalog.putSubscription(new Subscription(SUB, "Props", SubscriptionState.ENABLED,
                CatalogFixtures.PAY_AS_YOU_GO_ID, CatalogFixtures.USD, "US", "tenant-1"));
        CatalogFixtures.meters().forEach(m -> CatalogFixtures.usdPriceList().versions(m.meterId()).forEach(v ->
                catalog.addPriceVersion(CatalogFixtures.usdUs(CatalogFixtures.PAY_AS_YOU_GO_ID), v)));
        Ledger ledger = new Ledger();
        CostQueries queries = new CostQueries(catalog, new PeriodCharges(catalog, new NoInvoices(), ledger));
        InMemoryBudgetStores stores = new InMemoryBudgetStores();
        MovableClock clock = new MovableClock(NOW);
        Map<String, Integer> enqueued = new HashMap<>();
        NotificationOutbox outbox = n -> enqueued.merge(n.id(), 1, Integer::sum);
        AlertEvaluation evaluation = new AlertEvaluation(stores, stores,
                new LedgerSpendMeter(catalog, queries, new BillForecaster(ForecastSettings.defaults())), outbox,
                clock);

        Map<String, Notification> notifications = new LinkedHashMap<>();
        for (int t : new int[] {10, 25, 50, 75, 90, 100, 150}) {
            notifications.put("actual" + t, notification(t, Notification.ThresholdType.ACTUAL));
        }
        notifications.put("forecast100", notification(100, Notification.ThresholdType.FORECASTED));
        BigDecimal amount = BigDecimal.valueOf(50 + random.nextInt(100));
        Budget budget = new Budget(BudgetScope.subscription(SUB), Measure.COST, "props", UUID.randomUUID(), amount,
                BudgetGrain.MONTHLY, LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-31"), null, null,
                notifications, "\"1\"");
        stores.insert(budget);

        List<FiredAlert> fired = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            int from = all.size() * b / batches;
            int to = all.size() * (b + 1) / batches;
            ledger.append(all.subList(from, to));
            fired.addAll(evaluation.evaluate(SUB).fired());
            if (random.nextBoolean()) {
                fired.addAll(evaluation.evaluateAll().fired());
            }
        }
        fired.addAll(evaluation.evaluate(SUB).fired());

        assertThat(enqueued.values()).allMatch(count -> count == 1);
        assertThat(fired).extracting(FiredAlert::id).doesNotHaveDuplicates();
        assertThat(enqueued.keySet()).containsExactlyInAnyOrderElementsOf(
                fired.stream().map(a -> a.id().toString()).toList());
        for (FiredAlert a : fired) {
            assertThat(a.observed()).isGreaterThan(a.notification().target(amount));
            assertThat(a.period()).isEqualTo(new BudgetPeriod(LocalDate.parse("2026-03-01"),
                    LocalDate.parse("2026-03-31")));
        }
        BigDecimal total = new LedgerSpendMeter(catalog, queries, new BillForecaster(ForecastSettings.defaults()))
                .measure(budget, budget.periodOn(LocalDate.parse("2026-03-20")).orElseThrow(),
                        LocalDate.parse("2026-03-20"), false).actual();
        Set<String> expected = new HashSet<>();
        notifications.forEach((name, n) -> {
            if (n.thresholdType() == Notification.ThresholdType.ACTUAL && total.compareTo(n.target(amount)) > 0) {
                expected.add(name);
            }
        });
        Set<String> actualFired = new HashSet<>();
        fired.stream().filter(a -> a.notification().thresholdType() == Notification.ThresholdType.ACTUAL)
                .forEach(a -> actualFired.add(a.notificationName()));
        assertThat(actualFired).isEqualTo(expected);
    }

    static Notification notification(int threshold, Notification.ThresholdType type) {
        return new Notification(true, Notification.Operator.GREATER_THAN, BigDecimal.valueOf(threshold), type,
                List.of("finance@contoso.com"), List.of(), List.of(), "en-us");
    }

    /** An append-only ledger: records with their arrival sequence, read in allocation order. */
    static final class Ledger implements PeriodUsage {
        private final List<UsageRecord> records = new ArrayList<>();

        void append(List<UsageRecord> batch) {
            records.addAll(batch);
        }

        @Override
        public long position() {
            return records.size();
        }

        @Override
        public void records(UUID subscriptionId, BillingPeriod period, long upTo, Consumer<UsageRecord> sink) {
            List<UsageRecord> selected = new ArrayList<>();
            for (int i = 0; i < upTo && i < records.size(); i++) {
                UsageRecord r = records.get(i);
                if (r.subscriptionId().equals(subscriptionId) && period.contains(r.usageStart())) {
                    selected.add(r);
                }
            }
            selected.sort(java.util.Comparator.comparing((UsageRecord r) -> r.meterId().toString())
                    .thenComparing(UsageRecord::usageStart).thenComparing(UsageRecord::recordId));
            selected.forEach(sink);
        }
    }

    static final class NoInvoices implements Invoices {
        @Override
        public Optional<Invoice> find(UUID subscriptionId, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Invoice> forPeriod(UUID subscriptionId, BillingPeriod period) {
            return Optional.empty();
        }

        @Override
        public List<Invoice> ofSubscription(UUID subscriptionId) {
            return List.of();
        }

        @Override
        public List<Issued> issueAll(List<Request> requests) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<UUID> invoicedFor(BillingPeriod period) {
            return Set.of();
        }
    }
}
