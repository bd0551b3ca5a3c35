package io.meterwise.server.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.ProductAttributes;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.estimate.Counterparts;
import io.meterwise.core.estimate.Estimator;
import io.meterwise.core.estimate.MeterSelector;
import io.meterwise.core.estimate.WhatIf;
import io.meterwise.core.estimate.WorkloadLine;
import io.meterwise.core.money.Money;
import io.meterwise.core.testing.InMemoryCatalogStore;
import io.meterwise.core.testing.MovableClock;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageHistory;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.IssuingSettings;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.jdbc.JdbcLedgerUsage;
import io.meterwise.server.storage.jdbc.JdbcUsageHistory;
import io.meterwise.server.storage.jdbc.JdbcInvoices;
import io.meterwise.server.storage.duckdb.DuckDbUsageLedger;
import io.meterwise.server.storage.jdbc.SchemaMigrator;

/**
 * Every estimate and what-if total equals, to the cent, the invoice of the equivalent synthetic usage ingested into
 * the ledger and issued through the normal invoice path: marginal = invoice(usage so far + workload) - invoice(usage
 * so far); full month = invoice(workload alone); each what-if alternative = invoice of the usage moved by a mapping
 * written out here (not by {@link Counterparts}) under the alternative's offer and price list.
 */
class EstimateReconciliationTest {

    static final Currency USD = Currency.getInstance("USD");
    static final Currency EUR = Currency.getInstance("EUR");
    static final BillingPeriod OCT = BillingPeriod.of(2026, 10);
    static final Instant NOW = Instant.parse("2026-10-17T13:25:41Z");
    static final Instant SINCE = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant CHANGE = Instant.parse("2026-10-20T00:00:00Z");

    final InMemoryCatalogStore catalog = new InMemoryCatalogStore();
    final MovableClock clock = new MovableClock(NOW);
    final Random random = new Random(20261202L);
    DuckDbDataSource dataSource;
    DuckDbUsageLedger ledger;
    JdbcInvoices invoices;
    InvoiceService service;
    UsageHistory history;

    // regional meters: VM D4s (Linux) and D4as in two regions, and a disk; one non-regional egress meter
    final UUID d4sWe = UUID.randomUUID();
    final UUID d4sNe = UUID.randomUUID();
    final UUID d4asWe = UUID.randomUUID();
    final UUID d4asNe = UUID.randomUUID();
    final UUID diskWe = UUID.randomUUID();
    final UUID egress = UUID.randomUUID();
    final Map<UUID, UUID> toNorth = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        dataSource = DuckDbDataSource.inMemory();
        SchemaMigrator.migrate(dataSource);
        ledger = new DuckDbUsageLedger(dataSource, clock);
        invoices = new JdbcInvoices(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect());
        history = new JdbcUsageHistory(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect());
        service = new InvoiceService(catalog, invoices, new JdbcLedgerUsage(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect()),
                new IssuingSettings(Duration.ofHours(72)), clock);
        vm(d4sWe, "D4s v5", "Virtual Machines Dsv5 Series", "Standard_D4s_v5", "westeurope");
        vm(d4sNe, "D4s v5", "Virtual Machines Dsv5 Series", "Standard_D4s_v5", "northeurope");
        vm(d4asWe, "D4as v5", "Virtual Machines Dasv5 Series", "Standard_D4as_v5", "westeurope");
        vm(d4asNe, "D4as v5", "Virtual Machines Dasv5 Series", "Standard_D4as_v5", "northeurope");
        // a disk with no counterpart in northeurope
        catalog.putMeter(new Meter(diskWe, "P10 LRS Disk", "Storage", "", "EU West", "1/Month", List.of(),
                new ProductAttributes("Storage", "", "Storage", "Premium SSD Managed Disks", "", "P10 LRS", "",
                        "Premium_SSD_Managed_Disks_P10", "westeurope", "Consumption", true)));
        catalog.putMeter(new Meter(egress, "Standard Data Transfer Out", "Bandwidth", "", "Zone 1", "1 GB", List.of(),
                new ProductAttributes("Bandwidth", "", "Networking", "Bandwidth", "", "Standard", "", "", "", "Consumption",
                        true)));
        toNorth.put(d4sWe, d4sNe);
        toNorth.put(d4asWe, d4asNe);
        toNorth.put(d4sNe, d4sNe);
        toNorth.put(d4asNe, d4asNe);
        toNorth.put(egress, egress);

        Set<UUID> bandwidth = Set.of(egress);
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO,
                List.of(new OfferTerm.RecurringCharge(SINCE, Money.exact("9.99", "USD")),
                        new OfferTerm.RecurringCharge(SINCE, Money.exact("9.19", "EUR")))));
        catalog.putOffer(new Offer("MS-AZR-0063P", "Visual Studio", OfferType.MSDN, List.of(
                new OfferTerm.MonetaryCredit(SINCE, Money.exact("150.00", "USD"), bandwidth),
                new OfferTerm.MonetaryCredit(SINCE, Money.exact("140.00", "EUR"), bandwidth))));
        TreeMap<BigDecimal, BigDecimal> discounts = new TreeMap<>(Map.of(BigDecimal.ZERO, BigDecimal.ZERO,
                new BigDecimal("300"), new BigDecimal("5"), new BigDecimal("1500"), new BigDecimal("8")));
        catalog.putOffer(new Offer("MS-AZR-0044P", "Monetary Commitment", OfferType.MONETARY_COMMITMENT,
                List.of(new OfferTerm.MonetaryCommitment(SINCE, USD, discounts, bandwidth),
                        new OfferTerm.MonetaryCommitment(SINCE, EUR, discounts, bandwidth))));
        for (String offer : List.of("MS-AZR-0003P", "MS-AZR-0063P", "MS-AZR-0044P")) {
            for (Currency currency : List.of(USD, EUR)) {
                BigDecimal f = currency == USD ? BigDecimal.ONE : new BigDecimal("0.92");
                String country = currency == USD ? "US" : "DE";
                List<MeterPrice> prices = new ArrayList<>();
                prices.add(flat(d4sWe, SINCE, "0.23", f));
                prices.add(flat(d4sWe, CHANGE, "0.253", f));
                prices.add(flat(d4sNe, SINCE, "0.214", f));
                prices.add(flat(d4asWe, SINCE, "0.207", f));
                prices.add(flat(d4asNe, SINCE, "0.193", f));
                prices.add(flat(diskWe, SINCE, "21.68", f));
                TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>(Map.of(BigDecimal.ZERO,
                        new BigDecimal("0.087").multiply(f), new BigDecimal("1000"), new BigDecimal("0.083").multiply(f),
                        new BigDecimal("5000"), new BigDecimal("0.07").multiply(f)));
                prices.add(new MeterPrice(egress, SINCE, new BigDecimal("100"), tiers));
                catalog.addPriceVersions(new PriceListKey(offer, currency, country), prices);
            }
        }
    }

    void vm(UUID id, String name, String product, String armSku, String region) {
        catalog.putMeter(new Meter(id, name, "Virtual Machines", "", region, "1 Hour", List.of(),
                new ProductAttributes("Virtual Machines", "", "Compute", product, "", name, "", armSku, region,
                        "Consumption", true)));
    }

    static MeterPrice flat(UUID meter, Instant from, String usd, BigDecimal factor) {
        return MeterPrice.flat(meter, from, new BigDecimal(usd).multiply(factor));
    }

    @AfterEach
    void close() throws Exception {
        dataSource.close();
    }

    UUID subscription(String offer, Currency currency) {
        UUID id = UUID.randomUUID();
        catalog.putSubscription(new Subscription(id, "Sub " + id, SubscriptionState.ENABLED, offer, currency,
                currency == USD ? "US" : "DE", "tenant"));
        return id;
    }

    /** Random hourly usage of October before {@link #NOW}, the same for every target subscription. */
    List<UsageRecord> randomUsage(int n) {
        List<UsageRecord> records = new ArrayList<>();
        UUID[] meters = {d4sWe, d4asWe, diskWe, egress, d4sNe};
        for (int i = 0; i < n; i++) {
            UUID meter = meters[random.nextInt(meters.length)];
            Instant start = OCT.start().plus(Duration.ofHours(random.nextInt(16 * 24)));
            BigDecimal quantity = meter == egress ? BigDecimal.valueOf(random.nextInt(40_000), 2)
                    : BigDecimal.valueOf(1 + random.nextInt(4));
            String rg = i % 3 == 0 ? "rg-web" : "rg-data";
            records.add(record(null, meter, start, quantity, "/subscriptions/x/resourceGroups/" + rg
                    + "/providers/Microsoft.Compute/virtualMachines/vm" + (i % 5), Map.of("env", i % 2 == 0 ? "prod"
                            : "dev")));
        }
        return records;
    }

    static UsageRecord record(UUID sub, UUID meter, Instant start, BigDecimal quantity, String resource,
            Map<String, String> tags) {
        return new UsageRecord("r-" + UUID.randomUUID(), sub == null ? new UUID(0, 0) : sub, meter, quantity, start,
                start.plus(Duration.ofHours(1)), resource, "westeurope", tags, Map.of(), NOW);
    }

    void ingest(UUID sub, List<UsageRecord> records) {
        List<UsageRecord> mine = records.stream().map(r -> new UsageRecord("r-" + UUID.randomUUID(), sub,
                r.meterId(), r.quantity(), r.usageStart(), r.usageEnd(), r.resourceUri().replace("/x/",
                        "/" + sub + "/"), r.location(), r.tags(), r.additionalInfo(), r.reportedAt())).toList();
        assertThat(ledger.append(mine).accepted()).isEqualTo(mine.size());
    }

    Money invoiceTotal(UUID sub) {
        return invoices.forPeriod(sub, OCT).orElseThrow().total();
    }

    List<UsageHistory.Slice> slices(UUID sub, boolean byResource) {
        List<UsageHistory.Slice> slices = new ArrayList<>();
        history.scan(sub, OCT.start(), OCT.end(), byResource, slices::add);
        return slices;
    }

    @Test
    void marginalAndFullMonthEstimatesEqualInvoicesOfTheEquivalentUsage() {
        List<WorkloadLine> workload = List.of(
                new WorkloadLine(1, MeterSelector.ofMeter(d4sWe), new BigDecimal("2190")), // 3 x 730 h
                new WorkloadLine(2, MeterSelector.ofMeter(egress), new BigDecimal("2048")),
                new WorkloadLine(3, MeterSelector.ofMeter(diskWe), new BigDecimal("2")),
                new WorkloadLine(4, MeterSelector.ofMeter(d4sWe), new BigDecimal("730")));
        Map<String, Estimator.Scenario[]> estimates = new LinkedHashMap<>();
        Map<String, UUID[]> subs = new LinkedHashMap<>();
        for (String offer : List.of("MS-AZR-0003P", "MS-AZR-0063P", "MS-AZR-0044P")) {
            for (Currency currency : List.of(USD, EUR)) {
                List<UsageRecord> base = randomUsage(150);
                UUID estimated = subscription(offer, currency);
                UUID withWorkload = subscription(offer, currency);
                UUID alone = subscription(offer, currency);
                ingest(estimated, base);
                ingest(withWorkload, base);
                Subscription s = catalog.subscription(estimated).orElseThrow();
                PriceList list = catalog.priceList(s.priceListKey()).orElseThrow();
                Estimator estimator = new Estimator(list, catalog.offer(offer).orElseThrow());
                Map<WorkloadLine, Meter> lines = new LinkedHashMap<>();
                workload.forEach(l -> lines.put(l, catalog.meter(l.meter().meterId()).orElseThrow()));
                Estimator.Scenario marginal = estimator.marginal(NOW, slices(estimated, false), lines);
                Estimator.Scenario full = estimator.fullMonth(NOW, lines);
                // the equivalent usage: each line from the current hour, prorated to the rest of the period
                Instant hour = Instant.parse("2026-10-17T13:00:00Z");
                long remaining = Duration.between(hour, OCT.end()).toHours();
                List<UsageRecord> rest = new ArrayList<>();
                List<UsageRecord> month = new ArrayList<>();
                for (WorkloadLine l : workload) {
                    BigDecimal q = l.monthlyQuantity().multiply(BigDecimal.valueOf(remaining))
                            .divide(BigDecimal.valueOf(744), 9, java.math.RoundingMode.HALF_UP);
                    rest.add(record(null, l.meter().meterId(), hour, q, "/subscriptions/x/resourceGroups/rg/p/w",
                            Map.of()));
                    month.add(record(null, l.meter().meterId(), hour, l.monthlyQuantity(),
                            "/subscriptions/x/resourceGroups/rg/p/w", Map.of()));
                }
                ingest(withWorkload, rest);
                ingest(alone, month);
                estimates.put(offer + currency, new Estimator.Scenario[] {marginal, full});
                subs.put(offer + currency, new UUID[] {estimated, withWorkload, alone});
            }
        }
        clock.set(Instant.parse("2026-11-04T00:00:00Z"));
        service.issue(null, null);
        for (var e : estimates.entrySet()) {
            UUID[] s = subs.get(e.getKey());
            Estimator.Scenario marginal = e.getValue()[0];
            Estimator.Scenario full = e.getValue()[1];
            assertThat(marginal.total()).as("marginal " + e.getKey())
                    .isEqualTo(invoiceTotal(s[1]).minus(invoiceTotal(s[0])));
            assertThat(full.total()).as("full month " + e.getKey()).isEqualTo(invoiceTotal(s[2]));
            for (Estimator.Scenario scenario : e.getValue()) {
                Money lines = Money.zero(scenario.total().currency());
                for (Estimator.LineCost cost : scenario.lines()) {
                    lines = lines.plus(cost.amount());
                }
                assertThat(lines).isEqualTo(scenario.usageCharges());
            }
        }
        // Visual Studio: the usage so far has used the whole credit, so the workload pays in full this month; a month
        // of the workload alone gets the whole credit
        Estimator.Scenario[] vs = estimates.get("MS-AZR-0063PUSD");
        assertThat(vs[0].total()).isEqualTo(vs[0].usageCharges());
        assertThat(vs[1].total().amount()).isLessThan(vs[1].usageCharges().amount());
    }

    @Test
    void everyWhatIfAlternativeEqualsTheInvoiceOfTheMovedUsage() {
        UUID actual = subscription("MS-AZR-0003P", USD);
        List<UsageRecord> usage = randomUsage(400);
        ingest(actual, usage);
        Subscription s = catalog.subscription(actual).orElseThrow();
        Offer payg = catalog.offer("MS-AZR-0003P").orElseThrow();
        WhatIf whatIf = new WhatIf(OCT, slices(actual, true), catalog.priceList(s.priceListKey()).orElseThrow(), payg);
        Counterparts counterparts = new Counterparts(catalog.meters());

        record Case(String offer, Currency currency, WhatIf.Mapping mapping, Function<UsageRecord, Optional<UUID>> independent) {
        }
        Function<UsageRecord, Optional<UUID>> same = r -> Optional.of(r.meterId());
        List<Case> cases = List.of(
                new Case("MS-AZR-0063P", USD, WhatIf.SAME_METERS, same),
                new Case("MS-AZR-0044P", USD, WhatIf.SAME_METERS, same),
                new Case("MS-AZR-0003P", EUR, WhatIf.SAME_METERS, same),
                new Case("MS-AZR-0003P", USD, WhatIf.regionMove(counterparts, catalog::meter, "northeurope", x -> true),
                        r -> Optional.ofNullable(toNorth.get(r.meterId()))),
                new Case("MS-AZR-0003P", USD, WhatIf.regionMove(counterparts, catalog::meter, "northeurope",
                        x -> x.resourceUri().contains("/rg-web/")),
                        r -> r.resourceUri().contains("/rg-web/") ? Optional.ofNullable(toNorth.get(r.meterId()))
                                : Optional.of(r.meterId())),
                new Case("MS-AZR-0044P", USD, WhatIf.skuSwap(counterparts, catalog::meter, "Standard_D4s_v5",
                        "Standard_D4as_v5", x -> "prod".equals(x.tags().get("env"))),
                        r -> Optional.of("prod".equals(r.tags().get("env")) && r.meterId().equals(d4sWe) ? d4asWe
                                : "prod".equals(r.tags().get("env")) && r.meterId().equals(d4sNe) ? d4asNe
                                        : r.meterId())));
        List<WhatIf.Outcome> outcomes = new ArrayList<>();
        List<UUID> equivalents = new ArrayList<>();
        for (Case c : cases) {
            PriceList list = catalog.priceList(new PriceListKey(c.offer(), c.currency(), c.currency() == USD ? "US"
                    : "DE")).orElseThrow();
            outcomes.add(whatIf.run(new WhatIf.Alternative(c.offer(), list, catalog.offer(c.offer()).orElseThrow(),
                    c.mapping())));
            UUID equivalent = subscription(c.offer(), c.currency());
            // unmapped usage stays on its meter, as documented
            ingest(equivalent, usage.stream().map(r -> record(null, c.independent().apply(r).orElse(r.meterId()),
                    r.usageStart(), r.quantity(), r.resourceUri(), r.tags())).toList());
            equivalents.add(equivalent);
        }
        clock.set(Instant.parse("2026-11-04T00:00:00Z"));
        service.issue(null, null);
        assertThat(whatIf.actual().total()).isEqualTo(invoiceTotal(actual));
        for (int i = 0; i < cases.size(); i++) {
            WhatIf.Outcome o = outcomes.get(i);
            assertThat(o.rated().total()).as("alternative " + i).isEqualTo(invoiceTotal(equivalents.get(i)));
            assertThat(o.unpriced()).isEmpty();
            Money actualSum = Money.zero(USD);
            for (WhatIf.MeterDelta d : o.meterDeltas()) {
                actualSum = actualSum.plus(d.actual());
            }
            assertThat(actualSum).isEqualTo(whatIf.actual().usageCharges());
        }
        // the disk has no counterpart in northeurope: flagged with the resources that use it
        assertThat(outcomes.get(3).unmapped()).singleElement().satisfies(f -> {
            assertThat(f.meterId()).isEqualTo(diskWe);
            assertThat(f.resources()).isNotEmpty().allSatisfy(r -> assertThat(r).contains("/virtualMachines/vm"));
        });
        assertThat(outcomes.get(0).unmapped()).isEmpty();
    }
}
