package io.meterwise.server.storage.jdbc;

import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.duckdb.DuckDbDialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Every DuckDB migration has a PostgreSQL twin of the same name at the same position, and both stores end with the
 * same tables and columns (ADR 0019). A DuckDB script added without its twin fails here.
 */
class MigrationMirrorTest {

    @Test
    void everyDuckDbScriptHasAPostgresTwin() {
        List<String> duckdb = SchemaMigrator.migrations("duckdb").stream().map(SchemaMigrator.Migration::script)
                .toList();
        List<String> postgres = SchemaMigrator.migrations("postgres").stream().map(SchemaMigrator.Migration::script)
                .toList();
        assertThat(postgres)
                .as("db/migration/postgres/index.txt must list the same scripts as db/migration/duckdb/index.txt, "
                        + "each with a PostgreSQL version of the DuckDB script under db/migration/postgres/")
                .isEqualTo(duckdb);
    }

    @Test
    void bothStoresEndWithTheSameTablesAndColumns() throws Exception {
        Set<String> duckdbColumns;
        try (DuckDbDataSource duckdb = DuckDbDataSource.inMemory()) {
            SchemaMigrator.migrate(duckdb, new DuckDbDialect());
            duckdbColumns = columns(duckdb, "main");
        }
        Set<String> postgresColumns;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            assertThat(SchemaMigrator.migrate(dataSource, new io.meterwise.server.storage.postgres.PostgresDialect())).isEqualTo(
                    SchemaMigrator.migrations("postgres").size());
            assertThat(SchemaMigrator.migrate(dataSource, new io.meterwise.server.storage.postgres.PostgresDialect())).isZero();
            postgresColumns = columns(dataSource, "public");
        }
        assertThat(duckdbColumns).contains("usage_record.ingest_seq", "invoice.content_sha256");
        assertThat(postgresColumns).isEqualTo(duckdbColumns);
    }

    private static Set<String> columns(DataSource dataSource, String schema) throws SQLException {
        Set<String> result = new TreeSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns "
                        + "WHERE table_schema = '" + schema + "'")) {
            while (rs.next()) {
                result.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return result;
    }
}
