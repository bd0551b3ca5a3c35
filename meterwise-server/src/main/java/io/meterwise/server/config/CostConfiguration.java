package io.meterwise.server.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.PeriodCharges;
import io.meterwise.core.cost.PeriodUsage;
import io.meterwise.core.forecast.BillForecaster;
import io.meterwise.core.forecast.CostForecasts;
import io.meterwise.core.forecast.ForecastSettings;

/** The cost use cases of the core, wired to the storage adapters. */
@Configuration(proxyBeanMethods = false)
class CostConfiguration {

    @Bean
    PeriodCharges periodCharges(Catalog catalog, Invoices invoices, PeriodUsage usage) {
        return new PeriodCharges(catalog, invoices, usage);
    }

    @Bean
    CostQueries costQueries(Catalog catalog, PeriodCharges periodCharges) {
        return new CostQueries(catalog, periodCharges);
    }

    @Bean
    CostForecasts costForecasts(Catalog catalog, PeriodUsage usage, CostQueries queries) {
        return new CostForecasts(catalog, usage, queries, new BillForecaster(ForecastSettings.defaults()));
    }
}
