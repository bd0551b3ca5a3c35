package io.meterwise.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.meterwise.server.storage.jdbc.SchemaMigrator;
import io.meterwise.server.storage.postgres.PostgresDialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL started in-process (zonky's binaries, as in the server's tests), one fresh migrated database per
 * measurement. Durability settings as in the tests (no fsync): the figures compare paths on the same server, not disks.
 */
final class BenchPostgres implements AutoCloseable {

    private final EmbeddedPostgres server;
    private int databases;

    BenchPostgres() throws IOException {
        server = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("max_wal_size", "4GB")
                .start();
    }

    /** A new, migrated database with C collation (as a deployment's), and a small pool on it. */
    HikariDataSource database() throws SQLException {
        String name = "bench_" + ++databases;
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.getJdbcUrl("postgres", name));
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource dataSource = new HikariDataSource(config);
        SchemaMigrator.migrate(dataSource, new PostgresDialect());
        return dataSource;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
