package io.meterwise.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.ProductAttributes;
import io.meterwise.core.estimate.Counterparts;
import io.meterwise.core.estimate.WhatIf;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.testing.InMemoryCatalogStore;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageHistory;
import io.meterwise.core.usage.LedgerUsage;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.jdbc.JdbcLedgerUsage;
import io.meterwise.server.storage.jdbc.JdbcUsageHistory;
import io.meterwise.server.storage.jdbc.SchemaMigrator;

/**
 * A what-if ranking of every region for one subscription (read its month of usage once, rate it as it is and once
 * per region) against one plain rating of the same month as invoices do it ({@link LedgerUsage#scan} + {@link Rater}),
 * in the same run. The catalog has the demo's five regions, each with the same products. Arguments:
 * {@code [records] [runs]}, default 1,000,000 records and 5 alternating runs per side (median reported).
 */
public final class WhatIfBench {

    static final BillingPeriod PERIOD = BillingPeriod.of(2026, 9);
    static final List<String> REGIONS = List.of("belgiumcentral", "francecentral", "northeurope", "swedencentral",
            "westeurope");
    static final int PRODUCTS = 40;
    static final Currency USD = Currency.getInstance("USD");
    static final UUID SUB = new UUID(0x5ab, 1);

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("whatif-bench");
        try (DuckDbDataSource dataSource = DuckDbDataSource.open(dir.resolve("meterwise.duckdb"))) {
            SchemaMigrator.migrate(dataSource);
            InMemoryCatalogStore catalog = new InMemoryCatalogStore();
            List<UUID> westEurope = seed(catalog);
            load(dataSource, westEurope, records);
            PriceList list = catalog.priceList(new PriceListKey("MS-AZR-0003P", USD, "US")).orElseThrow();
            Offer offer = catalog.offer("MS-AZR-0003P").orElseThrow();
            LedgerUsage ledger = new JdbcLedgerUsage(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect());
            UsageHistory history = new JdbcUsageHistory(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect());
            Counterparts counterparts = new Counterparts(catalog.meters());

            long[] plain = new long[runs];
            long[] ranking = new long[runs];
            Money plainTotal = null;
            List<String> order = null;
            for (int run = -1; run < runs; run++) { // run -1 warms both up
                long t0 = System.nanoTime();
                Rater rater = Rater.forPeriod(list, offer, PERIOD);
                ledger.scan(PERIOD, ledger.maxIngestSeq(), SUB, (sub, meter, start, quantity) -> rater.add(meter,
                        start, quantity));
                plainTotal = rater.result().total();
                long t1 = System.nanoTime();
                List<UsageHistory.Slice> usage = new ArrayList<>();
                history.scan(SUB, PERIOD.start(), PERIOD.end(), false, usage::add);
                WhatIf whatIf = new WhatIf(PERIOD, usage, list, offer);
                List<WhatIf.Outcome> outcomes = new ArrayList<>();
                for (String region : counterparts.regions()) {
                    outcomes.add(whatIf.run(new WhatIf.Alternative(region, list, offer,
                            WhatIf.regionMove(counterparts, catalog::meter, region, s -> true))));
                }
                outcomes.sort((a, b) -> a.rated().total().amount().compareTo(b.rated().total().amount()));
                order = outcomes.stream().map(o -> o.name() + " " + o.rated().total().amount()).toList();
                long t2 = System.nanoTime();
                if (!whatIf.actual().total().equals(plainTotal)) {
                    throw new IllegalStateException("what-if actual " + whatIf.actual().total() + " != " + plainTotal);
                }
                if (run >= 0) {
                    plain[run] = (t1 - t0) / 1_000_000;
                    ranking[run] = (t2 - t1) / 1_000_000;
                }
            }
            Arrays.sort(plain);
            Arrays.sort(ranking);
            long p = plain[runs / 2];
            long r = ranking[runs / 2];
            System.out.printf("%,d records, %d regions x %d products; actual total %s%n", records, REGIONS.size(),
                    PRODUCTS, plainTotal);
            System.out.printf("ranking: %s%n", order);
            System.out.printf("plain rating (LedgerUsage.scan + Rater), median of %d: %,d ms%n", runs, p);
            System.out.printf("what-if ranking (1 scan + %d ratings), median of %d: %,d ms%n", REGIONS.size() + 1, runs,
                    r);
            System.out.printf("ranking / plain: %.2f (target <= 1.50)%n", (double) r / p);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Products in every region, priced differently per region; returns the westeurope meters the usage uses. */
    static List<UUID> seed(InMemoryCatalogStore catalog) {
        Instant epoch = Instant.parse("2020-01-01T00:00:00Z");
        Random random = new Random(7);
        List<MeterPrice> prices = new ArrayList<>();
        List<UUID> westEurope = new ArrayList<>();
        for (int r = 0; r < REGIONS.size(); r++) {
            for (int p = 0; p < PRODUCTS; p++) {
                UUID id = new UUID(0x6e00 + r, p);
                String region = REGIONS.get(r);
                catalog.putMeter(new Meter(id, "Size " + p, "Virtual Machines", "", region, "1 Hour", List.of(),
                        new ProductAttributes("Virtual Machines", "", "Compute", "Series " + (p / 5), "", "Size " + p,
                                "", "Standard_S" + p, region, "Consumption", true)));
                TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
                tiers.put(BigDecimal.ZERO, BigDecimal.valueOf(50_000 + random.nextInt(50_000), 6));
                if (p % 8 == 0) {
                    tiers.put(new BigDecimal("5000"), BigDecimal.valueOf(30_000 + random.nextInt(20_000), 6));
                }
                prices.add(new MeterPrice(id, epoch, p % 8 == 0 ? new BigDecimal("100") : BigDecimal.ZERO, tiers));
                if (region.equals("westeurope")) {
                    westEurope.add(id);
                }
            }
        }
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.addPriceVersions(new PriceListKey("MS-AZR-0003P", USD, "US"), prices);
        return westEurope;
    }

    /** {@code records} hourly records of the month over resources each using one meter. */
    static void load(DuckDbDataSource dataSource, List<UUID> meters, int records) throws Exception {
        int hours = (int) Duration.between(PERIOD.start(), PERIOD.end()).toHours();
        int resources = Math.max(1, records / hours);
        Random random = new Random(42);
        LocalDateTime reported = LocalDateTime.ofInstant(PERIOD.end(), ZoneOffset.UTC);
        long seq = 0;
        try (Connection c = dataSource.getConnection();
                DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("usage_record")) {
            for (int h = 0; h < hours && seq < records; h++) {
                Instant start = PERIOD.start().plus(Duration.ofHours(h));
                for (int r = 0; r < resources && seq < records; r++) {
                    seq++;
                    a.beginRow().append(seq).append("r" + seq).append(SUB).append(meters.get(r % meters.size()))
                            .append(BigDecimal.valueOf(500 + random.nextInt(1500), 3).setScale(9))
                            .append(LocalDateTime.ofInstant(start, ZoneOffset.UTC))
                            .append(LocalDateTime.ofInstant(start.plus(Duration.ofHours(1)), ZoneOffset.UTC))
                            .append("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Compute/"
                                    + "virtualMachines/vm" + r).append("westeurope").append("{}").append("{}")
                            .append(reported).endRow();
                }
            }
        }
    }
}
