package io.meterwise.server.billing;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.billing.IssuingSettings;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.usage.LedgerUsage;

/** Wires the core issuing use case to the configured store. */
@Configuration(proxyBeanMethods = false)
class BillingConfiguration {

    @Bean
    InvoiceService invoiceService(Catalog catalog, Invoices invoices, LedgerUsage usage, BillingProperties properties,
            Clock clock) {
        return new InvoiceService(catalog, invoices, usage, new IssuingSettings(properties.grace()), clock);
    }
}
