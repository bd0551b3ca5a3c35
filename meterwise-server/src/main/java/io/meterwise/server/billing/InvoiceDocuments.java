package io.meterwise.server.billing;

import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceDocumentStore;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.LedgerUsage;
import io.meterwise.server.storage.duckdb.JdbcInvoices;

/**
 * The PDF and usage CSV of an invoice. The PDF is rendered from the stored invoice on first request and kept
 * (inserted once, never replaced); before rendering, the invoice's content hash is checked against the one stored at
 * issue, so a PDF always shows what was issued.
 */
@Component
public class InvoiceDocuments {

    private final InvoiceDocumentStore documents;
    private final LedgerUsage usage;
    private final Catalog catalog;

    public InvoiceDocuments(InvoiceDocumentStore documents, LedgerUsage usage, Catalog catalog) {
        this.documents = documents;
        this.usage = usage;
        this.catalog = catalog;
    }

    public synchronized byte[] pdf(Invoice invoice) {
        Optional<byte[]> stored = stored(invoice);
        if (stored.isPresent()) {
            return stored.get();
        }
        String expected = documents.issuedContentHash(invoice.subscriptionId(), invoice.name())
                .orElseThrow(() -> new IllegalStateException("invoice " + invoice.name() + " is not stored"));
        if (!expected.equals(JdbcInvoices.contentHash(invoice))) {
            throw new IllegalStateException("invoice " + invoice.name() + " does not match its issued content");
        }
        byte[] pdf = InvoicePdf.render(invoice);
        documents.storePdfOnce(invoice.subscriptionId(), invoice.name(), pdf, JdbcInvoices.sha256(pdf));
        return stored(invoice).orElse(pdf);
    }

    private Optional<byte[]> stored(Invoice invoice) {
        return documents.pdf(invoice.subscriptionId(), invoice.name());
    }

    /**
     * The usage records behind an invoice as CSV: every record of the invoiced period, and of each re-rated prior
     * period, with a ledger sequence number up to the invoice's.
     */
    public String usageCsv(Invoice invoice) {
        StringWriter out = new StringWriter();
        out.write("invoiceName,billingPeriod,ingestSeq,recordId,meterId,meterName,meterCategory,usageStart,usageEnd,"
                + "quantity,unit,resourceUri,location,reportedAt\r\n");
        Map<UUID, Optional<Meter>> meters = new HashMap<>();
        for (BillingPeriod period : invoice.billingPeriods()) {
            for (LedgerUsage.Detail d : usage.details(invoice.subscriptionId(), period, invoice.ingestSeqHigh())) {
                Optional<Meter> meter = meters.computeIfAbsent(d.meterId(), catalog::meter);
                out.write(String.join(",", csv(invoice.name()), csv(period.month().toString().replace("-", "") + "-1"),
                        Long.toString(d.ingestSeq()), csv(d.recordId()), d.meterId().toString(),
                        csv(meter.map(Meter::name).orElse("")), csv(meter.map(Meter::category).orElse("")),
                        d.usageStart().toString(), d.usageEnd().toString(), d.quantity().toPlainString(),
                        csv(meter.map(Meter::unit).orElse("")), csv(d.resourceUri()), csv(d.location()),
                        d.reportedAt().toString()));
                out.write("\r\n");
            }
        }
        return out.toString();
    }

    private static String csv(String value) {
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        String safe = value;
        // a leading formula character would run in a spreadsheet
        if (!safe.isEmpty() && "=+-@".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
