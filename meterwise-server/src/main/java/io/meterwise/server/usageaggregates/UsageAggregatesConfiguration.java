package io.meterwise.server.usageaggregates;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class UsageAggregatesConfiguration {

    /** Until the ledger publishes its own watermark bean, the clock is the watermark. */
    @Bean
    @ConditionalOnMissingBean
    ReportedTimeWatermark reportedTimeWatermark(Clock clock) {
        return clock::instant;
    }
}
