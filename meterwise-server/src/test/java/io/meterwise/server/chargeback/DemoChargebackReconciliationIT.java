package io.meterwise.server.chargeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import io.meterwise.server.testing.TwoMonthDemoFixture;
import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.chargeback.ChargebackReport;
import io.meterwise.core.chargeback.ChargebackRules;
import io.meterwise.core.chargeback.ChargebackService;
import io.meterwise.core.chargeback.RuleVersion;
import io.meterwise.core.chargeback.SharedCostRule;
import io.meterwise.core.chargeback.SharedScope;
import io.meterwise.core.chargeback.SplitMethod;
import io.meterwise.core.focus.FocusRows;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.focus.FocusCsv;
import io.meterwise.server.focus.FocusValidatorAccess;

/**
 * The demo cloud through the real stores: for every subscription and invoiced period, the chargeback report's cost
 * centres add up to the invoice, and the FOCUS export passes the validator with BilledCost equal to the invoice; the
 * open period's export is all estimated.
 */
class DemoChargebackReconciliationIT extends TwoMonthDemoFixture {

    @TempDir
    Path exportDir;

    @Autowired
    InvoiceService invoiceService;
    @Autowired
    Invoices invoices;
    @Autowired
    Catalog catalog;
    @Autowired
    ChargebackService chargeback;
    @Autowired
    FocusRows focus;

    @Test
    void everyInvoicedPeriodChargesBackAndExportsExactlyItsInvoice() throws Exception {
        invoiceService.issueDue();
        int checked = 0;
        for (Subscription s : catalog.subscriptions()) {
            try {
                chargeback.put(new RuleVersion(s.subscriptionId(), "demo", YearMonth.of(2020, 1), null,
                    new ChargebackRules("env", List.of("prod", "dev", "untagged"), Map.of("production", "prod"),
                            "untagged", List.of(new SharedCostRule("terms", SharedScope.METER_CATEGORY, "Offer terms",
                                    SplitMethod.PROPORTIONAL, List.of("prod", "dev"), Map.of())))));
            } catch (ChargebackService.ChargebackException e) {
                // a subscription none of whose records carries the tag: only possible without usage
                assertThat(e.code()).isEqualTo("UnknownTag");
                assertThat(invoices.ofSubscription(s.subscriptionId())).allMatch(i -> i.lines().stream()
                        .noneMatch(l -> l.kind() == io.meterwise.core.billing.LineKind.USAGE));
                continue;
            }
            for (Invoice invoice : invoices.ofSubscription(s.subscriptionId())) {
                ChargebackReport report = chargeback.report(s, invoice.period());
                Money sum = Money.zero(invoice.currency());
                for (ChargebackReport.CostCentreRow row : report.rows()) {
                    sum = sum.plus(row.total());
                }
                assertThat(sum).as(invoice.name()).isEqualTo(invoice.total());
                assertThat(report.estimated()).isFalse();

                FocusValidatorAccess.Result result = FocusValidatorAccess.validate(export(s, invoice.period()));
                assertThat(result.problems()).as(invoice.name()).isEmpty();
                // an invoice without any charge (no usage, no terms) has no rows
                assertThat(invoice.name()).isIn(result.billedByInvoice().isEmpty() ? List.of(invoice.name())
                        : result.billedByInvoice().keySet());
                assertThat(result.billedByInvoice().getOrDefault(invoice.name(), java.math.BigDecimal.ZERO))
                        .as(invoice.name()).isEqualByComparingTo(invoice.total().amount());
                checked++;
            }
            BillingPeriod open = BillingPeriod.of(2026, 3);
            FocusValidatorAccess.Result estimate = FocusValidatorAccess.validate(export(s, open));
            assertThat(estimate.problems()).isEmpty();
            assertThat(estimate.billedByInvoice()).isEmpty();
            assertThat(estimate.billedWithoutInvoice()).isEqualByComparingTo(
                    chargeback.report(s, open).total().amount());
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    private Path export(Subscription s, BillingPeriod period) throws Exception {
        Path file = exportDir.resolve("focus-" + s.subscriptionId() + "-" + period.month() + ".csv");
        try (Writer out = Files.newBufferedWriter(file)) {
            FocusCsv csv = new FocusCsv(out);
            csv.header();
            focus.rows(s, period, csv::row);
        }
        return file;
    }

}
