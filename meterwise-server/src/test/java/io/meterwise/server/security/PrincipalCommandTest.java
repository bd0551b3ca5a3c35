package io.meterwise.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.core.access.PrincipalStore;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.jdbc.JdbcPrincipalStore;
import io.meterwise.server.testing.EmbeddedPostgresStore;

/** {@code principal create} writes to the configured store, and the printed secret authenticates there. */
class PrincipalCommandTest {

    @TempDir
    Path dataDir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return PrincipalCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    Map<String, String> printed() {
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#") && l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    }

    @Test
    void createsAPrincipalInTheEmbeddedStore() throws Exception {
        int code = run("principal", "create", "--name", " exporter ", "--data-dir", dataDir.toString(),
                "--meterwise.store=duckdb");

        assertThat(code).as(err.toString()).isZero();
        Map<String, String> printed = printed();
        try (DuckDbDataSource db = DuckDbDataSource.open(dataDir.resolve("meterwise.duckdb"))) {
            assertThat(new JdbcPrincipalStore(new JdbcTemplate(db), Clock.systemUTC())
                    .authenticate(printed.get("client_id"), printed.get("client_secret")))
                    .hasValueSatisfying(p -> {
                        assertThat(p.displayName()).isEqualTo("exporter");
                        assertThat(p.objectId()).isEqualTo(printed.get("objectId"));
                        assertThat(p.operator()).isFalse();
                    });
        }
    }

    @Test
    void createsAnOperatorInThePostgresStoreAndLeavesTheDataDirectoryAlone() {
        String url = EmbeddedPostgresStore.url(dataDir);

        int code = run("principal", "create", "--name", "ops", "--operator", "--data-dir", dataDir.toString(),
                "--meterwise.store=postgres", "--meterwise.postgres.url=" + url, "--meterwise.postgres.user=postgres");

        assertThat(code).as(err.toString()).isZero();
        Map<String, String> printed = printed();
        DataSource db = EmbeddedPostgresStore.dataSource(dataDir);
        PrincipalStore store = new JdbcPrincipalStore(new JdbcTemplate(db), Clock.systemUTC());
        assertThat(store.authenticate(printed.get("client_id"), printed.get("client_secret")))
                .hasValueSatisfying(p -> {
                    assertThat(p.displayName()).isEqualTo("ops");
                    assertThat(p.operator()).isTrue();
                });
        assertThat(store.authenticate(printed.get("client_id"), printed.get("client_secret") + "x")).isEmpty();
        assertThat(Files.exists(dataDir.resolve("meterwise.duckdb"))).isFalse();
    }

    @Test
    void postgresWithoutAUrlIsAUsageError() {
        int code = run("principal", "create", "--name", "ops", "--meterwise.store=postgres",
                "--meterwise.postgres.url=");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("needs meterwise.postgres.url");
    }

    @Test
    void anUnreachableDatabaseFailsWithTheReason() {
        int code = run("principal", "create", "--name", "ops", "--meterwise.store=postgres",
                "--meterwise.postgres.url=jdbc:postgresql://127.0.0.1:1/none", "--meterwise.postgres.user=x");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("Cannot create the principal in jdbc:postgresql://127.0.0.1:1/none");
    }

    @Test
    void anUnknownArgumentOrStoreIsAUsageError() {
        assertThat(run("principal", "create", "--name", "x", "--bogus")).isEqualTo(2);
        assertThat(run("principal", "create", "--name", "x", "--meterwise.store=oracle")).isEqualTo(2);
        assertThat(err.toString()).contains("usage: principal create", "Unknown store 'oracle'");
    }
}
