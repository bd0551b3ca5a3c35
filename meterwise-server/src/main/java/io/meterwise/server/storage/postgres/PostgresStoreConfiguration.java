package io.meterwise.server.storage.postgres;

import java.sql.SQLException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.meterwise.core.usage.ReportedTimeWatermark;
import io.meterwise.server.storage.ConditionalOnStore;
import io.meterwise.server.storage.jdbc.SchemaMigrator;
import io.meterwise.server.storage.jdbc.SqlDialect;

/**
 * The shared store ({@code meterwise.store=postgres}): any number of servers on one PostgreSQL database behave as one
 * service (ADR 0035). The shared adapters of {@code storage.jdbc} run on it through {@link PostgresDialect}; the
 * ledger, the report-time watermark and the signing keys are PostgreSQL's own, locked and clocked by the database.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnStore("postgres")
@EnableConfigurationProperties(PostgresProperties.class)
public class PostgresStoreConfiguration {

    private static final int DEFAULT_POOL_SIZE = 10;

    @Bean(destroyMethod = "close")
    public HikariDataSource dataSource(PostgresProperties properties) throws SQLException {
        if (properties.url() == null || properties.url().isBlank()) {
            throw new IllegalStateException("meterwise.store=postgres needs meterwise.postgres.url "
                    + "(METERWISE_POSTGRES_URL), e.g. jdbc:postgresql://localhost:5432/meterwise");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(properties.url());
        config.setUsername(properties.user());
        config.setPassword(properties.password());
        config.setMaximumPoolSize(properties.poolSize() == null ? DEFAULT_POOL_SIZE : properties.poolSize());
        config.setPoolName("meterwise-postgres");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            SchemaMigrator.migrate(dataSource, new PostgresDialect());
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    @Bean
    SqlDialect sqlDialect() {
        return new PostgresDialect();
    }

    @Bean
    JdbcTemplate jdbcTemplate(HikariDataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    PostgresUsageLedger usageLedger(HikariDataSource dataSource, SqlDialect dialect) {
        return new PostgresUsageLedger(dataSource, dialect);
    }

    @Bean
    ReportedTimeWatermark reportedTimeWatermark(PostgresUsageLedger ledger) {
        return ledger::watermark;
    }

    @Bean
    PostgresSecrets sharedSecrets(JdbcTemplate jdbc) {
        return new PostgresSecrets(jdbc);
    }
}
