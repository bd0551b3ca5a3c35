package io.meterwise.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Runs every server a test starts with {@code meterwise.store=postgres} (the second test execution in the server pom)
 * on a real PostgreSQL started in-process once per JVM from zonky's embedded binaries: no Docker, no installed server.
 * Each data directory gets its own database, so a test's servers see only their own data, and a server restarted on the
 * same data directory finds what it stored, exactly as with the embedded store. The URL is resolved when the store is
 * configured, after the test's dynamic properties (its data directory) are known.
 */
public final class EmbeddedPostgresStore implements EnvironmentPostProcessor {

    private static EmbeddedPostgres server;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // the source object must not be the environment itself: Boot would iterate it as nested property sources
        environment.getPropertySources().addFirst(new PropertySource<>("embedded-postgres", new Object()) {
            @Override
            public Object getProperty(String name) {
                if (!name.startsWith("meterwise.postgres.")
                        || !"postgres".equals(environment.getProperty("meterwise.store"))) {
                    return null;
                }
                return switch (name) {
                    case "meterwise.postgres.url" -> url(Path.of(environment.getProperty("meterwise.data-dir",
                            "./data")));
                    case "meterwise.postgres.user" -> "postgres";
                    case "meterwise.postgres.password" -> "";
                    case "meterwise.postgres.pool-size" -> "4";
                    default -> null;
                };
            }
        });
    }

    /** The JDBC URL of the database of {@code dataDir}, created (empty) on first use. */
    public static synchronized String url(Path dataDir) {
        EmbeddedPostgres pg = server();
        String database = "mw_" + digest(dataDir.toAbsolutePath().normalize().toString());
        try (Connection c = pg.getPostgresDatabase().getConnection();
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            boolean found;
            try (ResultSet rs = exists.executeQuery()) {
                found = rs.next();
            }
            if (!found) {
                try (Statement s = c.createStatement()) {
                    // C collation: strings order by code point, as in DuckDB
                    s.execute("CREATE DATABASE " + database + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' "
                            + "LC_CTYPE 'C'");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + database, e);
        }
        return pg.getJdbcUrl("postgres", database);
    }

    /** A data source on the database of {@code dataDir} (see {@link #url}), for tests of the store's adapters. */
    public static DataSource dataSource(Path dataDir) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url(dataDir));
        dataSource.setUser("postgres");
        return dataSource;
    }

    /** A fresh, empty database of its own (for tests that start servers on one database themselves). */
    public static DataSource database(String name) {
        return server().getDatabase("postgres", name);
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "300")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
