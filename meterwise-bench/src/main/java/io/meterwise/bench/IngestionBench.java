package io.meterwise.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.core.usage.UsageValidator;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.jdbc.JdbcCatalog;
import io.meterwise.server.storage.duckdb.DuckDbUsageLedger;
import io.meterwise.server.storage.jdbc.SchemaMigrator;
import io.meterwise.server.storage.SortedJson;

/**
 * Ingestion throughput: 1,000,000 generated records appended through {@link DuckDbUsageLedger} (alone, and after
 * {@link UsageValidator}) into fresh DuckDB files, against a plain DuckDB Appender loading the same rows into an
 * identical table. Prints records/s and the ratios. Arguments: [records] [batch size].
 */
public final class IngestionBench {

    private static final Instant NOW = Instant.parse("2026-03-15T00:00:00Z");
    private static final int SUBSCRIPTIONS = 200;
    private static final int METERS = 300;

    private IngestionBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path dir = Files.createTempDirectory("meterwise-ingestion-bench");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<UUID> subscriptions = ids(SUBSCRIPTIONS, 1);
        List<UUID> meters = ids(METERS, 2);
        List<UsageRecord> usage = generate(records, subscriptions, meters);
        System.out.printf("Ingestion bench: %,d records in batches of %,d, %d cores, JVM %s%n", records, batchSize,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        double ledgerOnly = 0;
        double validated = 0;
        double plain = 0;
        for (int round = 1; round <= 2; round++) { // round 1 warms the JIT; round 2 is reported
            ledgerOnly = runLedger(dir.resolve("ledger-" + round + ".duckdb"), usage, batchSize, clock, subscriptions,
                    meters, false);
            validated = runLedger(dir.resolve("validated-" + round + ".duckdb"), usage, batchSize, clock,
                    subscriptions, meters, true);
            plain = runPlainAppender(dir.resolve("plain-" + round + ".duckdb"), usage, batchSize);
        }
        System.out.printf("ledger only          %,12.0f records/s%n", ledgerOnly);
        System.out.printf("validate + ledger    %,12.0f records/s%n", validated);
        System.out.printf("plain DuckDB Appender %,11.0f records/s%n", plain);
        System.out.printf("ratio ledger/plain %.2f, validate+ledger/plain %.2f (targets: ledger >= 80,000/s and "
                + ">= 0.25 of plain)%n", ledgerOnly / plain, validated / plain);
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    private static double runLedger(Path file, List<UsageRecord> usage, int batchSize, Clock clock,
            List<UUID> subscriptions, List<UUID> meters, boolean validate) throws Exception {
        try (DuckDbDataSource ds = DuckDbDataSource.open(file)) {
            SchemaMigrator.migrate(ds);
            JdbcCatalog catalog = catalog(ds, clock, subscriptions, meters);
            try (DuckDbUsageLedger ledger = new DuckDbUsageLedger(ds, clock)) {
                long started = System.nanoTime();
                long accepted = 0;
                for (int from = 0; from < usage.size(); from += batchSize) {
                    List<UsageRecord> batch = usage.subList(from, Math.min(usage.size(), from + batchSize));
                    if (validate && !new UsageValidator(catalog, NOW).validate(batch).isEmpty()) {
                        throw new IllegalStateException("generated records must be valid");
                    }
                    IngestionResult result = ledger.append(batch);
                    accepted += result.accepted();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                check(ds, accepted, usage.size());
                return usage.size() / seconds;
            }
        }
    }

    private static double runPlainAppender(Path file, List<UsageRecord> usage, int batchSize) throws Exception {
        try (DuckDbDataSource ds = DuckDbDataSource.open(file)) {
            SchemaMigrator.migrate(ds);
            long started = System.nanoTime();
            long seq = 0;
            try (Connection c = ds.getConnection()) {
                for (int from = 0; from < usage.size(); from += batchSize) {
                    c.setAutoCommit(false);
                    try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("main", "usage_record")) {
                        for (UsageRecord r : usage.subList(from, Math.min(usage.size(), from + batchSize))) {
                            a.beginRow().append(++seq).append(r.recordId()).append(r.subscriptionId())
                                    .append(r.meterId()).append(r.quantity().setScale(9))
                                    .appendEpochMicros(micros(r.usageStart())).appendEpochMicros(micros(r.usageEnd()))
                                    .append(r.resourceUri()).append(r.location()).append(SortedJson.of(r.tags()))
                                    .append(SortedJson.of(r.additionalInfo())).appendEpochMicros(micros(NOW)).endRow();
                        }
                    }
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            check(ds, seq, usage.size());
            return usage.size() / seconds;
        }
    }

    private static void check(DuckDbDataSource ds, long accepted, int expected) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM usage_record")) {
            rs.next();
            if (accepted != expected || rs.getLong(1) != expected) {
                throw new IllegalStateException("stored " + rs.getLong(1) + " of " + expected);
            }
        }
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    private static JdbcCatalog catalog(DuckDbDataSource ds, Clock clock, List<UUID> subscriptions, List<UUID> meters) {
        JdbcCatalog catalog = new JdbcCatalog(ds, new io.meterwise.server.storage.duckdb.DuckDbDialect(), clock);
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        Subscription first = null;
        for (int i = 0; i < subscriptions.size(); i++) {
            Subscription s = new Subscription(subscriptions.get(i), "Subscription " + i, SubscriptionState.ENABLED,
                    "MS-AZR-0003P", Currency.getInstance("USD"), "US", "tenant-" + (i % 10));
            catalog.putSubscription(s);
            first = s;
        }
        List<MeterPrice> prices = new ArrayList<>();
        for (int i = 0; i < meters.size(); i++) {
            catalog.putMeter(new Meter(meters.get(i), "Meter " + i, "Virtual Machines", "Dv3", "US East", "1 Hour",
                    List.of()));
            prices.add(MeterPrice.flat(meters.get(i), Instant.parse("2025-01-01T00:00:00Z"), new BigDecimal("0.096")));
        }
        catalog.addPriceVersions(first.priceListKey(), prices);
        return catalog;
    }

    /** Hourly usage of VMs over the month before {@link #NOW}, with resource ids and a few tags each. */
    static List<UsageRecord> generate(int count, List<UUID> subscriptions, List<UUID> meters) {
        SplittableRandom random = new SplittableRandom(42);
        Instant start = NOW.minus(30, ChronoUnit.DAYS);
        String[] envs = {"prod", "staging", "dev", "test"};
        String[] teams = {"payments", "search", "checkout", "platform", "data", "identity"};
        List<UsageRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            UUID sub = subscriptions.get(random.nextInt(subscriptions.size()));
            UUID meter = meters.get(random.nextInt(meters.size()));
            int vm = random.nextInt(5000);
            Instant from = start.plus(random.nextInt(30 * 24), ChronoUnit.HOURS);
            String uri = "/subscriptions/" + sub + "/resourceGroups/rg-" + teams[vm % teams.length]
                    + "/providers/Microsoft.Compute/virtualMachines/vm-" + vm;
            BigDecimal quantity = BigDecimal.valueOf(random.nextInt(1, 1_000_000_000), 9);
            records.add(new UsageRecord("rec-" + i + "-" + Long.toHexString(random.nextLong()), sub, meter, quantity,
                    from, from.plus(1, ChronoUnit.HOURS), uri, "eastus",
                    Map.of("env", envs[vm % envs.length], "team", teams[vm % teams.length], "costCenter",
                            "CC-" + (1000 + vm % 37)),
                    Map.of("ImageType", "Canonical", "ServiceType", "Standard_D2_v3"), NOW));
        }
        return records;
    }

    static List<UUID> ids(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()));
        }
        return ids;
    }
}
