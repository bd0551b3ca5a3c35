package io.meterwise.server.storage.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * Applies the versioned SQL scripts listed in {@code db/migration/<store>/index.txt} ({@code duckdb} by default,
 * {@code postgres}), each once and in its own transaction, recording them in {@code schema_version} (ADR 0004 says why
 * this is not Flyway). Both stores have the same scripts by name and order (ADR 0019).
 */
public final class SchemaMigrator {

    private static final String DEFAULT_STORE = "duckdb";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private SchemaMigrator() {
    }

    /** Applies pending DuckDB migrations; returns how many were applied. */
    public static int migrate(DataSource dataSource) throws SQLException {
        return migrate(dataSource, DEFAULT_STORE, null);
    }

    /**
     * Applies the pending migrations of the dialect's store; returns how many. Each runs in its own transaction holding
     * the store's migration lock, so replicas starting together apply each script once.
     */
    public static int migrate(DataSource dataSource, SqlDialect dialect) throws SQLException {
        return migrate(dataSource, dialect.store(), dialect);
    }

    private static int migrate(DataSource dataSource, String store, @Nullable SqlDialect dialect) throws SQLException {
        List<Migration> migrations = migrations(store);
        int applied = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                while (true) {
                    if (dialect != null) {
                        dialect.lockForTransaction(c, SqlDialect.WriterLock.SCHEMA_MIGRATION);
                    }
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                                + "script VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
                    }
                    int current = currentVersion(c);
                    if (current >= migrations.size()) {
                        c.commit();
                        return applied;
                    }
                    apply(c, migrations.get(current));
                    applied++;
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Runs one script and records it, committing the connection's transaction. */
    private static void apply(Connection c, Migration m) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : m.sql().split(";\\s*(\\r?\\n|$)")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
                p.setInt(1, m.version());
                p.setString(2, m.script());
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new SQLException("migration " + m.script() + " failed: " + e.getMessage(), e);
        }
    }

    static List<Migration> migrations() {
        return migrations(DEFAULT_STORE);
    }

    static List<Migration> migrations(String store) {
        List<Migration> result = new ArrayList<>();
        int expected = 1;
        for (String script : read(store, "index.txt").split("\\R")) {
            script = script.strip();
            if (script.isEmpty() || script.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(script);
            if (!m.matches() || Integer.parseInt(m.group(1)) != expected) {
                throw new IllegalStateException("migration " + script + " must be named V" + expected + "__<what>.sql");
            }
            result.add(new Migration(expected, script, read(store, script)));
            expected++;
        }
        return result;
    }

    private static String read(String store, String name) {
        String folder = "db/migration/" + store + "/";
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(folder + name)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + folder + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Migration(int version, String script, String sql) {
    }
}
