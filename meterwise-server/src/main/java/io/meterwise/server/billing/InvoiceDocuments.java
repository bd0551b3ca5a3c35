package io.meterwise.server.billing;

import io.meterwise.server.csv.SpreadsheetCsv;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceDocumentStore;
import io.meterwise.core.billing.InvoiceLine;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.billing.LineKind;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.LedgerUsage;
import io.meterwise.core.billing.InvoiceContentHash;

/**
 * The PDF and usage CSV of an invoice. The PDF is rendered from the stored invoice on first request and kept
 * (inserted once, never replaced); before rendering, the invoice's content hash is checked against the one stored at
 * issue, so a PDF always shows what was issued.
 */
@Component
public class InvoiceDocuments {

    private final InvoiceDocumentStore documents;
    private final LedgerUsage usage;
    private final Invoices invoices;

    public InvoiceDocuments(InvoiceDocumentStore documents, LedgerUsage usage, Invoices invoices) {
        this.documents = documents;
        this.usage = usage;
        this.invoices = invoices;
    }

    public synchronized byte[] pdf(Invoice invoice) {
        Optional<byte[]> stored = stored(invoice);
        if (stored.isPresent()) {
            return stored.get();
        }
        String expected = documents.issuedContentHash(invoice.subscriptionId(), invoice.name())
                .orElseThrow(() -> new IllegalStateException("invoice " + invoice.name() + " is not stored"));
        if (!expected.equals(InvoiceContentHash.of(invoice))) {
            throw new IllegalStateException("invoice " + invoice.name() + " does not match its issued content");
        }
        byte[] pdf = InvoicePdf.render(invoice);
        documents.storePdfOnce(invoice.subscriptionId(), invoice.name(), pdf, InvoiceContentHash.sha256(pdf));
        return stored(invoice).orElse(pdf);
    }

    private Optional<byte[]> stored(Invoice invoice) {
        return documents.pdf(invoice.subscriptionId(), invoice.name());
    }

    /**
     * The usage records behind an invoice as CSV: every record of the invoiced period up to the invoice's ledger
     * sequence number and, for each prior period it adjusts, only the late records the adjustment charges (after the
     * bound of the latest earlier invoice that covered that period). Meter name, category and unit are the ones frozen on
     * the invoice's lines at issue, never the live catalog's.
     */
    public String usageCsv(Invoice invoice) {
        StringWriter out = new StringWriter();
        out.write("invoiceName,billingPeriod,ingestSeq,recordId,meterId,meterName,meterCategory,usageStart,usageEnd,"
                + "quantity,unit,resourceUri,location,reportedAt\r\n");
        Map<UUID, InvoiceLine> asIssued = meterLines(invoice);
        List<Invoice> all = invoices.ofSubscription(invoice.subscriptionId());
        for (BillingPeriod period : invoice.billingPeriods()) {
            long coveredBefore = period.equals(invoice.period()) ? 0 : coveredBefore(invoice, period, all);
            for (LedgerUsage.Detail d : usage.details(invoice.subscriptionId(), period, invoice.ingestSeqHigh())) {
                if (d.ingestSeq() <= coveredBefore) {
                    continue; // charged by an earlier invoice: this one adjusts only for the later records
                }
                InvoiceLine line = asIssued.get(d.meterId());
                out.write(String.join(",", SpreadsheetCsv.cell(invoice.name()), SpreadsheetCsv.cell(period.month().toString().replace("-", "") + "-1"),
                        Long.toString(d.ingestSeq()), SpreadsheetCsv.cell(d.recordId()), d.meterId().toString(),
                        SpreadsheetCsv.cell(line == null ? "" : meterName(line)), SpreadsheetCsv.cell(line == null ? "" : line.category()),
                        d.usageStart().toString(), d.usageEnd().toString(), d.quantity().toPlainString(),
                        SpreadsheetCsv.cell(line == null ? "" : line.unit()), SpreadsheetCsv.cell(d.resourceUri()), SpreadsheetCsv.cell(d.location()),
                        d.reportedAt().toString()));
                out.write("\r\n");
            }
        }
        return out.toString();
    }

    /** The highest ledger sequence an earlier invoice of the subscription took into account for {@code period}. */
    private static long coveredBefore(Invoice invoice, BillingPeriod period, List<Invoice> all) {
        long high = 0;
        for (Invoice other : all) {
            boolean covers = other.period().equals(period) || other.reRatedPeriods().contains(period);
            if (covers && other.ingestSeqHigh() < invoice.ingestSeqHigh()) {
                high = Math.max(high, other.ingestSeqHigh());
            }
        }
        return high;
    }

    /** Per meter, the first usage line of the invoice that names it (own period first, then adjustments). */
    private static Map<UUID, InvoiceLine> meterLines(Invoice invoice) {
        Map<UUID, InvoiceLine> lines = new HashMap<>();
        for (InvoiceLine line : invoice.lines()) {
            if (line.kind() == LineKind.USAGE && line.meterId() != null) {
                lines.putIfAbsent(line.meterId(), line);
            }
        }
        return lines;
    }

    /** The meter's name as issued: an adjustment line's description is prefixed with what it adjusts. */
    private static String meterName(InvoiceLine line) {
        String description = line.description();
        return line.isAdjustment() ? description.substring(description.indexOf(": ") + 2) : description;
    }
}
