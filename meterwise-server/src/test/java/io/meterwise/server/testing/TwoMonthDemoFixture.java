package io.meterwise.server.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A small demo cloud (two months at 5 % scale, clock fixed in mid-March 2026, scheduler off) in the real stores. The
 * reconciliation tests that extend it share one Spring context, so the demo is loaded once for all of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(TwoMonthDemoFixture.FixedClock.class)
public abstract class TwoMonthDemoFixture {

    private static final Path DATA_DIR = TestDataDirs.create("meterwise-two-month-demo");

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-03-15T10:30:00Z"), ZoneOffset.UTC);
        }
    }

    @DynamicPropertySource
    static void twoMonthDemo(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", DATA_DIR::toString);
        registry.add("meterwise.demo.enabled", () -> "true");
        registry.add("meterwise.demo.months", () -> "2");
        registry.add("meterwise.demo.scale", () -> "0.05");
        registry.add("meterwise.billing.scheduler-enabled", () -> "false");
    }
}
