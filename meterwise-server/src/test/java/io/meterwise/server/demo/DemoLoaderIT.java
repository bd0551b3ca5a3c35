package io.meterwise.server.demo;

import io.meterwise.core.testing.InMemoryCatalogStore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo loads on start when enabled. Runs against the in-memory ports (marked primary, so the test keeps working
 * once the JDBC stores are beans too).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DemoLoaderIT.InMemoryPorts.class)
class DemoLoaderIT {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
        registry.add("meterwise.demo.enabled", () -> "true");
        registry.add("meterwise.demo.months", () -> "1");
        registry.add("meterwise.demo.scale", () -> "0.05");
        registry.add("meterwise.demo.batch-size", () -> "5000");
    }

    @Autowired
    InMemoryCatalogStore catalogStore;

    @Autowired
    InMemoryUsageLedger ledger;

    @Autowired
    DemoProperties settings;

    @Test
    void loadsTheDemoCloudOnStart() {
        assertThat(settings.scale()).isEqualTo(0.05);
        assertThat(settings.batchSize()).isEqualTo(5000);
        assertThat(catalogStore.subscriptions()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(catalogStore.priceVersionCount()).isGreaterThan(5000);
        assertThat(ledger.size()).isPositive();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class InMemoryPorts {

        @Bean
        @Primary
        InMemoryCatalogStore inMemoryCatalogStore() {
            return new InMemoryCatalogStore();
        }

        @Bean
        @Primary
        InMemoryUsageLedger inMemoryUsageLedger() {
            return new InMemoryUsageLedger();
        }
    }
}
