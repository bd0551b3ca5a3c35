package io.meterwise.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.duckdb.DuckDbUsageLedger;
import io.meterwise.server.storage.jdbc.SchemaMigrator;
import io.meterwise.server.storage.postgres.PostgresDialect;
import io.meterwise.server.storage.postgres.PostgresUsageLedger;

/**
 * Whether the duplicate check grows with the ledger: the rate of appending the same batches of new records into an
 * empty ledger and into one pre-filled with {@code ledgerSize} records, per store. The pre-fill is bulk SQL (not the
 * ingestion path, which is what is measured), with the derived keys the ledger keeps. Arguments:
 * {@code <ledgerSize> <batch> <reps> duckdb|postgres|both}. Target: filled/empty >= 0.7. A first empty run warms
 * the JIT and is not reported.
 */
public final class LedgerGrowthBench {

    private static final Instant NOW = Instant.parse("2026-03-15T00:00:00Z");

    private LedgerGrowthBench() {
    }

    public static void main(String[] args) throws Exception {
        long ledgerSize = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String stores = args.length > 3 ? args[3] : "both";
        List<UsageRecord> usage = IngestionBench.generate(batch * (reps + 1), IngestionBench.ids(200, 1),
                IngestionBench.ids(300, 2));
        System.out.printf("Ledger growth bench: %,d stored records, %d batches of %,d (+1 warm-up), %d cores%n",
                ledgerSize, reps, batch, Runtime.getRuntime().availableProcessors());
        if (stores.equals("duckdb") || stores.equals("both")) {
            Path dir = Files.createTempDirectory("meterwise-ledger-growth");
            duckdb(dir.resolve("warm-up.duckdb"), 0, usage, batch); // warms the JIT, not reported
            double empty = duckdb(dir.resolve("empty.duckdb"), 0, usage, batch);
            double filled = duckdb(dir.resolve("filled.duckdb"), ledgerSize, usage, batch);
            report("DuckDB", empty, filled);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        if (stores.equals("postgres") || stores.equals("both")) {
            try (BenchPostgres postgres = new BenchPostgres()) {
                try (HikariDataSource db = postgres.database()) {
                    postgres(db, 0, usage, batch); // warms the JIT and the server, not reported
                }
                double empty;
                try (HikariDataSource db = postgres.database()) {
                    empty = postgres(db, 0, usage, batch);
                }
                double filled;
                try (HikariDataSource db = postgres.database()) {
                    filled = postgres(db, ledgerSize, usage, batch);
                }
                report("PostgreSQL", empty, filled);
            }
        }
    }

    private static void report(String store, double empty, double filled) {
        System.out.printf("%-10s empty %,10.0f records/s, filled %,10.0f records/s, ratio %.2f (target >= 0.7)%n",
                store, empty, filled, filled / empty);
    }

    private static double duckdb(Path file, long ledgerSize, List<UsageRecord> usage, int batch) throws Exception {
        try (DuckDbDataSource ds = DuckDbDataSource.open(file)) {
            SchemaMigrator.migrate(ds);
            long started = System.nanoTime();
            execute(ds, "INSERT INTO usage_record SELECT i, 'fill-' || i, " + FILL_COLUMNS + " FROM range(1, "
                    + (ledgerSize + 1) + ") t(i)");
            execute(ds, "INSERT INTO usage_record_key SELECT " + DuckDbUsageLedger.fingerprint("record_id")
                    + ", ingest_seq FROM usage_record");
            execute(ds, "CHECKPOINT");
            printFill(ledgerSize, started);
            try (DuckDbUsageLedger ledger = new DuckDbUsageLedger(ds, Clock.fixed(NOW, ZoneOffset.UTC))) {
                return append(ledger, usage, batch, ds, ledgerSize);
            }
        }
    }

    private static double postgres(HikariDataSource db, long ledgerSize, List<UsageRecord> usage, int batch)
            throws Exception {
        long started = System.nanoTime();
        execute(db, "INSERT INTO usage_record SELECT i, 'fill-' || i, " + FILL_COLUMNS
                + " FROM generate_series(1, " + ledgerSize + ") i");
        execute(db, "VACUUM ANALYZE usage_record");
        printFill(ledgerSize, started);
        return append(new PostgresUsageLedger(db, new PostgresDialect()), usage, batch, db, ledgerSize);
    }

    /** Columns after ingest_seq and record_id of a pre-filled record; {@code i} is its number. */
    private static final String FILL_COLUMNS = "'" + new UUID(1, 1) + "'::UUID, '" + new UUID(2, 2) + "'::UUID, "
            + "CAST(i % 1000 AS DECIMAL(38, 9)) / 7, TIMESTAMP '2026-01-01 00:00:00' + (i % 2000) * INTERVAL '1 hour', "
            + "TIMESTAMP '2026-01-01 01:00:00' + (i % 2000) * INTERVAL '1 hour', "
            + "'/subscriptions/x/resourceGroups/rg-' || (i % 50) || '/providers/Microsoft.Compute/virtualMachines/vm-' "
            + "|| (i % 5000), 'eastus', '{\"env\":\"prod\",\"team\":\"data\"}', '{\"ImageType\":\"Canonical\"}', "
            + "TIMESTAMP '2026-03-01 00:00:00'";

    private static void printFill(long ledgerSize, long started) {
        if (ledgerSize > 0) {
            System.out.printf("  pre-filled %,d records in %.1f s%n", ledgerSize, (System.nanoTime() - started) / 1e9);
        }
    }

    /** Appends the first batch (warm-up), then times the others; returns records/s of the timed ones. */
    private static double append(UsageLedger ledger, List<UsageRecord> usage, int batch, DataSource ds,
            long ledgerSize) throws Exception {
        ledger.append(usage.subList(0, batch));
        long started = System.nanoTime();
        long accepted = 0;
        for (int from = batch; from < usage.size(); from += batch) {
            IngestionResult result = ledger.append(usage.subList(from, from + batch));
            accepted += result.accepted();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (accepted != usage.size() - batch || count(ds) != ledgerSize + usage.size()) {
            throw new IllegalStateException("accepted " + accepted + ", stored " + count(ds));
        }
        IngestionResult again = ledger.append(usage.subList(batch, 2 * batch));
        if (again.duplicates() != batch) {
            throw new IllegalStateException("a re-sent batch must be all duplicates: " + again);
        }
        return accepted / seconds;
    }

    private static void execute(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM usage_record")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
