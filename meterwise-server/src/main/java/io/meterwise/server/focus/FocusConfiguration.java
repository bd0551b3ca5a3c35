package io.meterwise.server.focus;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.cost.PeriodCharges;
import io.meterwise.core.focus.FocusRows;

@Configuration(proxyBeanMethods = false)
class FocusConfiguration {

    @Bean
    FocusRows focusRows(Catalog catalog, Invoices invoices, PeriodCharges charges) {
        return new FocusRows(catalog, invoices, charges);
    }
}
