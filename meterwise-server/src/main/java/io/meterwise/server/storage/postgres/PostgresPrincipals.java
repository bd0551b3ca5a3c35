package io.meterwise.server.storage.postgres;

import java.sql.SQLException;
import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.core.access.PrincipalStore;
import io.meterwise.server.storage.StorageException;
import io.meterwise.server.storage.jdbc.JdbcPrincipalStore;
import io.meterwise.server.storage.jdbc.SchemaMigrator;

/**
 * Principals of a shared deployment created from the command line. Unlike the embedded store, the database may be in
 * use by running servers meanwhile: they read principals from it on every token request.
 */
public final class PostgresPrincipals {

    private PostgresPrincipals() {
    }

    /** Creates a principal in the database at {@code url}, bringing its schema up to date first. */
    public static PrincipalStore.CreatedPrincipal create(PostgresProperties database, String displayName,
            boolean operator) {
        PGSimpleDataSource dataSource = dataSource(database.url(), database.user(), database.password());
        try {
            SchemaMigrator.migrate(dataSource, new PostgresDialect());
        } catch (SQLException | DataAccessException e) {
            throw new StorageException(e.getMessage(), e);
        }
        try {
            return new JdbcPrincipalStore(new JdbcTemplate(dataSource), Clock.systemUTC()).create(displayName,
                    operator);
        } catch (DataAccessException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }

    private static PGSimpleDataSource dataSource(@Nullable String url, @Nullable String user,
            @Nullable String password) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("meterwise.store=postgres needs meterwise.postgres.url "
                    + "(METERWISE_POSTGRES_URL)");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }
}
