package io.meterwise.server.storage.duckdb;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.core.access.PrincipalStore;
import io.meterwise.server.storage.OwnerOnlyFiles;
import io.meterwise.server.storage.StorageException;
import io.meterwise.server.storage.jdbc.JdbcPrincipalStore;
import io.meterwise.server.storage.jdbc.SchemaMigrator;

/** Principals of an embedded deployment created while no server holds its data directory open (the CLI). */
public final class DuckDbPrincipals {

    private DuckDbPrincipals() {
    }

    /** Creates a principal in the store of a data directory. */
    public static PrincipalStore.CreatedPrincipal createInDataDir(Path dir, String displayName, boolean operator)
            throws IOException {
        OwnerOnlyFiles.directory(dir);
        try (DuckDbDataSource db = DuckDbDataSource.open(dir.resolve("meterwise.duckdb"))) {
            SchemaMigrator.migrate(db, new DuckDbDialect());
            return new JdbcPrincipalStore(new JdbcTemplate(db), Clock.systemUTC()).create(displayName, operator);
        } catch (SQLException e) {
            throw new StorageException(e.getMessage(), e);
        }
    }
}
