package io.meterwise.server.storage.duckdb;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.core.usage.ReportedTimeWatermark;
import io.meterwise.server.config.MeterwiseProperties;
import io.meterwise.server.storage.ConditionalOnStore;
import io.meterwise.server.storage.FileSecrets;
import io.meterwise.server.storage.OwnerOnlyFiles;
import io.meterwise.server.storage.jdbc.SchemaMigrator;
import io.meterwise.server.storage.jdbc.SqlDialect;

/**
 * The embedded store ({@code meterwise.store=duckdb}, the default): a DuckDB file {@code meterwise.duckdb} in the data
 * directory, migrated on start, written by this one process. The shared adapters of {@code storage.jdbc} run on it
 * through {@link DuckDbDialect}; the ledger and the signing keys are DuckDB's own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStore("duckdb")
public class DuckDbStoreConfiguration {

    @Bean(destroyMethod = "close")
    public DuckDbDataSource dataSource(MeterwiseProperties properties) throws IOException, SQLException {
        Path dir = properties.dataDir();
        OwnerOnlyFiles.directory(dir);
        DuckDbDataSource dataSource = DuckDbDataSource.open(dir.resolve("meterwise.duckdb"));
        SchemaMigrator.migrate(dataSource, new DuckDbDialect());
        OwnerOnlyFiles.restrict(dir.resolve("meterwise.duckdb"));
        OwnerOnlyFiles.restrict(dir.resolve("meterwise.duckdb.wal"));
        return dataSource;
    }

    @Bean
    SqlDialect sqlDialect() {
        return new DuckDbDialect();
    }

    @Bean
    JdbcTemplate jdbcTemplate(DuckDbDataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean(destroyMethod = "close")
    DuckDbUsageLedger usageLedger(DuckDbDataSource dataSource, Clock clock) {
        return new DuckDbUsageLedger(dataSource, clock);
    }

    /** The ledger reads the clock under its writer lock, so every record reported before the watermark is committed. */
    @Bean
    ReportedTimeWatermark reportedTimeWatermark(DuckDbUsageLedger ledger) {
        return ledger::watermark;
    }

    /** One server per data directory: keys are owner-only files beside the database. */
    @Bean
    FileSecrets sharedSecrets(MeterwiseProperties properties) {
        return new FileSecrets(properties.dataDir());
    }
}
