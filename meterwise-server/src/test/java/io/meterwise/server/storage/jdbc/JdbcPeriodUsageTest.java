package io.meterwise.server.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterwise.core.cost.PeriodUsage;
import io.meterwise.core.cost.PeriodUsage.RecordKey;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.duckdb.DuckDbDialect;
import io.meterwise.server.storage.duckdb.DuckDbUsageLedger;
import io.meterwise.server.storage.postgres.PostgresDialect;
import io.meterwise.server.storage.postgres.PostgresUsageLedger;
import io.meterwise.server.testing.EmbeddedPostgresStore;

/**
 * The store's one-statement aggregation of usage per meter, time bucket and record keys gives exactly what the port
 * defines from the records ({@link PeriodUsage#bucketedQuantities}, {@link RecordKey#valueOf}), also for awkward
 * resource ids and tag spellings, hourly and daily buckets, buckets summed per usage start and windows, on both stores
 * (each through its {@link SqlDialect}).
 */
class JdbcPeriodUsageTest {

    static final Instant NOW = Instant.parse("2026-03-20T12:00:00Z");
    static final UUID SUB = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f1");
    static final UUID METER_A = UUID.fromString("11111111-1111-1111-1111-111111111111");
    static final UUID METER_B = UUID.fromString("22222222-2222-2222-2222-222222222222");
    static final BillingPeriod MARCH = BillingPeriod.of(2026, 3);

    @TempDir
    Path dir;

    DuckDbDataSource duckDb;
    DuckDbUsageLedger duckDbLedger;

    @AfterEach
    void close() throws Exception {
        if (duckDbLedger != null) {
            duckDbLedger.close();
            duckDb.close();
        }
    }

    @Test
    void onDuckDb() throws Exception {
        duckDb = DuckDbDataSource.open(dir.resolve("meterwise.duckdb"));
        SchemaMigrator.migrate(duckDb, new DuckDbDialect());
        duckDbLedger = new DuckDbUsageLedger(duckDb, Clock.fixed(NOW, ZoneOffset.UTC));
        keyedQuantitiesEqualTheKeysDefinedOnRecords(duckDbLedger, new JdbcPeriodUsage(duckDb, new DuckDbDialect()));
    }

    @Test
    void onPostgres() throws Exception {
        DataSource postgres = EmbeddedPostgresStore.dataSource(dir);
        SchemaMigrator.migrate(postgres, new PostgresDialect());
        keyedQuantitiesEqualTheKeysDefinedOnRecords(new PostgresUsageLedger(postgres, new PostgresDialect()),
                new JdbcPeriodUsage(postgres, new PostgresDialect()));
    }

    void keyedQuantitiesEqualTheKeysDefinedOnRecords(UsageLedger ledger, PeriodUsage usage) {
        List<String> uris = List.of("/subscriptions/" + SUB + "/resourceGroups/Web/providers/Microsoft.Compute/vm/a",
                "/subscriptions/" + SUB + "/resourcegroups/web/providers/Microsoft.Compute/vm/b",
                "/subscriptions/" + SUB + "/RESOURCEGROUPS/batch",
                "/subscriptions/" + SUB + "/resourceGroups//providers/x/y/z",
                "/subscriptions/" + SUB + "/providers/Microsoft.Billing/x",
                "/subscriptions/" + SUB + "/myresourceGroups/not/resourceGroups/real/providers/a/b/c",
                "resourceGroups/first/resourceGroups/second", "");
        List<Map<String, String>> tags = List.of(Map.of(), Map.of("env", "prod"), Map.of("Env", "Test"),
                Map.of("ENV", "dev", "team", "a b"), Map.of("env", "", "Team", "o'brien"), Map.of("team", "x"), Map.of("équipe", "bleu"));
        List<UsageRecord> records = new ArrayList<>();
        int n = 0;
        for (String uri : uris) {
            for (Map<String, String> t : tags) {
                for (UUID meter : List.of(METER_A, METER_B)) {
                    // hours of the first four days, some at the same instant
                    Instant start = MARCH.start().plusSeconds(3600L * (n % 5) + 86_400L * (n / 2 % 4));
                    records.add(new UsageRecord("r" + n, SUB, meter, new BigDecimal(n % 7 + 1).movePointLeft(n % 3),
                            start, start.plusSeconds(3600), uri, n % 2 == 0 ? "eastus" : "westeurope", t, Map.of(),
                            start.plusSeconds(7200)));
                    n++;
                }
            }
        }
        assertThat(ledger.append(records).errors()).isEmpty();
        PeriodUsage reference = fromRecords(usage);
        long upTo = usage.position();
        List<List<RecordKey>> keyLists = List.of(List.of(), List.of(new RecordKey.ResourceGroup()),
                List.of(new RecordKey.ResourceId(), new RecordKey.Location()),
                List.of(new RecordKey.Tag("env"), new RecordKey.ResourceGroup()),
                List.of(new RecordKey.Tag("team"), new RecordKey.Tag("Env")), List.of(new RecordKey.Tag("o\"dd")),
                List.of(new RecordKey.Tag("te'am")), List.of(new RecordKey.Tag("ÉQUIPE"), new RecordKey.Tag("env")));
        Map<UUID, Set<Instant>> none = Map.of();
        for (List<RecordKey> keys : keyLists) {
            for (ChronoUnit unit : List.of(ChronoUnit.HOURS, ChronoUnit.DAYS)) {
                assertThat(keyed(usage, keys, upTo, unit, none)).as(keys + " " + unit)
                        .isEqualTo(keyed(reference, keys, upTo, unit, none));
            }
        }
        assertThat(keyed(usage, List.of(new RecordKey.ResourceGroup()), upTo, ChronoUnit.HOURS, none).keySet())
                .extracting(k -> k.get(2)).contains("Web", "web", "batch", "", "real", "first");
        // some (meter, bucket) pairs summed per usage start, and a window cutting the period
        Map<UUID, Set<Instant>> byStart = Map.of(METER_A, Set.of(MARCH.start(), MARCH.start().plusSeconds(86_400)),
                METER_B, Set.of(MARCH.start().plusSeconds(2 * 86_400)));
        for (List<RecordKey> keys : keyLists.subList(0, 4)) {
            Map<List<String>, BigDecimal> stored = keyed(usage, keys, upTo, ChronoUnit.DAYS, byStart);
            assertThat(stored).as(keys.toString()).isEqualTo(keyed(reference, keys, upTo, ChronoUnit.DAYS, byStart));
            assertThat(stored.keySet()).extracting(k -> k.get(1)).contains(MARCH.start().plusSeconds(3600).toString(),
                    MARCH.start().plusSeconds(3 * 86_400).toString());
        }
        Instant from = MARCH.start().plusSeconds(86_400 + 7200);
        Instant to = MARCH.start().plusSeconds(3 * 86_400 + 3600);
        List<RecordKey> rg = List.of(new RecordKey.ResourceGroup());
        assertThat(keyed(usage, rg, upTo, ChronoUnit.DAYS, byStart, from, to))
                .isEqualTo(keyed(reference, rg, upTo, ChronoUnit.DAYS, byStart, from, to)).isNotEmpty();
        recordsWithoutDetailsAreTheRecordsInTheirOrder(usage, upTo);
        // a later batch with a resource and tags of its own: a read up to the earlier position leaves it out
        Instant start = MARCH.start().plusSeconds(3600);
        assertThat(ledger.append(List.of(new UsageRecord("late", SUB, METER_A, BigDecimal.ONE, start,
                start.plusSeconds(3600), "/subscriptions/" + SUB + "/resourceGroups/aaa-late/providers/x/y", "eastus",
                Map.of("env", "late"), Map.of(), start.plusSeconds(7200)))).errors()).isEmpty();
        recordsWithoutDetailsAreTheRecordsInTheirOrder(usage, upTo);
        recordsWithoutDetailsAreTheRecordsInTheirOrder(usage, usage.position());
    }

    /** The export's narrower read gives the same records in the same allocation order, minus id and details. */
    static void recordsWithoutDetailsAreTheRecordsInTheirOrder(PeriodUsage usage, long upTo) {
        List<List<Object>> full = new ArrayList<>();
        usage.records(SUB, MARCH, upTo, r -> full.add(List.of(r.meterId(), r.quantity().stripTrailingZeros(),
                r.usageStart(), r.usageEnd(), r.resourceUri(), r.location(), r.tags())));
        List<List<Object>> lean = new ArrayList<>();
        usage.recordsWithoutDetails(SUB, MARCH, upTo, r -> lean.add(List.of(r.meterId(),
                r.quantity().stripTrailingZeros(), r.usageStart(), r.usageEnd(), r.resourceUri(), r.location(),
                r.tags())));
        assertThat(full).hasSizeGreaterThan(50);
        assertThat(lean).containsExactlyElementsOf(full);
    }

    /** Every group as [meter, start, values...] with its quantity, compared by value. */
    static Map<List<String>, BigDecimal> keyed(PeriodUsage store, List<RecordKey> keys, long upTo, ChronoUnit unit,
            Map<UUID, Set<Instant>> byStart) {
        return keyed(store, keys, upTo, unit, byStart, MARCH.start(), MARCH.end());
    }

    static Map<List<String>, BigDecimal> keyed(PeriodUsage store, List<RecordKey> keys, long upTo, ChronoUnit unit,
            Map<UUID, Set<Instant>> byStart, Instant from, Instant to) {
        Map<List<String>, BigDecimal> result = new HashMap<>();
        store.bucketedQuantities(SUB, MARCH, upTo, from, to, unit, byStart, keys, (meter, start, values, quantity) -> {
            List<String> key = new ArrayList<>();
            key.add(meter.toString());
            key.add(start.toString());
            values.forEach(v -> key.add(v == null ? "<absent>" : v));
            assertThat(result.put(key, quantity.stripTrailingZeros())).as("one row per group " + key).isNull();
        });
        return result;
    }

    /** The port's own definition over the same records. */
    static PeriodUsage fromRecords(PeriodUsage store) {
        return new PeriodUsage() {
            @Override
            public long position() {
                return store.position();
            }

            @Override
            public void records(UUID subscriptionId, BillingPeriod period, long upTo, Consumer<UsageRecord> sink) {
                store.records(subscriptionId, period, upTo, sink);
            }
        };
    }
}
