package io.meterwise.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
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

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.testing.InMemoryCatalogStore;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.billing.IssuingSettings;
import io.meterwise.core.usage.LedgerUsage;
import io.meterwise.server.billing.InvoicePdf;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.server.storage.jdbc.JdbcInvoices;
import io.meterwise.server.storage.jdbc.JdbcLedgerUsage;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.jdbc.SchemaMigrator;

/**
 * Issues the invoices of one month for many subscriptions and compares with a rating-only pass over the same usage
 * (read from DuckDB, rated per subscription, nothing stored). Arguments: {@code [subscriptions] [resources]}, default
 * 1000 x 5 (x 720 hours = 3.6M records).
 */
public final class InvoiceBench {

    static final BillingPeriod PERIOD = BillingPeriod.of(2026, 9);
    /** A smaller month issued first so that both passes are measured with compiled code. */
    static final BillingPeriod WARM_UP = BillingPeriod.of(2026, 8);
    static final Currency USD = Currency.getInstance("USD");

    public static void main(String[] args) throws Exception {
        int subscriptions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int resources = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("invoice-bench");
        try (DuckDbDataSource dataSource = DuckDbDataSource.open(dir.resolve("meterwise.duckdb"))) {
            SchemaMigrator.migrate(dataSource);
            InMemoryCatalogStore catalog = new InMemoryCatalogStore();
            List<UUID> meters = seed(catalog, subscriptions, resources);
            long t0 = System.nanoTime();
            load(dataSource, catalog, meters, resources, WARM_UP, 48, 0);
            long records = load(dataSource, catalog, meters, resources, PERIOD,
                    (int) Duration.between(PERIOD.start(), PERIOD.end()).toHours(), 1_000_000_000L);
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("loaded %,d usage records for %,d subscriptions in %,d ms%n", records, subscriptions,
                    loadMs);

            LedgerUsage usage = new JdbcLedgerUsage(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect());
            long ratingMs = Long.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                int rated = rateOnly(usage, catalog);
                ratingMs = Math.min(ratingMs, (System.nanoTime() - start) / 1_000_000);
                if (rated != subscriptions) {
                    throw new IllegalStateException("rated " + rated + " subscriptions");
                }
            }
            System.out.printf("rating only (best of 3): %,d ms, %,.0f records/s%n", ratingMs, records * 1000.0 / ratingMs);

            Clock clock = Clock.fixed(PERIOD.end().plus(Duration.ofDays(4)), ZoneOffset.UTC);
            JdbcInvoices invoices = new JdbcInvoices(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect());
            InvoiceService service = new InvoiceService(catalog, invoices, usage,
                    new IssuingSettings(Duration.ofHours(72)),
                    clock, new io.meterwise.core.billing.IssuingFailures(io.meterwise.core.billing.IssuingFailures.Counters.NONE));
            service.issue(WARM_UP.month(), null);
            long start = System.nanoTime();
            InvoiceService.IssueReport report = service.issue(PERIOD.month(), null);
            long issueMs = (System.nanoTime() - start) / 1_000_000;
            if (report.issued().size() != subscriptions || !report.failures().isEmpty()) {
                throw new IllegalStateException("issued " + report.issued().size() + ", failures "
                        + report.failures());
            }
            System.out.printf("issuing (rate + assemble + store, PDF lazy): %,d ms for %,d invoices, %,.0f records/s%n",
                    issueMs, report.issued().size(), records * 1000.0 / issueMs);
            System.out.printf("issuing / rating-only throughput: %.2f (target >= 0.30)%n", (double) ratingMs / issueMs);

            List<Invoice> sample = new ArrayList<>();
            for (Subscription s : catalog.subscriptions()) {
                if (sample.size() == 100) {
                    break;
                }
                sample.add(invoices.forPeriod(s.subscriptionId(), PERIOD).orElseThrow());
            }
            InvoicePdf.render(sample.get(0));
            long pdfStart = System.nanoTime();
            long bytes = 0;
            for (Invoice invoice : sample) {
                bytes += InvoicePdf.render(invoice).length;
            }
            long pdfMs = (System.nanoTime() - pdfStart) / 1_000_000;
            System.out.printf("PDF rendering: %.1f ms per invoice (%d invoices, %,d bytes on average)%n",
                    pdfMs / (double) sample.size(), sample.size(), bytes / sample.size());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static int rateOnly(LedgerUsage usage, InMemoryCatalogStore catalog) {
        Map<UUID, Rater> raters = new HashMap<>();
        Map<PriceListKey, PriceList> lists = new HashMap<>();
        for (Subscription s : catalog.subscriptions()) {
            PriceList list = lists.computeIfAbsent(s.priceListKey(), k -> catalog.priceList(k).orElseThrow());
            raters.put(s.subscriptionId(), Rater.forPeriod(list, catalog.offer(s.offerDurableId()).orElseThrow(),
                    PERIOD));
        }
        usage.scan(PERIOD, usage.maxIngestSeq(), null, (sub, meter, start, quantity) -> raters.get(sub).add(meter,
                start, quantity));
        int count = 0;
        for (Rater rater : raters.values()) {
            RatedPeriod rated = rater.result();
            if (rated.total() != null) {
                count++;
            }
        }
        return count;
    }

    static long load(DuckDbDataSource dataSource, InMemoryCatalogStore catalog, List<UUID> meters, int resources,
            BillingPeriod period, int hours, long firstSeq) throws Exception {
        Random random = new Random(42);
        long seq = firstSeq;
        LocalDateTime reported = LocalDateTime.ofInstant(period.end(), ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection();
                DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("usage_record")) {
            for (Subscription s : catalog.subscriptions()) {
                for (int r = 0; r < resources; r++) {
                    UUID meter = meters.get(r % meters.size());
                    String uri = "/subscriptions/" + s.subscriptionId() + "/resourceGroups/rg/providers/"
                            + "Microsoft.Compute/virtualMachines/vm" + r;
                    for (int h = 0; h < hours; h++) {
                        Instant start = period.start().plus(Duration.ofHours(h));
                        seq++;
                        a.beginRow().append(seq).append("r" + seq).append(s.subscriptionId()).append(meter)
                                .append(BigDecimal.valueOf(500 + random.nextInt(1500), 3).setScale(9))
                                .append(LocalDateTime.ofInstant(start, ZoneOffset.UTC))
                                .append(LocalDateTime.ofInstant(start.plus(Duration.ofHours(1)), ZoneOffset.UTC))
                                .append(uri).append("westeurope").append("{}").append("{}").append(reported)
                                .endRow();
                    }
                }
            }
        }
        return seq - firstSeq;
    }

    /** Seeds the benchmark's catalog: meters with tiers and a mid-month price change, one offer, the subscriptions. */
    static List<UUID> seed(InMemoryCatalogStore catalog, int subscriptionCount, int resources) {
        Instant epoch = Instant.parse("2020-01-01T00:00:00Z");
        List<UUID> ids = new ArrayList<>();
        List<MeterPrice> list = new ArrayList<>();
        for (int m = 0; m < Math.max(resources, 3); m++) {
            UUID id = new UUID(0x5eed, m);
            ids.add(id);
            catalog.putMeter(new Meter(id, "Meter " + m, m % 2 == 0 ? "Virtual Machines" : "Storage", "", "EU West",
                    "1 Hour", List.of()));
            TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
            tiers.put(BigDecimal.ZERO, new BigDecimal("0.096"));
            tiers.put(new BigDecimal("300"), new BigDecimal("0.081"));
            tiers.put(new BigDecimal("600"), new BigDecimal("0.07"));
            list.add(new MeterPrice(id, epoch, new BigDecimal("20"), tiers));
            TreeMap<BigDecimal, BigDecimal> later = new TreeMap<>(tiers);
            later.put(BigDecimal.ZERO, new BigDecimal("0.099"));
            list.add(new MeterPrice(id, Instant.parse("2026-09-15T00:00:00Z"), new BigDecimal("20"), later));
        }
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO,
                List.of(new OfferTerm.MonetaryCredit(epoch, Money.exact("50.00", "USD"), Set.of(ids.get(0))))));
        PriceListKey key = new PriceListKey("MS-AZR-0003P", USD, "US");
        catalog.addPriceVersions(key, list);
        for (int i = 0; i < subscriptionCount; i++) {
            UUID id = new UUID(0xb111, i);
            catalog.putSubscription(new Subscription(id, "Subscription " + i, SubscriptionState.ENABLED,
                    "MS-AZR-0003P", USD, "US", "tenant-" + (i % 10)));
        }
        return ids;
    }
}
