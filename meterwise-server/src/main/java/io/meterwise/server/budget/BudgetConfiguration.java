package io.meterwise.server.budget;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.core.budget.AlertEvaluation;
import io.meterwise.core.budget.AlertStore;
import io.meterwise.core.budget.Alerts;
import io.meterwise.core.budget.BudgetStore;
import io.meterwise.core.budget.Budgets;
import io.meterwise.core.budget.LedgerSpendMeter;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.chargeback.TagKeys;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.forecast.BillForecaster;
import io.meterwise.core.forecast.ForecastSettings;
import io.meterwise.core.notify.NotificationOutbox;

/** The budget and alert use cases of the core, wired to the stores, the cost queries and the outbox. */
@Configuration(proxyBeanMethods = false)
class BudgetConfiguration {

    @Bean
    LedgerSpendMeter budgetSpendMeter(Catalog catalog, CostQueries queries) {
        return new LedgerSpendMeter(catalog, queries, new BillForecaster(ForecastSettings.defaults()));
    }

    @Bean
    Budgets budgets(BudgetStore store, LedgerSpendMeter meter, Catalog catalog, TagKeys tagKeys, Clock clock) {
        return new Budgets(store, meter, catalog, tagKeys, clock);
    }

    @Bean
    Alerts alerts(AlertStore store, Clock clock) {
        return new Alerts(store, clock);
    }

    /** Without a notification outbox (no delivery configured) alerts are stored and enqueued once one exists. */
    @Bean
    AlertEvaluation alertEvaluation(BudgetStore budgets, AlertStore alerts, LedgerSpendMeter meter,
            ObjectProvider<NotificationOutbox> outbox, Clock clock) {
        return new AlertEvaluation(budgets, alerts, meter, outbox.getIfAvailable(), clock);
    }
}
