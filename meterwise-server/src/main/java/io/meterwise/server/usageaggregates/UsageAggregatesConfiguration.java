package io.meterwise.server.usageaggregates;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.server.storage.JdbcUsageLedger;

@Configuration(proxyBeanMethods = false)
class UsageAggregatesConfiguration {

    /** The ledger reads the clock under its writer lock, so every record reported before the watermark is committed. */
    @Bean
    ReportedTimeWatermark reportedTimeWatermark(JdbcUsageLedger ledger) {
        return ledger::watermark;
    }
}
