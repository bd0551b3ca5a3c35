package io.meterwise.server.billing;

import io.meterwise.core.testing.MovableClock;

import io.meterwise.core.testing.InMemoryCatalogStore;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceLine;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.jdbc.SchemaMigrator;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.IssuingSettings;
import io.meterwise.server.storage.jdbc.JdbcInvoices;
import io.meterwise.server.storage.jdbc.JdbcLedgerUsage;

/**
 * Invoices of generated subscriptions against totals computed here from the raw usage and prices, without the Rater:
 * tiers crossed mid-month, a price change mid-month, included quantities, a credit with an excluded meter, a recurring
 * charge, and late usage after close charged once on later invoices.
 */
class InvoiceReconciliationTest {

    static final Currency USD = Currency.getInstance("USD");
    static final Instant CHANGE = Instant.parse("2026-09-15T12:00:00Z");
    static final BillingPeriod SEPT = BillingPeriod.of(2026, 9);
    static final BillingPeriod OCT = BillingPeriod.of(2026, 10);
    static final BillingPeriod NOV = BillingPeriod.of(2026, 11);

    final UUID vm = UUID.randomUUID();
    final UUID egress = UUID.randomUUID();
    final UUID support = UUID.randomUUID();
    final InMemoryCatalogStore catalog = new InMemoryCatalogStore();
    final MovableClock clock = new MovableClock(Instant.parse("2026-10-05T00:00:00Z"));
    final Random random = new Random(20260929L);
    final List<Row> rows = new ArrayList<>();
    DuckDbDataSource dataSource;
    InvoiceService service;
    JdbcInvoices invoices;
    long seq;

    record Row(long seq, UUID sub, UUID meter, Instant start, BigDecimal quantity) {
    }

    @BeforeEach
    void setUp() throws Exception {
        dataSource = DuckDbDataSource.inMemory();
        SchemaMigrator.migrate(dataSource);
        invoices = new JdbcInvoices(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect());
        service = new InvoiceService(catalog, invoices, new JdbcLedgerUsage(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect()),
                new IssuingSettings(Duration.ofHours(72)),
                clock, new io.meterwise.core.billing.IssuingFailures(io.meterwise.core.billing.IssuingFailures.Counters.NONE));
        catalog.putMeter(new Meter(vm, "D2 v3", "Virtual Machines", "", "EU West", "1 Hour", List.of()));
        catalog.putMeter(new Meter(egress, "Data Transfer Out", "Networking", "", "", "1 GB", List.of()));
        catalog.putMeter(new Meter(support, "Support", "Support", "", "", "1", List.of()));
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO,
                List.of(new OfferTerm.RecurringCharge(Instant.parse("2020-01-01T00:00:00Z"), Money.exact("9.99", "USD")))));
        catalog.putOffer(new Offer("MS-AZR-0063P", "Visual Studio", OfferType.MSDN,
                List.of(new OfferTerm.MonetaryCredit(Instant.parse("2020-01-01T00:00:00Z"), Money.exact("50.00", "USD"),
                        Set.of(support)))));
        for (String offer : List.of("MS-AZR-0003P", "MS-AZR-0063P")) {
            catalog.addPriceVersions(new PriceListKey(offer, USD, "US"), List.of(
                    tiered(vm, "2020-01-01T00:00:00Z", "20", "0.10", "0.08", "0.05"),
                    tiered(vm, CHANGE.toString(), "20", "0.12", "0.09", "0.061"),
                    MeterPrice.flat(egress, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("0.087")),
                    MeterPrice.flat(support, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("1.3333"))));
        }
    }

    @AfterEach
    void close() throws Exception {
        dataSource.close();
    }

    static MeterPrice tiered(UUID meter, String from, String included, String p0, String p100, String p500) {
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, new BigDecimal(p0));
        tiers.put(new BigDecimal("100"), new BigDecimal(p100));
        tiers.put(new BigDecimal("500"), new BigDecimal(p500));
        return new MeterPrice(meter, Instant.parse(from), new BigDecimal(included), tiers);
    }

    @Test
    void invoiceTotalsEqualAnIndependentComputationIncludingLateUsage() throws Exception {
        List<UUID> subs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID id = UUID.randomUUID();
            String offer = i % 2 == 0 ? "MS-AZR-0003P" : "MS-AZR-0063P";
            catalog.putSubscription(new Subscription(id, "Sub " + i, SubscriptionState.ENABLED, offer, USD, "US",
                    "tenant-" + (i % 3)));
            subs.add(id);
            generate(id, SEPT, i);
        }
        service.issue(null, null);
        Map<UUID, Long> septCovered = new HashMap<>();
        for (UUID id : subs) {
            Invoice sept = invoices.forPeriod(id, SEPT).orElseThrow();
            septCovered.put(id, sept.ingestSeqHigh());
            assertThat(sept.total()).isEqualTo(expectedTotal(id, SEPT, sept.ingestSeqHigh()));
            assertThat(sumOfLines(sept)).isEqualTo(sept.total());
        }
        // issuing again changes nothing
        assertThat(service.issue(null, null).issued()).isEmpty();

        // late September usage, and October usage; October closes
        for (UUID id : subs) {
            generateLate(id, SEPT, 6);
            generate(id, OCT, 1);
        }
        clock.set(Instant.parse("2026-11-04T00:00:00Z"));
        service.issue(null, null);
        for (UUID id : subs) {
            Invoice oct = invoices.forPeriod(id, OCT).orElseThrow();
            Money septDelta = expectedTotal(id, SEPT, oct.ingestSeqHigh())
                    .minus(expectedTotal(id, SEPT, septCovered.get(id)));
            assertThat(oct.total()).isEqualTo(expectedTotal(id, OCT, oct.ingestSeqHigh()).plus(septDelta));
            assertThat(oct.lines().stream().filter(InvoiceLine::isAdjustment))
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l.description()).startsWith("Prior-period adjustment for 2026-09"));
        }

        // more late September usage: adjusted again on November's invoice, for the new records only
        for (UUID id : subs) {
            generateLate(id, SEPT, 3);
            generate(id, NOV, 2);
        }
        clock.set(Instant.parse("2026-12-04T00:00:00Z"));
        service.issue(null, null);
        for (UUID id : subs) {
            List<Invoice> all = invoices.ofSubscription(id);
            assertThat(all).hasSize(3);
            long high = all.get(0).ingestSeqHigh();
            Money charged = Money.zero(USD);
            for (Invoice invoice : all) {
                charged = charged.plus(invoice.total());
            }
            Money expected = expectedTotal(id, SEPT, high).plus(expectedTotal(id, OCT, high))
                    .plus(expectedTotal(id, NOV, high));
            assertThat(charged).as("everything charged once for " + id).isEqualTo(expected);
        }
        // invoice numbers are gapless per tenant
        for (int t = 0; t < 3; t++) {
            String tenant = "tenant-" + t;
            List<Long> numbers = subs.stream().flatMap(id -> invoices.ofSubscription(id).stream())
                    .filter(i -> i.tenantId().equals(tenant)).map(Invoice::number).sorted().toList();
            assertThat(numbers).isEqualTo(java.util.stream.LongStream.rangeClosed(1, numbers.size()).boxed().toList());
        }
    }

    static Money sumOfLines(Invoice invoice) {
        Money sum = Money.zero(invoice.currency());
        for (InvoiceLine line : invoice.lines()) {
            sum = sum.plus(line.amount());
        }
        return sum;
    }

    /**
     * The period total from raw rows, priced here: each price version prices its own usage with graduated tiers, its
     * included quantity and tier thresholds prorated by the seconds it is in force in the period (ADR 0012).
     */
    Money expectedTotal(UUID sub, BillingPeriod period, long seqHigh) {
        Subscription s = catalog.subscription(sub).orElseThrow();
        PriceList priceList = catalog.priceList(s.priceListKey()).orElseThrow();
        BigDecimal usage = BigDecimal.ZERO;
        BigDecimal creditEligible = BigDecimal.ZERO;
        for (UUID meter : List.of(vm, egress, support)) {
            List<Row> mine = rows.stream().filter(r -> r.sub().equals(sub) && r.meter().equals(meter)
                    && period.contains(r.start()) && r.seq() <= seqHigh)
                    .sorted(Comparator.comparing(Row::start)).toList();
            // billable quantity per (version start, tier start)
            Map<String, BigDecimal> billable = new TreeMap<>();
            Map<String, BigDecimal> unitPrice = new HashMap<>();
            Map<Instant, BigDecimal> usedPerVersion = new HashMap<>();
            for (Row r : mine) {
                MeterPrice version = null;
                MeterPrice next = null;
                for (MeterPrice p : priceList.versions(meter)) {
                    if (!p.effectiveFrom().isAfter(r.start())) {
                        version = p;
                    } else if (next == null) {
                        next = p;
                    }
                }
                Instant from = version.effectiveFrom().isAfter(period.start()) ? version.effectiveFrom()
                        : period.start();
                Instant until = next != null && next.effectiveFrom().isBefore(period.end()) ? next.effectiveFrom()
                        : period.end();
                long inForce = Duration.between(from, until).getSeconds();
                long periodSeconds = Duration.between(period.start(), period.end()).getSeconds();
                TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
                version.tiers().forEach((t, price) -> tiers.put(prorate(t, inForce, periodSeconds), price));
                BigDecimal included = prorate(version.includedQuantity(), inForce, periodSeconds);
                // walk the record one tier boundary at a time
                BigDecimal remaining = r.quantity();
                BigDecimal position = usedPerVersion.getOrDefault(version.effectiveFrom(), BigDecimal.ZERO);
                while (remaining.signum() > 0) {
                    BigDecimal billablePosition = position.subtract(included);
                    BigDecimal step;
                    String key;
                    BigDecimal price;
                    if (billablePosition.signum() < 0) {
                        step = remaining.min(billablePosition.negate());
                        key = null;
                        price = BigDecimal.ZERO;
                    } else {
                        BigDecimal tierStart = tiers.floorKey(billablePosition);
                        BigDecimal tierEnd = tiers.higherKey(billablePosition);
                        step = tierEnd == null ? remaining : remaining.min(tierEnd.subtract(billablePosition));
                        key = version.effectiveFrom() + "/" + tierStart;
                        price = tiers.get(tierStart);
                    }
                    if (key != null) {
                        billable.merge(key, step, BigDecimal::add);
                        unitPrice.put(key, price);
                    }
                    remaining = remaining.subtract(step);
                    position = position.add(step);
                }
                usedPerVersion.merge(version.effectiveFrom(), r.quantity(), BigDecimal::add);
            }
            BigDecimal meterAmount = BigDecimal.ZERO;
            for (var e : billable.entrySet()) {
                meterAmount = meterAmount.add(e.getValue().multiply(unitPrice.get(e.getKey()))
                        .setScale(2, RoundingMode.HALF_UP));
            }
            usage = usage.add(meterAmount);
            if (!meter.equals(support)) {
                creditEligible = creditEligible.add(meterAmount);
            }
        }
        BigDecimal total = usage;
        if (s.offerDurableId().equals("MS-AZR-0063P")) {
            total = total.subtract(creditEligible.min(new BigDecimal("50.00")));
        } else {
            total = total.add(new BigDecimal("9.99"));
        }
        return Money.of(total, USD);
    }

    static BigDecimal prorate(BigDecimal quantity, long seconds, long periodSeconds) {
        return seconds == periodSeconds ? quantity : quantity.multiply(BigDecimal.valueOf(seconds))
                .divide(BigDecimal.valueOf(periodSeconds), 9, RoundingMode.HALF_UP);
    }

    private void generate(UUID sub, BillingPeriod period, int intensity) throws Exception {
        int hours = (int) Duration.between(period.start(), period.end()).toHours();
        List<Row> batch = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            Instant start = period.start().plus(Duration.ofHours(h));
            batch.add(new Row(++seq, sub, vm, start, BigDecimal.valueOf(1 + random.nextInt(2 + intensity % 3))));
            if (random.nextInt(4) == 0) {
                batch.add(new Row(++seq, sub, egress, start, BigDecimal.valueOf(random.nextInt(5_000_000), 6)));
            }
            if (h % 97 == 0) {
                batch.add(new Row(++seq, sub, support, start, BigDecimal.valueOf(random.nextInt(1000) + 1, 3)));
            }
        }
        insert(batch);
    }

    private void generateLate(UUID sub, BillingPeriod period, int records) throws Exception {
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            Instant start = period.start().plus(Duration.ofHours(random.nextInt(720)));
            UUID meter = List.of(vm, egress, support).get(random.nextInt(3));
            batch.add(new Row(++seq, sub, meter, start, BigDecimal.valueOf(random.nextInt(90_000) + 1, 3)));
        }
        insert(batch);
    }

    private void insert(List<Row> batch) throws Exception {
        rows.addAll(batch);
        try (Connection c = dataSource.getConnection();
                DuckDBAppender appender = c.unwrap(DuckDBConnection.class).createAppender("usage_record")) {
            for (Row r : batch) {
                appender.beginRow().append(r.seq()).append("rec-" + r.seq()).append(r.sub()).append(r.meter())
                        .append(r.quantity().setScale(9))
                        .append(LocalDateTime.ofInstant(r.start(), ZoneOffset.UTC))
                        .append(LocalDateTime.ofInstant(r.start().plus(Duration.ofHours(1)), ZoneOffset.UTC))
                        .append("/subscriptions/x/vm").append("westeurope").append("{}").append("{}")
                        .append(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).endRow();
            }
        }
    }

}
