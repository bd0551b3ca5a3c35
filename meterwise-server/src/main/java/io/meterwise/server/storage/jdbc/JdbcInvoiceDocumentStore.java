package io.meterwise.server.storage.jdbc;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.meterwise.core.billing.InvoiceDocumentStore;

/** Invoice PDFs in table {@code invoice_document}, inserted once and never replaced. */
@Component
class JdbcInvoiceDocumentStore implements InvoiceDocumentStore {

    private final JdbcTemplate jdbc;
    private final JdbcInvoices invoices;
    private final Clock clock;

    JdbcInvoiceDocumentStore(JdbcTemplate jdbc, JdbcInvoices invoices, Clock clock) {
        this.jdbc = jdbc;
        this.invoices = invoices;
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> pdf(UUID subscriptionId, String invoiceName) {
        List<byte[]> found = jdbc.query("SELECT pdf FROM invoice_document WHERE subscription_id = ? AND invoice_name = ?",
                (rs, i) -> rs.getBytes(1), subscriptionId, invoiceName);
        return found.stream().findFirst();
    }

    @Override
    public void storePdfOnce(UUID subscriptionId, String invoiceName, byte[] pdf, String pdfSha256) {
        jdbc.update("INSERT INTO invoice_document (subscription_id, invoice_name, pdf, pdf_sha256, "
                + "rendered_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", subscriptionId, invoiceName, pdf, pdfSha256,
                JdbcLedgerUsage.utc(clock.instant()));
    }

    @Override
    public Optional<String> issuedContentHash(UUID subscriptionId, String invoiceName) {
        return invoices.storedContentHash(subscriptionId, invoiceName);
    }
}
