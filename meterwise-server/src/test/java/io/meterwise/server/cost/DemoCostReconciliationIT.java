package io.meterwise.server.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.meterwise.server.testing.TwoMonthDemoFixture;
import io.meterwise.core.billing.Invoice;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.CostQuery;
import io.meterwise.core.cost.CostTable;
import io.meterwise.core.cost.TimeGrain;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.Invoices;

/**
 * The demo cloud through the real stores: every issued invoice equals the Query total of its period, and the
 * per-record charges (what usage details list) add up to it exactly.
 */
class DemoCostReconciliationIT extends TwoMonthDemoFixture {

    @Autowired
    InvoiceService invoiceService;
    @Autowired
    Invoices invoices;
    @Autowired
    CostQueries queries;
    @Autowired
    Catalog catalog;

    @Test
    void everyIssuedInvoiceEqualsTheQueryTotalOfItsPeriod() {
        invoiceService.issueDue();
        int checked = 0;
        for (Subscription s : catalog.subscriptions()) {
            for (Invoice invoice : invoices.ofSubscription(s.subscriptionId())) {
                CostTable table = queries.run(new CostQuery(s.subscriptionId(), null, invoice.period().start(),
                        invoice.period().end(), TimeGrain.NONE, List.of(), List.of(), null));
                BigDecimal total = table.rows().isEmpty() ? BigDecimal.ZERO : (BigDecimal) table.rows().get(0).get(0);
                assertThat(table.rows()).hasSizeLessThanOrEqualTo(1);
                assertThat(total).as(invoice.name()).isEqualByComparingTo(invoice.total().amount());
                BigDecimal[] charges = {BigDecimal.ZERO};
                queries.charges(s.subscriptionId(), null, invoice.period().start(), invoice.period().end(), null,
                        c -> charges[0] = charges[0].add(c.cost()));
                assertThat(charges[0]).as(invoice.name()).isEqualByComparingTo(invoice.total().amount());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }
}
