package io.meterwise.server.storage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceContentHash;
import io.meterwise.core.export.ExportScope;
import io.meterwise.server.export.ExportJson;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.jdbc.JdbcInvoices;
import io.meterwise.server.storage.jdbc.SchemaMigrator;
import io.meterwise.server.storage.jdbc.SqlDialect;
import io.meterwise.server.storage.postgres.PostgresDialect;

/**
 * Copies an embedded deployment (the DuckDB file of a data directory and its signing keys) into an empty PostgreSQL
 * database, then verifies it: every table holds as many rows as the source, and every invoice read back from
 * PostgreSQL hashes to the content hash stored when it was issued. The source is brought to the current schema first
 * and otherwise only read. Tables are copied by column name, so tables added by later migrations are copied too, in
 * chunks loaded with {@code COPY} (ADR 0036).
 */
public final class StoreMigration {

    private static final int CHUNK = 20_000;
    /**
     * Bookkeeping of each store, written by the target's migrator, the embedded store's unused key table (its keys
     * are files, copied by {@link #copyKeys}) and its ledger's record keys, which PostgreSQL does not use (it finds
     * duplicates by index; ADR 0040).
     */
    private static final List<String> NOT_COPIED = List.of("schema_version", "catalog_revision", "shared_secret",
            "usage_record_key");

    private final PrintStream out;

    public StoreMigration(PrintStream out) {
        this.out = out;
    }

    /** The outcome: rows per table (source = target) and invoices whose content hash matched. */
    public record Report(Map<String, Long> rows, long invoicesVerified, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public Report copy(Path dataDir, String url, String user, String password) throws SQLException, IOException {
        return copy(dataDir, url, user, password, dataDir.resolve(SealedSecrets.DEFAULT_KEY_FILE));
    }

    /**
     * As {@link #copy(Path, String, String, String)}; {@code secretsKeyFile} is the key the source's export secrets
     * are sealed with (ADR 0051). It is not copied into the database: the sealed values are copied as they are, and
     * the command checks that each opens with this key, which every server of the target must then be given.
     */
    public Report copy(Path dataDir, String url, String user, String password, Path secretsKeyFile)
            throws SQLException, IOException {
        Path file = dataDir.resolve("meterwise.duckdb");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no embedded store at " + file.toAbsolutePath());
        }
        DataSource target = target(url, user, password);
        try (DuckDbDataSource source = DuckDbDataSource.open(file)) {
            SchemaMigrator.migrate(source);
            PostgresDialect dialect = new PostgresDialect();
            SchemaMigrator.migrate(target, dialect);
            Map<String, List<Column>> tables = tables(source);
            Map<String, Long> rows = new LinkedHashMap<>();
            try (Connection from = source.getConnection(); Connection to = target.getConnection()) {
                refuseNonEmpty(to, tables.keySet());
                to.setAutoCommit(false);
                try {
                    for (var table : tables.entrySet()) {
                        long copied = copyTable(from, to, dialect, table.getKey(), table.getValue());
                        rows.put(table.getKey(), copied);
                        out.println("copied " + table.getKey() + ": " + copied + " rows");
                    }
                    rows.put("shared_secret", (long) copyKeys(to, dataDir));
                    to.commit();
                } catch (SQLException | IOException | RuntimeException e) {
                    to.rollback();
                    throw e;
                }
            }
            Report report = verify(source, target, dialect, rows);
            checkSealedSecrets(source, secretsKeyFile, report.problems());
            return report;
        }
    }

    /**
     * Every sealed S3 secret of the source opens with {@code keyFile}, the key the target's servers must be given;
     * secrets still in clear (stored before sealing) are sealed by the first server that starts on the target.
     */
    private void checkSealedSecrets(DataSource source, Path keyFile, List<String> problems) throws SQLException {
        SealedSecrets secrets = new SealedSecrets(keyFile);
        int sealed = 0;
        int clear = 0;
        try (Connection c = source.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT subscription_id, resource_group, name, definition_json FROM "
                        + "cost_export UNION ALL SELECT subscription_id, resource_group, name, settings_json FROM "
                        + "cost_export_run")) {
            while (rs.next()) {
                String group = rs.getString(2);
                ExportScope scope = new ExportScope(rs.getObject(1, UUID.class), group.isEmpty() ? null : group);
                String secret = ExportJson.storedSecret(rs.getString(4));
                if (secret != null) {
                    if (!SealedSecrets.isSealed(secret)) {
                        clear++;
                        continue;
                    }
                    sealed++;
                    try {
                        secrets.open(secret, ExportJson.secretContext(scope, rs.getString(3)));
                    } catch (SealedSecrets.Unsealable | java.io.UncheckedIOException e) {
                        problems.add("the S3 secret of export " + rs.getString(3) + " of " + scope.id()
                                + " does not open with the secrets key " + keyFile + ": " + e.getMessage());
                    }
                }
            }
        }
        if (sealed > 0) {
            out.println("export secrets: " + sealed + " sealed with " + keyFile.toAbsolutePath() + ", copied as they "
                    + "are; give every server of the target this key file (meterwise.secrets.key-file), it is not "
                    + "in the database");
        }
        if (clear > 0) {
            out.println("export secrets: " + clear + " still in clear, sealed by the first server that starts on the "
                    + "target (give every server the same meterwise.secrets.key-file first)");
        }
    }

    private static DataSource target(String url, String user, String password) {
        return new DriverManagerSource(url, user, password);
    }

    private record Column(String name, String type) {
    }

    private static Map<String, List<Column>> tables(DataSource source) throws SQLException {
        Map<String, List<Column>> tables = new LinkedHashMap<>();
        try (Connection c = source.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns "
                        + "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position")) {
            while (rs.next()) {
                if (!NOT_COPIED.contains(rs.getString(1))) {
                    tables.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(new Column(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return tables;
    }

    private static void refuseNonEmpty(Connection to, Iterable<String> tables) throws SQLException {
        for (String table : tables) {
            if (count(to, table) > 0) {
                throw new SQLException("the target database is not empty (table " + table + " has rows): "
                        + "migrate-store copies into a new, empty database only");
            }
        }
    }

    private static long copyTable(Connection from, Connection to, PostgresDialect dialect, String table,
            List<Column> columns) throws SQLException {
        List<String> names = columns.stream().map(Column::name).toList();
        long copied = 0;
        try (Statement s = from.createStatement()) {
            s.setFetchSize(CHUNK);
            try (ResultSet rs = s.executeQuery("SELECT " + String.join(", ", names) + " FROM " + table)) {
                List<Object[]> chunk = new ArrayList<>(CHUNK);
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = value(rs, i + 1, columns.get(i).type());
                    }
                    chunk.add(row);
                    if (chunk.size() == CHUNK) {
                        copied += dialect.copyRows(to, table, names, chunk);
                        chunk.clear();
                    }
                }
                copied += dialect.copyRows(to, table, names, chunk);
            }
        }
        return copied;
    }

    /** Values as the target driver binds them: UTC wall times stay wall times, whatever the JVM's zone. */
    private static Object value(ResultSet rs, int column, String type) throws SQLException {
        Object value;
        if (type.equals("JSON")) {
            value = rs.getString(column);
        } else if (type.startsWith("TIMESTAMP")) {
            value = rs.getObject(column, LocalDateTime.class);
        } else if (type.equals("UUID")) {
            value = rs.getObject(column, UUID.class);
        } else if (type.equals("BLOB")) {
            value = rs.getBytes(column);
        } else if (type.startsWith("DECIMAL")) {
            value = rs.getBigDecimal(column);
        } else {
            value = rs.getObject(column);
        }
        return rs.wasNull() ? null : value;
    }

    /** The data directory's signing keys become shared keys, so issued links and tokens keep working. */
    private int copyKeys(Connection to, Path dataDir) throws SQLException, IOException {
        List<Path> keys = new ArrayList<>();
        for (Path dir : List.of(dataDir, dataDir.resolve("keys"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    // the sealing key stays out of the database, or it would protect nothing (ADR 0051)
                    files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".key")
                            && !f.equals(dataDir.resolve(SealedSecrets.DEFAULT_KEY_FILE))).forEach(keys::add);
                }
            }
        }
        try (PreparedStatement p = to.prepareStatement(
                "INSERT INTO shared_secret (name, secret, created_at) VALUES (?, ?, ?)")) {
            for (Path key : keys) {
                p.setString(1, dataDir.relativize(key).toString().replace('\\', '/'));
                p.setBytes(2, Files.readAllBytes(key));
                p.setObject(3, LocalDateTime.now(ZoneOffset.UTC));
                p.executeUpdate();
                out.println("copied signing key " + dataDir.relativize(key));
            }
        }
        return keys.size();
    }

    private Report verify(DataSource source, DataSource target, SqlDialect dialect, Map<String, Long> copied)
            throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection from = source.getConnection(); Connection to = target.getConnection()) {
            for (var table : copied.entrySet()) {
                if (table.getKey().equals("shared_secret")) {
                    if (count(to, "shared_secret") != table.getValue()) {
                        problems.add("shared_secret: " + table.getValue() + " key files, "
                                + count(to, "shared_secret") + " keys in the target");
                    }
                    continue;
                }
                long inSource = count(from, table.getKey());
                long inTarget = count(to, table.getKey());
                if (inSource != inTarget || inTarget != table.getValue()) {
                    problems.add(table.getKey() + ": " + inSource + " rows in the source, " + inTarget
                            + " in the target");
                }
            }
        }
        JdbcInvoices invoices = new JdbcInvoices(target, dialect);
        long verified = 0;
        try (Connection to = target.getConnection(); Statement s = to.createStatement();
                ResultSet rs = s.executeQuery("SELECT subscription_id, name, content_sha256 FROM invoice "
                        + "ORDER BY subscription_id, name")) {
            while (rs.next()) {
                UUID subscription = rs.getObject(1, UUID.class);
                Invoice invoice = invoices.find(subscription, rs.getString(2)).orElse(null);
                if (invoice == null || !InvoiceContentHash.of(invoice).equals(rs.getString(3))) {
                    problems.add("invoice " + rs.getString(2) + " of " + subscription
                            + " does not read back with its content hash");
                } else {
                    verified++;
                }
            }
        }
        out.println("verified " + verified + " invoices by content hash; " + copied.size() + " tables by row count");
        return new Report(copied, verified, problems);
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A plain JDBC source for a one-off command: one connection at a time, no pool. */
    private record DriverManagerSource(String url, String user, String password) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            Properties props = new Properties();
            if (user != null) {
                props.setProperty("user", user);
            }
            if (password != null) {
                props.setProperty("password", password);
            }
            props.setProperty("reWriteBatchedInserts", "true");
            return DriverManager.getConnection(url, props);
        }

        @Override
        public Connection getConnection(String username, String pass) throws SQLException {
            return new DriverManagerSource(url, username, pass).getConnection();
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
