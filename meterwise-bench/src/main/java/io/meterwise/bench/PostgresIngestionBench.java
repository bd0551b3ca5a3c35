package io.meterwise.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;

import io.meterwise.core.usage.UsageRecord;
import io.meterwise.server.storage.SortedJson;
import io.meterwise.server.storage.postgres.PostgresDialect;
import io.meterwise.server.storage.postgres.PostgresUsageLedger;

/**
 * Ingestion on PostgreSQL: {@code records} generated records appended through {@link PostgresUsageLedger} in batches
 * into a fresh database, against a plain {@code COPY} of the same rows, in the same batches, into the same table (with
 * its indexes) of another fresh database on the same embedded server. Round 1 warms the JIT; round 2 is reported.
 * Arguments: [records] [batch size]. Target: ledger/COPY >= 0.3.
 */
public final class PostgresIngestionBench {

    private PostgresIngestionBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        List<UsageRecord> usage = IngestionBench.generate(records, IngestionBench.ids(200, 1),
                IngestionBench.ids(300, 2));
        System.out.printf("PostgreSQL ingestion bench: %,d records in batches of %,d, %d cores, JVM %s%n", records,
                batchSize, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        double ledger = 0;
        double copy = 0;
        try (BenchPostgres postgres = new BenchPostgres()) {
            for (int round = 1; round <= 2; round++) {
                try (HikariDataSource db = postgres.database()) {
                    ledger = ledger(db, usage, batchSize);
                }
                try (HikariDataSource db = postgres.database()) {
                    copy = copy(db, usage, batchSize);
                }
            }
        }
        System.out.printf("ledger (COPY to staging, duplicate check, insert)  %,10.0f records/s%n", ledger);
        System.out.printf("plain COPY into usage_record                       %,10.0f records/s%n", copy);
        System.out.printf("ratio ledger/COPY %.2f (target >= 0.3)%n", ledger / copy);
    }

    private static double ledger(HikariDataSource db, List<UsageRecord> usage, int batchSize) throws Exception {
        PostgresUsageLedger ledger = new PostgresUsageLedger(db, new PostgresDialect());
        long started = System.nanoTime();
        long accepted = 0;
        for (int from = 0; from < usage.size(); from += batchSize) {
            accepted += ledger.append(usage.subList(from, Math.min(usage.size(), from + batchSize))).accepted();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        check(db, accepted, usage.size());
        return usage.size() / seconds;
    }

    /** The same rows, formatted and copied in the same batches, each in its own transaction; no checks. */
    private static double copy(HikariDataSource db, List<UsageRecord> usage, int batchSize) throws Exception {
        PostgresDialect dialect = new PostgresDialect();
        List<String> columns = List.of("ingest_seq", "record_id", "subscription_id", "meter_id", "quantity",
                "usage_start", "usage_end", "resource_uri", "location", "tags_json", "additional_info_json",
                "reported_at");
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        long started = System.nanoTime();
        long seq = 0;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            for (int from = 0; from < usage.size(); from += batchSize) {
                List<Object[]> rows = new ArrayList<>(batchSize);
                for (UsageRecord r : usage.subList(from, Math.min(usage.size(), from + batchSize))) {
                    rows.add(new Object[] {++seq, r.recordId(), r.subscriptionId(), r.meterId(),
                        r.quantity().setScale(9), LocalDateTime.ofInstant(r.usageStart(), ZoneOffset.UTC),
                        LocalDateTime.ofInstant(r.usageEnd(), ZoneOffset.UTC), r.resourceUri(), r.location(),
                        SortedJson.of(r.tags()), SortedJson.of(r.additionalInfo()), now});
                }
                dialect.copyRows(c, "usage_record", columns, rows);
                c.commit();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        check(db, seq, usage.size());
        return usage.size() / seconds;
    }

    private static void check(HikariDataSource db, long accepted, int expected) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM usage_record")) {
            rs.next();
            if (accepted != expected || rs.getLong(1) != expected) {
                throw new IllegalStateException("stored " + rs.getLong(1) + " of " + expected);
            }
        }
    }
}
