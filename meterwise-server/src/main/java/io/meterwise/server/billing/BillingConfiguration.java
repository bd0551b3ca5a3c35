package io.meterwise.server.billing;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.SubscriptionChanges;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.billing.IssuingFailures;
import io.meterwise.core.billing.IssuingSettings;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.usage.LedgerUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Wires the core issuing use case to the configured store; issuing outcomes are counted as metrics. */
@Configuration(proxyBeanMethods = false)
class BillingConfiguration {

    @Bean
    IssuingFailures issuingFailures(MeterRegistry registry) {
        Counter failed = Counter.builder("meterwise.invoices.failed")
                .description("Invoices a run could not issue (see GET /providers/Meterwise/invoices/issueFailures)")
                .register(registry);
        Counter issued = Counter.builder("meterwise.invoices.issued").description("Invoices issued").register(registry);
        return new IssuingFailures(new IssuingFailures.Counters() {
            @Override
            public void failed() {
                failed.increment();
            }

            @Override
            public void issued() {
                issued.increment();
            }
        });
    }

    @Bean
    SubscriptionChanges subscriptionChanges(CatalogStore catalog, Invoices invoices, Clock clock) {
        return new SubscriptionChanges(catalog, invoices, clock);
    }

    @Bean
    InvoiceService invoiceService(Catalog catalog, Invoices invoices, LedgerUsage usage, BillingProperties properties,
            Clock clock, IssuingFailures failures) {
        return new InvoiceService(catalog, invoices, usage, new IssuingSettings(properties.grace()), clock, failures);
    }
}
