package io.meterwise.core.billing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an issued invoice shows, pinned: stored at issue, checked before a PDF is rendered and when a deployment is
 * copied to another store. Changing this text changes the hash of every stored invoice, so it never changes.
 */
public final class InvoiceContentHash {

    private InvoiceContentHash() {
    }

    /** SHA-256 over a canonical text of the invoice: what the PDF and CSV of it must show. */
    public static String of(Invoice invoice) {
        StringBuilder text = new StringBuilder();
        text.append(invoice.name()).append('|').append(invoice.tenantId()).append('|').append(invoice.number())
                .append('|').append(invoice.subscriptionId()).append('|').append(invoice.offerDurableId()).append('|')
                .append(invoice.currency()).append('|').append(invoice.period().month()).append('|')
                .append(invoice.issuedAt()).append('|').append(invoice.ingestSeqHigh()).append('|')
                .append(invoice.reRatedPeriods()).append('|').append(invoice.total()).append('\n');
        for (InvoiceLine l : invoice.lines()) {
            text.append(l.lineNumber()).append('|').append(l.kind()).append('|').append(l.adjustedPeriod()).append('|')
                    .append(l.meterId()).append('|').append(l.description()).append('|').append(l.category())
                    .append('|').append(l.priceEffectiveFrom()).append('|').append(plain(l.tierThreshold()))
                    .append('|').append(plain(l.quantity())).append('|').append(plain(l.includedQuantityUsed()))
                    .append('|').append(plain(l.billableQuantity())).append('|').append(plain(l.unitPrice()))
                    .append('|').append(l.amount());
            if (!l.unit().isEmpty()) { // V4 added the unit; invoices issued before it hash as they did
                text.append('|').append(l.unit());
            }
            text.append('\n');
        }
        return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }
}
