package io.meterwise.core.billing;

import java.util.Optional;
import java.util.UUID;

/** Rendered invoice documents, each stored once and never replaced, and the content hashes taken at issue. */
public interface InvoiceDocumentStore {

    /** The stored PDF of an invoice, if it was rendered before. */
    Optional<byte[]> pdf(UUID subscriptionId, String invoiceName);

    /** Stores a PDF unless one is stored already (then the stored one stays). */
    void storePdfOnce(UUID subscriptionId, String invoiceName, byte[] pdf, String pdfSha256);

    /** The content hash stored when the invoice was issued. */
    Optional<String> issuedContentHash(UUID subscriptionId, String invoiceName);
}
