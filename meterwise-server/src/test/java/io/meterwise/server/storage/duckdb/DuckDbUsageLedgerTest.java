package io.meterwise.server.storage.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterwise.core.usage.IngestionResult;
import io.meterwise.server.storage.jdbc.SchemaMigrator;
import io.meterwise.core.usage.UsageRecord;

class DuckDbUsageLedgerTest {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final UUID SUB = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    static final UUID METER = UUID.fromString("11111111-1111-1111-1111-111111111111");

    @TempDir
    Path dir;

    DuckDbDataSource dataSource;
    DuckDbUsageLedger ledger;

    @BeforeEach
    void open() throws Exception {
        dataSource = DuckDbDataSource.open(dir.resolve("meterwise.duckdb"));
        SchemaMigrator.migrate(dataSource);
        ledger = new DuckDbUsageLedger(dataSource, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
        dataSource.close();
    }

    static UsageRecord record(String id, String quantity) {
        return new UsageRecord(id, SUB, METER, new BigDecimal(quantity), Instant.parse("2026-03-09T10:00:00Z"),
                Instant.parse("2026-03-09T11:00:00Z"), "/subscriptions/" + SUB + "/resourceGroups/rg/providers/P/t/n",
                "eastus", Map.of("z", "last", "a", "fi\"rst"), Map.of("k", "v"), Instant.parse("2026-03-09T12:00:00Z"));
    }

    List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join("|", cols));
            }
        }
        return rows;
    }

    @Test
    void storesABatchDurablyWithSequenceStampAndSortedJson() throws Exception {
        IngestionResult result = ledger.append(List.of(record("a", "1.5"), record("b", "2"), record("a", "1.50")));

        assertThat(result).isEqualTo(new IngestionResult(2, 1, 0, List.of()));
        ledger.close();
        dataSource.close();
        open();
        assertThat(rows("SELECT ingest_seq, record_id, quantity, tags_json, additional_info_json, reported_at "
                + "FROM usage_record ORDER BY ingest_seq")).containsExactly(
                        "1|a|1.500000000|{\"a\":\"fi\\\"rst\",\"z\":\"last\"}|{\"k\":\"v\"}|2026-03-10 12:00:00.0",
                        "2|b|2.000000000|{\"a\":\"fi\\\"rst\",\"z\":\"last\"}|{\"k\":\"v\"}|2026-03-10 12:00:00.0");
        assertThat(ledger.append(List.of(record("c", "3"))).accepted()).isEqualTo(1);
        assertThat(rows("SELECT max(ingest_seq) FROM usage_record")).containsExactly("3");
    }

    @Test
    void resendingIsDuplicatesAndAppendAsReportedAtKeepsTheReportTime() throws Exception {
        assertThat(ledger.appendAsReportedAt(List.of(record("a", "1"), record("b", "2"))).accepted()).isEqualTo(2);

        IngestionResult again = ledger.append(List.of(record("b", "2.0"), record("a", "1"), record("c", "3")));

        assertThat(again).isEqualTo(new IngestionResult(1, 2, 0, List.of()));
        assertThat(rows("SELECT ingest_seq, record_id, reported_at FROM usage_record ORDER BY ingest_seq"))
                .containsExactly("1|a|2026-03-09 12:00:00.0", "2|b|2026-03-09 12:00:00.0", "3|c|2026-03-10 12:00:00.0");
    }

    @Test
    void aConflictRejectsTheWholeBatchAndStoresNothing() throws Exception {
        ledger.append(List.of(record("a", "1"), record("b", "2")));

        IngestionResult result = ledger.append(List.of(record("new", "1"), record("b", "2"), record("a", "9")));

        assertThat(result.accepted()).isZero();
        assertThat(result.rejected()).isEqualTo(3);
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.reason()).contains("conflict").contains("'a'");
        });
        assertThat(rows("SELECT record_id FROM usage_record ORDER BY ingest_seq")).containsExactly("a", "b");
    }

    @Test
    void aConflictInsideTheBatchRejectsIt() throws Exception {
        IngestionResult result = ledger.append(List.of(record("a", "1"), record("a", "2")));

        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(2));
        assertThat(rows("SELECT count(*) FROM usage_record")).containsExactly("0");
    }

    @Test
    void watermarkIsTheClock() {
        assertThat(ledger.watermark()).isEqualTo(NOW);
    }

    void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String fingerprint(String recordId) {
        return DuckDbUsageLedger.FINGERPRINT.formatted("'" + recordId + "'");
    }

    @Test
    void eachStoredRecordGetsItsKeyAndTheDuplicateProbeGoesThroughTheKeys() throws Exception {
        ledger.append(List.of(record("a", "1"), record("b", "2")));
        ledger.append(List.of(record("b", "2"), record("c", "3")));

        assertThat(rows("SELECT k.ingest_seq, u.record_id FROM usage_record_key k JOIN usage_record u "
                + "ON u.ingest_seq = k.ingest_seq AND k.fingerprint = " + DuckDbUsageLedger.FINGERPRINT
                        .formatted("u.record_id") + " ORDER BY 1")).containsExactly("1|a", "2|b", "3|c");

        execute("DELETE FROM usage_record_key WHERE fingerprint = " + fingerprint("a"));
        assertThat(ledger.append(List.of(record("a", "1"), record("b", "2"))))
                .as("without its key a stored record is not probed: the ledger is never scanned by record id")
                .isEqualTo(new IngestionResult(1, 1, 0, List.of()));
    }

    @Test
    void aFingerprintCollisionKeepsBothRecords() throws Exception {
        ledger.append(List.of(record("a", "1")));
        // "a" stored under the fingerprint of "b": a stored record whose key collides with the next one's
        execute("UPDATE usage_record_key SET fingerprint = " + fingerprint("b"));

        IngestionResult collided = ledger.append(List.of(record("b", "7")));
        IngestionResult resent = ledger.append(List.of(record("b", "7")));
        IngestionResult conflicting = ledger.append(List.of(record("b", "8")));

        assertThat(collided).isEqualTo(new IngestionResult(1, 0, 0, List.of()));
        assertThat(resent).isEqualTo(new IngestionResult(0, 1, 0, List.of()));
        assertThat(conflicting.errors()).singleElement().satisfies(e -> assertThat(e.reason()).contains("'b'"));
        assertThat(rows("SELECT record_id, quantity FROM usage_record ORDER BY ingest_seq"))
                .containsExactly("a|1.000000000", "b|7.000000000");
        assertThat(rows("SELECT count(*) FROM usage_record_key WHERE fingerprint = " + fingerprint("b")))
                .containsExactly("2");
    }

    @Test
    void theMigrationAddingTheKeysKeysTheRecordsAlreadyStored() throws Exception {
        ledger.append(List.of(record("a", "1"), record("b", "2")));
        ledger.close();
        // back to the schema before the key table, as a deployment that stored records before it existed, then its
        // script as the migrator runs it (later migrations exist, so the migrator itself would not run it again)
        execute("DROP TABLE usage_record_key");
        for (String statement : migrationScript("usage_record_key").split(";\\s*(\\r?\\n|$)")) {
            if (!statement.isBlank()) {
                execute(statement);
            }
        }
        ledger = new DuckDbUsageLedger(dataSource, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(rows("SELECT ingest_seq FROM usage_record_key ORDER BY 1")).containsExactly("1", "2");
        assertThat(ledger.append(List.of(record("b", "2"), record("a", "1"), record("c", "3"))))
                .isEqualTo(new IngestionResult(1, 2, 0, List.of()));
    }

    void reopen(FingerprintFilter.Sizing sizing) throws Exception {
        ledger.close();
        ledger = new DuckDbUsageLedger(dataSource, Clock.fixed(NOW, ZoneOffset.UTC), sizing);
    }

    long storedFingerprint(String recordId) throws Exception {
        return Long.parseLong(rows("SELECT " + fingerprint(recordId)).get(0));
    }

    @Test
    void aBatchOfNewRecordsSkipsTheKeyTableAndAResentOneProbesIt() throws Exception {
        ledger.append(List.of(record("a", "1"), record("b", "2")));
        ledger.append(List.of(record("c", "3"), record("d", "4")));

        assertThat(ledger.keyProbes()).as("no fingerprint of a new batch was in the filter").isZero();
        assertThat(ledger.append(List.of(record("c", "3"), record("e", "5"))))
                .isEqualTo(new IngestionResult(1, 1, 0, List.of()));
        assertThat(ledger.keyProbes()).isEqualTo(1);
        assertThat(ledger.filter().count()).isEqualTo(5);
    }

    @Test
    void duplicatesAndConflictsAreFoundAfterReopeningFromTheRebuiltFilter() throws Exception {
        ledger.append(List.of(record("a", "1"), record("b", "2")));
        ledger.close();
        dataSource.close();
        open();

        IngestionResult conflicting = ledger.append(List.of(record("c", "3"), record("b", "9")));
        IngestionResult resent = ledger.append(List.of(record("a", "1"), record("c", "3")));

        assertThat(conflicting.errors()).singleElement().satisfies(e -> assertThat(e.reason()).contains("'b'"));
        assertThat(resent).isEqualTo(new IngestionResult(1, 1, 0, List.of()));
        assertThat(ledger.filter().mightContain(storedFingerprint("a"))).isTrue();
        assertThat(rows("SELECT ingest_seq, record_id FROM usage_record ORDER BY 1"))
                .containsExactly("1|a", "2|b", "3|c");
    }

    @Test
    void aFalsePositiveOfTheFilterOnlyCostsAProbe() throws Exception {
        // one bit per record and one hash: the 64-bit filter is nearly half set by 40 records
        reopen(new FingerprintFilter.Sizing(64, 1.5, 1, 1));
        List<UsageRecord> stored = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stored.add(record("s-" + i, "1"));
        }
        ledger.append(stored);
        String falsePositive = null;
        for (int i = 0; falsePositive == null && i < 1000; i++) {
            if (ledger.filter().mightContain(storedFingerprint("new-" + i))) {
                falsePositive = "new-" + i;
            }
        }
        assertThat(falsePositive).isNotNull();
        long probes = ledger.keyProbes();

        IngestionResult result = ledger.append(List.of(record(falsePositive, "7")));

        assertThat(result).isEqualTo(new IngestionResult(1, 0, 0, List.of()));
        assertThat(ledger.keyProbes()).isEqualTo(probes + 1);
        assertThat(ledger.append(List.of(record(falsePositive, "7"), record("s-3", "1"))))
                .isEqualTo(new IngestionResult(0, 2, 0, List.of()));
        assertThat(rows("SELECT count(*) FROM usage_record WHERE record_id = '" + falsePositive + "'"))
                .containsExactly("1");
    }

    @Test
    void theFilterGrowsPastItsCapacityAndStillFindsTheOldRecords() throws Exception {
        reopen(new FingerprintFilter.Sizing(4, 1.5, 24, 16));
        List<UsageRecord> all = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            List<UsageRecord> records = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                records.add(record("g-" + batch + "-" + i, String.valueOf(i)));
            }
            assertThat(ledger.append(records).accepted()).isEqualTo(3);
            all.addAll(records);
        }

        assertThat(ledger.filter().capacity()).isGreaterThanOrEqualTo(15);
        assertThat(ledger.filter().count()).isEqualTo(15);
        assertThat(ledger.append(all)).isEqualTo(new IngestionResult(0, 15, 0, List.of()));
        assertThat(ledger.append(List.of(record("g-0-0", "9"))).errors()).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("'g-0-0'"));
    }

    @Test
    void recordsAppendedAroundTheLedgerAreKeyedAndFoundBeforeTheNextBatch() throws Exception {
        ledger.append(List.of(record("a", "1")));
        // as a bulk loader or a test seeding the ledger: above the stored sequence numbers, without a key
        execute("INSERT INTO usage_record SELECT * REPLACE (ingest_seq + 10 AS ingest_seq, 'x' AS record_id) "
                + "FROM usage_record WHERE record_id = 'a'");

        IngestionResult result = ledger.append(List.of(record("x", "1"), record("y", "2")));

        assertThat(result).isEqualTo(new IngestionResult(1, 1, 0, List.of()));
        assertThat(ledger.append(List.of(record("x", "5"))).errors()).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("'x'"));
        assertThat(rows("SELECT u.ingest_seq, u.record_id FROM usage_record u JOIN usage_record_key k "
                + "ON k.ingest_seq = u.ingest_seq ORDER BY 1")).containsExactly("1|a", "11|x", "12|y");
    }

    /** The DuckDB migration script named {@code V<n>__<what>.sql} in the migration index. */
    static String migrationScript(String what) throws Exception {
        String folder = "db/migration/duckdb/";
        ClassLoader loader = DuckDbUsageLedgerTest.class.getClassLoader();
        String index;
        try (var in = loader.getResourceAsStream(folder + "index.txt")) {
            index = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String script = index.lines().map(String::strip).filter(l -> l.endsWith("__" + what + ".sql")).findFirst()
                .orElseThrow();
        try (var in = loader.getResourceAsStream(folder + script)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
