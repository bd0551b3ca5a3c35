package io.meterwise.server.chargeback;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.chargeback.ChargebackReportStore;
import io.meterwise.core.chargeback.ChargebackRuleStore;
import io.meterwise.core.chargeback.ChargebackService;
import io.meterwise.core.chargeback.InvoicedPeriodCosts;
import io.meterwise.core.chargeback.TagKeys;
import io.meterwise.core.cost.PeriodCharges;

/** Wires the chargeback use case to the stores and to the per-record charges of the cost feature. */
@Configuration(proxyBeanMethods = false)
class ChargebackConfiguration {

    @Bean
    ChargebackService chargebackService(Catalog catalog, Invoices invoices, PeriodCharges charges,
            ChargebackRuleStore rules, ChargebackReportStore reports, TagKeys tagKeys, Clock clock) {
        return new ChargebackService(catalog, new InvoicedPeriodCosts(catalog, invoices, charges), rules, reports,
                invoices, tagKeys, clock);
    }
}
