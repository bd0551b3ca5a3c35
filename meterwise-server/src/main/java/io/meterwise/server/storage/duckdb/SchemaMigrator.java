package io.meterwise.server.storage.duckdb;

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

/**
 * Applies the versioned SQL scripts listed in {@code db/migration/duckdb/index.txt}, each once and in its own
 * transaction, recording them in {@code schema_version} (ADR 0004 says why this is not Flyway).
 */
public final class SchemaMigrator {

    private static final String FOLDER = "db/migration/duckdb/";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private SchemaMigrator() {
    }

    /** Applies pending migrations; returns how many were applied. */
    public static int migrate(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "script VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            }
            int current = currentVersion(c);
            int applied = 0;
            for (Migration m : migrations()) {
                if (m.version() <= current) {
                    continue;
                }
                apply(c, m);
                applied++;
            }
            return applied;
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection c, Migration m) throws SQLException {
        c.setAutoCommit(false);
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
            c.rollback();
            throw new SQLException("migration " + m.script() + " failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    static List<Migration> migrations() {
        List<Migration> result = new ArrayList<>();
        int expected = 1;
        for (String script : read("index.txt").split("\\R")) {
            script = script.strip();
            if (script.isEmpty() || script.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(script);
            if (!m.matches() || Integer.parseInt(m.group(1)) != expected) {
                throw new IllegalStateException("migration " + script + " must be named V" + expected + "__<what>.sql");
            }
            result.add(new Migration(expected, script, read(script)));
            expected++;
        }
        return result;
    }

    private static String read(String name) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + FOLDER + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Migration(int version, String script, String sql) {
    }
}
