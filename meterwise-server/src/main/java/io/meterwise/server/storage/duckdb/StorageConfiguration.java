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
import io.meterwise.server.storage.FileSecrets;
import io.meterwise.server.storage.OwnerOnlyFiles;

/** The embedded ledger: a DuckDB file {@code meterwise.duckdb} in the data directory, migrated on start. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean(destroyMethod = "close")
    DuckDbDataSource dataSource(MeterwiseProperties properties) throws IOException, SQLException {
        Path dir = properties.dataDir();
        OwnerOnlyFiles.directory(dir);
        DuckDbDataSource dataSource = DuckDbDataSource.open(dir.resolve("meterwise.duckdb"));
        SchemaMigrator.migrate(dataSource);
        OwnerOnlyFiles.restrict(dir.resolve("meterwise.duckdb"));
        OwnerOnlyFiles.restrict(dir.resolve("meterwise.duckdb.wal"));
        return dataSource;
    }

    @Bean
    JdbcCatalog catalogStore(DuckDbDataSource dataSource, Clock clock) {
        return new JdbcCatalog(dataSource, clock);
    }

    @Bean(destroyMethod = "close")
    JdbcUsageLedger usageLedger(DuckDbDataSource dataSource, Clock clock) {
        return new JdbcUsageLedger(dataSource, clock);
    }

    /** The ledger reads the clock under its writer lock, so every record reported before the watermark is committed. */
    @Bean
    ReportedTimeWatermark reportedTimeWatermark(JdbcUsageLedger ledger) {
        return ledger::watermark;
    }

    @Bean
    DuckDbRoleAssignmentStore roleAssignmentStore(JdbcTemplate jdbc, Clock clock) {
        return new DuckDbRoleAssignmentStore(jdbc, clock);
    }

    @Bean
    DuckDbPrincipalStore principalStore(JdbcTemplate jdbc, Clock clock) {
        return new DuckDbPrincipalStore(jdbc, clock);
    }

    @Bean
    FileSecrets sharedSecrets(MeterwiseProperties properties) {
        return new FileSecrets(properties.dataDir());
    }

    @Bean
    DuckDbPeriodUsage periodUsage(DuckDbDataSource dataSource) {
        return new DuckDbPeriodUsage(dataSource);
    }

    @Bean
    DuckDbUsageHistory usageHistory(DuckDbDataSource dataSource) {
        return new DuckDbUsageHistory(dataSource);
    }

    @Bean
    JdbcNotificationOutbox notificationOutbox(DuckDbDataSource dataSource, Clock clock) {
        return new JdbcNotificationOutbox(dataSource, clock);
    }

    @Bean
    JdbcWebhookEndpoints webhookEndpoints(JdbcTemplate jdbc) {
        return new JdbcWebhookEndpoints(jdbc);
    }

    @Bean
    JdbcTemplate jdbcTemplate(DuckDbDataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }
}
