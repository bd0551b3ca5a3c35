package io.meterwise.server.billing;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceLine;
import io.meterwise.core.billing.LineKind;
import io.meterwise.core.money.Money;

/**
 * Renders an invoice as a landscape A4 PDF: header (with the due date), summary, usage by meter category, offer terms,
 * adjustments, total. Everything shown comes from the stored invoice, as issued. Numbers have thousands separators and
 * a fixed number of decimals per column (quantities {@value #QUANTITY_DECIMALS}, unit prices
 * {@value #PRICE_DECIMALS}, amounts the currency's minor unit), and never wrap.
 */
public final class InvoicePdf {

    private static final Color RULE = new Color(0x33, 0x55, 0x88);
    private static final Color SHADE = new Color(0xEE, 0xF2, 0xF8);
    private static final Font TITLE = new Font(Font.HELVETICA, 20, Font.BOLD, RULE);
    private static final Font H2 = new Font(Font.HELVETICA, 11, Font.BOLD, RULE);
    private static final Font LABEL = new Font(Font.HELVETICA, 8, Font.NORMAL, Color.DARK_GRAY);
    private static final Font TEXT = new Font(Font.HELVETICA, 8, Font.NORMAL);
    private static final Font BOLD = new Font(Font.HELVETICA, 8, Font.BOLD);
    private static final Font TOTAL = new Font(Font.HELVETICA, 11, Font.BOLD);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    /** Payment terms: an invoice is due this many days after its issue date (docs/invoices.md). */
    static final int PAYMENT_DAYS = 30;
    static final int QUANTITY_DECIMALS = 4;
    static final int PRICE_DECIMALS = 6;

    private InvoicePdf() {
    }

    public static byte[] render(Invoice invoice) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4.rotate(), 36, 36, 40, 52);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            writer.setPageEvent(new Footer(invoice));
            document.addTitle("Invoice " + invoice.name());
            document.addCreator("Meterwise");
            document.open();
            header(document, invoice);
            summary(document, invoice);
            usage(document, invoice);
            terms(document, invoice);
            adjustments(document, invoice);
            total(document, invoice);
            document.close();
        } catch (Exception e) {
            throw new IllegalStateException("rendering invoice " + invoice.name() + " failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void header(Document document, Invoice invoice) throws Exception {
        PdfPTable top = new PdfPTable(new float[] {1, 1});
        top.setWidthPercentage(100);
        PdfPCell left = borderless();
        left.addElement(new Paragraph("INVOICE", TITLE));
        left.addElement(new Paragraph("Meterwise cloud billing", LABEL));
        top.addCell(left);
        PdfPTable facts = new PdfPTable(new float[] {1, 1.4f});
        fact(facts, "Invoice number", String.valueOf(invoice.number()));
        fact(facts, "Invoice name", invoice.name());
        fact(facts, "Issue date", DATE.format(invoice.issuedAt().atOffset(ZoneOffset.UTC)));
        fact(facts, "Due date", DATE.format(invoice.issuedAt().atOffset(ZoneOffset.UTC).plusDays(PAYMENT_DAYS)));
        fact(facts, "Billing period", DATE.format(invoice.periodStartDate()) + " - "
                + DATE.format(invoice.periodEndDate()));
        fact(facts, "Currency", invoice.currency().getCurrencyCode());
        PdfPCell right = borderless();
        right.addElement(facts);
        top.addCell(right);
        document.add(top);

        PdfPTable billTo = new PdfPTable(new float[] {1, 3});
        billTo.setWidthPercentage(100);
        billTo.setSpacingBefore(10);
        fact(billTo, "Tenant", invoice.tenantId());
        fact(billTo, "Subscription", invoice.subscriptionName());
        fact(billTo, "Subscription ID", invoice.subscriptionId().toString());
        fact(billTo, "Offer", invoice.offerDurableId());
        document.add(billTo);
    }

    private static void summary(Document document, Invoice invoice) throws Exception {
        heading(document, "Summary");
        PdfPTable table = new PdfPTable(new float[] {4, 1.4f});
        table.setWidthPercentage(60);
        table.setHorizontalAlignment(Element.ALIGN_LEFT);
        summaryRow(table, "Usage charges", invoice.sumOf(LineKind.USAGE, false));
        summaryRow(table, "Monetary commitment discount", invoice.sumOf(LineKind.COMMITMENT_DISCOUNT, false));
        summaryRow(table, "Monetary credit applied", invoice.sumOf(LineKind.MONETARY_CREDIT, false));
        summaryRow(table, "Recurring charges", invoice.sumOf(LineKind.RECURRING_CHARGE, false));
        summaryRow(table, "Prior-period adjustments", invoice.adjustmentsTotal());
        PdfPCell label = cell("Total due", TOTAL, Element.ALIGN_LEFT);
        label.setBorder(Rectangle.TOP);
        PdfPCell value = cell(money(invoice.total()), TOTAL, Element.ALIGN_RIGHT);
        value.setNoWrap(true);
        value.setBorder(Rectangle.TOP);
        table.addCell(label);
        table.addCell(value);
        document.add(table);
    }

    private static void usage(Document document, Invoice invoice) throws Exception {
        Map<String, List<InvoiceLine>> byCategory = new LinkedHashMap<>();
        for (InvoiceLine line : invoice.lines()) {
            if (line.kind() == LineKind.USAGE && !line.isAdjustment()) {
                byCategory.computeIfAbsent(line.category(), k -> new ArrayList<>()).add(line);
            }
        }
        heading(document, "Usage charges");
        if (byCategory.isEmpty()) {
            document.add(new Paragraph("No usage in this billing period.", TEXT));
            return;
        }
        PdfPTable table = lineTable();
        for (var category : byCategory.entrySet()) {
            PdfPCell head = cell(category.getKey(), BOLD, Element.ALIGN_LEFT);
            head.setColspan(9);
            head.setBackgroundColor(SHADE);
            table.addCell(head);
            Money subtotal = Money.zero(invoice.currency());
            for (InvoiceLine l : category.getValue()) {
                table.addCell(cell(l.description(), TEXT, Element.ALIGN_LEFT));
                table.addCell(cell(l.unit(), TEXT, Element.ALIGN_LEFT));
                table.addCell(cell(l.priceEffectiveFrom() == null ? ""
                        : DATE.format(l.priceEffectiveFrom().atOffset(ZoneOffset.UTC)), TEXT, Element.ALIGN_LEFT));
                table.addCell(numberCell(l.tierThreshold() == null ? "" : number(l.tierThreshold(), QUANTITY_DECIMALS)));
                table.addCell(numberCell(number(l.quantity(), QUANTITY_DECIMALS)));
                table.addCell(numberCell(number(l.includedQuantityUsed(), QUANTITY_DECIMALS)));
                table.addCell(numberCell(number(l.billableQuantity(), QUANTITY_DECIMALS)));
                table.addCell(numberCell(l.unitPrice() == null ? "" : number(l.unitPrice(), PRICE_DECIMALS)));
                table.addCell(numberCell(amount(l.amount())));
                subtotal = subtotal.plus(l.amount());
            }
            PdfPCell label = cell("Subtotal " + category.getKey(), BOLD, Element.ALIGN_RIGHT);
            label.setColspan(8);
            table.addCell(label);
            PdfPCell value = cell(amount(subtotal), BOLD, Element.ALIGN_RIGHT);
            value.setNoWrap(true);
            table.addCell(value);
        }
        document.add(table);
    }

    private static void terms(Document document, Invoice invoice) throws Exception {
        List<InvoiceLine> terms = invoice.lines().stream()
                .filter(l -> l.kind() != LineKind.USAGE && !l.isAdjustment()).toList();
        if (terms.isEmpty()) {
            return;
        }
        heading(document, "Credits, discounts and recurring charges");
        PdfPTable table = new PdfPTable(new float[] {8, 1.4f});
        table.setWidthPercentage(100);
        for (InvoiceLine l : terms) {
            table.addCell(cell(l.description(), TEXT, Element.ALIGN_LEFT));
            table.addCell(numberCell(amount(l.amount())));
        }
        document.add(table);
    }

    private static void adjustments(Document document, Invoice invoice) throws Exception {
        List<InvoiceLine> adjustments = invoice.lines().stream().filter(InvoiceLine::isAdjustment).toList();
        if (adjustments.isEmpty()) {
            return;
        }
        heading(document, "Prior-period adjustments (usage reported after its period was invoiced)");
        PdfPTable table = new PdfPTable(new float[] {6.5f, 1.1f, 1.6f, 1.4f});
        table.setWidthPercentage(100);
        table.addCell(cell("Description", BOLD, Element.ALIGN_LEFT));
        table.addCell(cell("Unit", BOLD, Element.ALIGN_LEFT));
        table.addCell(cell("Quantity", BOLD, Element.ALIGN_RIGHT));
        table.addCell(cell("Amount", BOLD, Element.ALIGN_RIGHT));
        for (InvoiceLine l : adjustments) {
            table.addCell(cell(l.description(), TEXT, Element.ALIGN_LEFT));
            table.addCell(cell(l.unit(), TEXT, Element.ALIGN_LEFT));
            table.addCell(numberCell(l.kind() == LineKind.USAGE ? number(l.quantity(), QUANTITY_DECIMALS) : ""));
            table.addCell(numberCell(amount(l.amount())));
        }
        document.add(table);
    }

    private static void total(Document document, Invoice invoice) throws Exception {
        Paragraph total = new Paragraph("Total due: " + money(invoice.total()), TOTAL);
        total.setAlignment(Element.ALIGN_RIGHT);
        total.setSpacingBefore(14);
        document.add(total);
        Paragraph note = new Paragraph("Payable within " + PAYMENT_DAYS + " days of the issue date. Amounts are in "
                + invoice.currency().getCurrencyCode() + ", rounded half up to the minor unit of the currency once per "
                + "line; the total is the exact sum of the lines. Quantities are shown to " + QUANTITY_DECIMALS
                + " decimals and unit prices to " + PRICE_DECIMALS + " (lines are computed at full precision). A "
                + "price version or term in force for part of the month is prorated by its time in force. Taxes are "
                + "not included. The usage records behind this invoice are available as CSV from the Invoice API "
                + "(usageDetails.csv).", LABEL);
        note.setSpacingBefore(8);
        document.add(note);
    }

    private static PdfPTable lineTable() {
        PdfPTable table = new PdfPTable(new float[] {4.6f, 1.1f, 1.1f, 1.5f, 1.7f, 1.5f, 1.7f, 1.2f, 1.5f});
        table.setWidthPercentage(100);
        table.setHeaderRows(1);
        for (String h : List.of("Meter", "Unit", "Price from", "Tier from", "Quantity", "Included", "Billable",
                "Unit price", "Amount")) {
            PdfPCell c = cell(h, BOLD, h.equals("Meter") || h.equals("Unit") || h.equals("Price from")
                    ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
            c.setBorder(Rectangle.BOTTOM);
            table.addCell(c);
        }
        return table;
    }

    private static void heading(Document document, String text) throws Exception {
        Paragraph p = new Paragraph(text, H2);
        p.setSpacingBefore(14);
        p.setSpacingAfter(4);
        document.add(p);
    }

    private static void summaryRow(PdfPTable table, String label, Money amount) {
        table.addCell(cell(label, TEXT, Element.ALIGN_LEFT));
        table.addCell(numberCell(money(amount)));
    }

    private static void fact(PdfPTable table, String label, String value) {
        table.addCell(cell(label, LABEL, Element.ALIGN_LEFT));
        table.addCell(cell(value, BOLD, Element.ALIGN_LEFT));
    }

    private static PdfPCell borderless() {
        PdfPCell c = new PdfPCell();
        c.setBorder(Rectangle.NO_BORDER);
        return c;
    }

    private static PdfPCell cell(String text, Font font, int align) {
        PdfPCell c = new PdfPCell(new Phrase(text, font));
        c.setBorder(Rectangle.NO_BORDER);
        c.setHorizontalAlignment(align);
        c.setPaddingTop(2);
        c.setPaddingBottom(3);
        return c;
    }

    /** A right-aligned number cell that never wraps. */
    private static PdfPCell numberCell(String text) {
        PdfPCell c = cell(text, TEXT, Element.ALIGN_RIGHT);
        c.setNoWrap(true);
        return c;
    }

    /** {@code 62,559.51 USD}. */
    static String money(Money money) {
        return amount(money) + " " + money.currency().getCurrencyCode();
    }

    /** {@code 62,559.51}: thousands separators, the currency's decimals. */
    static String amount(Money money) {
        return number(money.amount(), money.amount().scale());
    }

    /** Thousands separators and exactly {@code decimals} decimals, half up for display only. */
    static String number(BigDecimal value, int decimals) {
        DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.US));
        format.setMinimumFractionDigits(decimals);
        format.setMaximumFractionDigits(decimals);
        format.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return format.format(value);
    }

    /** "Page n of m" and the invoice name on every page. */
    private static final class Footer extends PdfPageEventHelper {
        private final Invoice invoice;
        private PdfTemplate totalPages;
        private BaseFont font;

        Footer(Invoice invoice) {
            this.invoice = invoice;
        }

        @Override
        public void onOpenDocument(PdfWriter writer, Document document) {
            totalPages = writer.getDirectContent().createTemplate(30, 12);
            try {
                font = BaseFont.createFont(BaseFont.HELVETICA, BaseFont.WINANSI, false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onEndPage(PdfWriter writer, Document document) {
            PdfContentByte cb = writer.getDirectContent();
            cb.setColorStroke(RULE);
            cb.moveTo(document.left(), document.bottom() - 12);
            cb.lineTo(document.right(), document.bottom() - 12);
            cb.stroke();
            ColumnText.showTextAligned(cb, Element.ALIGN_LEFT, new Phrase("Invoice " + invoice.name() + "  |  "
                    + invoice.subscriptionId(), LABEL), document.left(), document.bottom() - 26, 0);
            String text = "Page " + writer.getPageNumber() + " of ";
            float width = font.getWidthPoint(text, 8);
            float x = document.right() - width - 16;
            cb.beginText();
            cb.setFontAndSize(font, 8);
            cb.setTextMatrix(x, document.bottom() - 26);
            cb.showText(text);
            cb.endText();
            cb.addTemplate(totalPages, x + width, document.bottom() - 26);
        }

        @Override
        public void onCloseDocument(PdfWriter writer, Document document) {
            totalPages.beginText();
            totalPages.setFontAndSize(font, 8);
            totalPages.setTextMatrix(0, 0);
            totalPages.showText(String.valueOf(writer.getPageNumber() - 1));
            totalPages.endText();
        }
    }

}
