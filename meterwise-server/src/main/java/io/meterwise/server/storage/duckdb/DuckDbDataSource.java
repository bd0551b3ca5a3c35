package io.meterwise.server.storage.duckdb;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.duckdb.DuckDBConnection;

/**
 * One DuckDB database per process: a root connection keeps the database open and every {@link #getConnection()} is a
 * cheap duplicate of it, so all connections share one instance (DuckDB allows one writing process per file).
 */
public final class DuckDbDataSource implements DataSource, AutoCloseable {

    private final DuckDBConnection root;

    private DuckDbDataSource(DuckDBConnection root) {
        this.root = root;
    }

    /** Opens (creating if needed) the database file {@code file}. */
    public static DuckDbDataSource open(Path file) throws SQLException {
        Properties props = new Properties();
        return new DuckDbDataSource((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props));
    }

    /** An in-memory database, for tests and benchmarks. */
    public static DuckDbDataSource inMemory() throws SQLException {
        return new DuckDbDataSource((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return root.duplicate();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public void close() throws SQLException {
        root.close();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
