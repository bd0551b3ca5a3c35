package io.meterwise.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.server.MeterwiseApplication;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.duckdb.DuckDbDialect;
import io.meterwise.server.storage.jdbc.JdbcCatalog;
import io.meterwise.server.storage.jdbc.SchemaMigrator;
import io.meterwise.server.storage.postgres.PostgresDialect;
import io.meterwise.server.testing.EmbeddedPostgresStore;

class IngestCommandTest {

    @TempDir
    Path dataDir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final String day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).toString().substring(0, 10);

    /** The catalog in the store the command will open: the data directory's DuckDB file, or its PostgreSQL database. */
    @BeforeEach
    void catalog() throws Exception {
        if ("postgres".equals(System.getProperty("meterwise.store"))) {
            DataSource db = EmbeddedPostgresStore.dataSource(dataDir);
            PostgresDialect dialect = new PostgresDialect();
            SchemaMigrator.migrate(db, dialect);
            seed(new JdbcCatalog(db, dialect, Clock.systemUTC()));
        } else {
            try (DuckDbDataSource ds = DuckDbDataSource.open(dataDir.resolve("meterwise.duckdb"))) {
                SchemaMigrator.migrate(ds);
                seed(new JdbcCatalog(ds, new DuckDbDialect(), Clock.systemUTC()));
            }
        }
    }

    private static void seed(JdbcCatalog catalog) {
        catalog.putOffer(new Offer("MS-AZR-0003P", "PAYG", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putMeter(new Meter(UsageIngestionIT.METER, "D2", "VM", "", "", "1 Hour", List.of()));
        Subscription sub = new Subscription(UsageIngestionIT.SUB, "Dev", SubscriptionState.ENABLED,
                "MS-AZR-0003P", Currency.getInstance("USD"), "US", "t");
        catalog.putSubscription(sub);
        catalog.addPriceVersion(sub.priceListKey(), MeterPrice.flat(UsageIngestionIT.METER,
                Instant.parse("2020-01-01T00:00:00Z"), BigDecimal.ONE));
    }

    int run(String stdin, String... args) {
        return IngestCommand.run(MeterwiseApplication.class, args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String csv(String id, String quantity) {
        return id + "," + UsageIngestionIT.SUB + "," + UsageIngestionIT.METER + "," + quantity + "," + day
                + "T01:00:00Z," + day + "T02:00:00Z," + UsageIngestionIT.URI_PREFIX + "vm1\n";
    }

    @Test
    void ingestsACsvFileThenCountsDuplicatesFromStdin() throws Exception {
        String body = "recordId,subscriptionId,meterId,quantity,usageStartTime,usageEndTime,resourceUri\n"
                + csv("a", "1") + csv("b", "2");
        Path file = Files.writeString(dataDir.resolve("usage.csv"), body);

        int first = run("", "--file", file.toString(), "--meterwise.data-dir=" + dataDir);
        int second = run(body, "--file", "-", "--format", "csv", "--meterwise.data-dir=" + dataDir);

        assertThat(first).as(err.toString()).isEqualTo(IngestCommand.OK);
        assertThat(second).isEqualTo(IngestCommand.OK);
        assertThat(out.toString()).contains("accepted=2 duplicates=0 rejected=0", "accepted=0 duplicates=2 rejected=0");
    }

    @Test
    void aRejectedBatchPrintsEveryErrorAndExitsNonZero() {
        String body = "recordId,subscriptionId,meterId,quantity,usageStartTime,usageEndTime,resourceUri\n"
                + csv("a", "-1") + csv("", "1");

        int code = run(body, "--file=-", "--format=csv", "--meterwise.data-dir=" + dataDir);

        assertThat(code).isEqualTo(IngestCommand.REJECTED);
        assertThat(err.toString()).contains("line 2 quantity:", "line 3 recordId:", "nothing was stored");
    }

    @Test
    void missingFileArgumentPrintsUsage() {
        assertThat(run("", "--meterwise.data-dir=" + dataDir)).isEqualTo(IngestCommand.USAGE);
        assertThat(err.toString()).contains("Usage: ingest --file");
    }
}
