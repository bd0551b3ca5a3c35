package io.meterwise.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.server.config.MeterwiseProperties;

/** The embedded ledger: a DuckDB file {@code meterwise.duckdb} in the data directory, migrated on start. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean(destroyMethod = "close")
    DuckDbDataSource dataSource(MeterwiseProperties properties) throws IOException, SQLException {
        Path dir = properties.dataDir();
        Files.createDirectories(dir);
        DuckDbDataSource dataSource = DuckDbDataSource.open(dir.resolve("meterwise.duckdb"));
        SchemaMigrator.migrate(dataSource);
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

    @Bean
    JdbcPeriodUsage periodUsage(DuckDbDataSource dataSource) {
        return new JdbcPeriodUsage(dataSource);
    }

    @Bean
    JdbcTemplate jdbcTemplate(DuckDbDataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }
}
