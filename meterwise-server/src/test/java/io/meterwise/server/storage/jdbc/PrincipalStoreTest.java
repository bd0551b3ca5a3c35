package io.meterwise.server.storage.jdbc;

import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.duckdb.DuckDbDialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;


import io.meterwise.core.access.PrincipalStore;

class PrincipalStoreTest {

    private final DuckDbDataSource db;
    private final JdbcTemplate jdbc;
    private final PrincipalStore store;

    PrincipalStoreTest() throws Exception {
        db = DuckDbDataSource.inMemory();
        SchemaMigrator.migrate(db);
        jdbc = new JdbcTemplate(db);
        store = new JdbcPrincipalStore(jdbc, Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void secretsAreStoredOnlyAsSaltedHashes() {
        PrincipalStore.CreatedPrincipal created = store.create("exporter", false);
        String stored = jdbc.queryForObject("SELECT secret_hash FROM principal", String.class);
        assertThat(stored).startsWith("pbkdf2-sha256$600000$").doesNotContain(created.clientSecret());
        assertThat(store.authenticate(created.principal().clientId(), created.clientSecret()))
                .contains(created.principal());
        assertThat(store.authenticate(created.principal().clientId(), created.clientSecret() + "x")).isEmpty();
        assertThat(store.authenticate("unknown", created.clientSecret())).isEmpty();
    }

    @Test
    void aConfiguredOperatorSecretIsSetAndChanged() {
        assertThat(store.ensureOperator("first-secret")).isEmpty();
        assertThat(store.authenticate(PrincipalStore.OPERATOR_CLIENT_ID, "first-secret")).get()
                .satisfies(p -> assertThat(p.operator()).isTrue());
        store.ensureOperator("second-secret");
        assertThat(store.authenticate(PrincipalStore.OPERATOR_CLIENT_ID, "first-secret")).isEmpty();
        assertThat(store.authenticate(PrincipalStore.OPERATOR_CLIENT_ID, "second-secret")).isPresent();
    }

    @Test
    void withoutAConfiguredSecretTheFirstStartCreatesOneOnce() {
        String secret = store.ensureOperator(null).orElseThrow();
        assertThat(store.ensureOperator(null)).isEmpty();
        assertThat(store.authenticate(PrincipalStore.OPERATOR_CLIENT_ID, secret)).isPresent();
    }
}
