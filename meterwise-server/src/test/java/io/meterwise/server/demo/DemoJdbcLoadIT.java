package io.meterwise.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The demo cloud loads through the real DuckDB catalog and ledger; loading again stores nothing new. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(DemoJdbcLoadIT.FixedClock.class)
class DemoJdbcLoadIT {

    /** Both loads see the same "now", so the second one has nothing new to generate. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-03-15T10:30:00Z"), ZoneOffset.UTC);
        }
    }

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
        registry.add("meterwise.demo.enabled", () -> "true");
        registry.add("meterwise.demo.months", () -> "1");
        registry.add("meterwise.demo.scale", () -> "0.05");
    }

    @Autowired
    DemoLoader loader;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSecondLoadStoresNothingNew() {
        long records = jdbc.queryForObject("SELECT count(*) FROM usage_record", Long.class);
        long versions = jdbc.queryForObject("SELECT count(*) FROM price_version", Long.class);

        DemoLoadReport again = loader.load();

        assertThat(records).isPositive();
        assertThat(versions).isGreaterThan(5000);
        assertThat(again.accepted()).isZero();
        assertThat(again.rejected()).isZero();
        assertThat(again.duplicates()).isEqualTo(records);
        assertThat(again.catalog().priceVersionsCreated()).isZero();
        assertThat(again.catalog().priceVersionConflicts()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_record", Long.class)).isEqualTo(records);
    }
}
