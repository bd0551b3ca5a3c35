package io.meterwise.server.chargeback;

import io.meterwise.server.csv.SpreadsheetCsv;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.chargeback.Chargeback;
import io.meterwise.core.chargeback.ChargebackReport;
import io.meterwise.core.chargeback.CostLine;
import io.meterwise.core.money.Money;

/**
 * A cost centre's monthly showback statement: its row of the chargeback report and the charges behind each part, as
 * CSV (one line per charge and part) or as an A4 PDF (summary, then the charges grouped by resource group and meter
 * category).
 */
public final class ShowbackStatement {

    /** The charges behind one part of the row: {@code part} is {@code direct} or a shared-cost rule's name. */
    public record Part(String part, String rule, Money amount, List<Chargeback.Contribution> contributions) {
    }

    private static final Color RULE = new Color(0x33, 0x55, 0x88);
    private static final Font TITLE = new Font(Font.HELVETICA, 18, Font.BOLD, RULE);
    private static final Font H2 = new Font(Font.HELVETICA, 11, Font.BOLD, RULE);
    private static final Font LABEL = new Font(Font.HELVETICA, 8, Font.NORMAL, Color.DARK_GRAY);
    private static final Font TEXT = new Font(Font.HELVETICA, 8, Font.NORMAL);
    private static final Font BOLD = new Font(Font.HELVETICA, 8, Font.BOLD);

    private ShowbackStatement() {
    }

    public static String csv(ChargebackReport report, ChargebackReport.CostCentreRow row, List<Part> parts) {
        StringBuilder out = new StringBuilder();
        out.append("period,subscriptionId,costCentre,part,rule,chargeId,chargeType,resourceUri,meterCategory,"
                + "chargeCost,allocatedCost,currency\r\n");
        String currency = report.total().currency().getCurrencyCode();
        for (Part part : parts) {
            for (Chargeback.Contribution c : part.contributions()) {
                CostLine l = c.line();
                out.append(String.join(",", report.period().month().toString(), report.subscriptionId().toString(),
                        SpreadsheetCsv.cell(row.costCentre()), SpreadsheetCsv.cell(part.part()), SpreadsheetCsv.cell(part.rule()), SpreadsheetCsv.cell(l.id()),
                        SpreadsheetCsv.cell(l.chargeType()), SpreadsheetCsv.cell(l.resourceUri()), SpreadsheetCsv.cell(l.meterCategory()),
                        l.cost().toPlainString(), c.allocated().stripTrailingZeros().toPlainString(), currency))
                        .append("\r\n");
            }
        }
        return out.toString();
    }

    public static byte[] pdf(Subscription subscription, ChargebackReport report, ChargebackReport.CostCentreRow row,
            List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 40, 40, 48, 48);
        try {
            PdfWriter.getInstance(document, out);
            document.addTitle("Showback statement " + row.costCentre() + " " + report.period().month());
            document.addCreator("Meterwise");
            document.open();
            document.add(new Paragraph("SHOWBACK STATEMENT", TITLE));
            PdfPTable facts = new PdfPTable(new float[] {1, 3});
            facts.setWidthPercentage(100);
            facts.setSpacingBefore(8);
            fact(facts, "Cost centre", row.costCentre());
            fact(facts, "Period", report.period().month().toString());
            fact(facts, "Tenant", report.tenantId());
            fact(facts, "Subscription", subscription.displayName() + " (" + report.subscriptionId() + ")");
            fact(facts, "Rules", report.ruleVersion() + ", tag " + report.tagKey());
            fact(facts, "Status", report.estimated() ? "Estimated: the period is not invoiced yet"
                    : "Final: the period is invoiced (subscription total " + money(report.total()) + ")");
            document.add(facts);

            heading(document, "Summary");
            PdfPTable summary = new PdfPTable(new float[] {5, 1.5f});
            summary.setWidthPercentage(100);
            row(summary, "Direct cost (" + row.directRule() + ")", money(row.direct()), TEXT);
            for (ChargebackReport.SharedPart p : row.shared()) {
                row(summary, "Shared cost received: " + p.rule(), money(p.amount()), TEXT);
            }
            row(summary, "Total", money(row.total()), BOLD);
            document.add(summary);

            for (Part part : parts) {
                heading(document, (part.part().equals(Chargeback.DIRECT) ? "Direct charges" : "Shared: " + part.rule())
                        + " - " + money(part.amount()));
                Map<String, BigDecimal> groups = new LinkedHashMap<>();
                for (Chargeback.Contribution c : part.contributions()) {
                    String group = c.line().resourceGroup().isEmpty() ? "(no resource group)" : c.line().resourceGroup();
                    groups.merge(group + "  |  " + c.line().meterCategory(), c.allocated(), BigDecimal::add);
                }
                List<Map.Entry<String, BigDecimal>> sorted = new ArrayList<>(groups.entrySet());
                sorted.sort(Map.Entry.<String, BigDecimal>comparingByValue(Comparator.reverseOrder()));
                PdfPTable table = new PdfPTable(new float[] {5, 1.5f});
                table.setWidthPercentage(100);
                table.setHeaderRows(1);
                row(table, "Resource group  |  meter category", "Allocated", BOLD);
                for (Map.Entry<String, BigDecimal> e : sorted) {
                    row(table, e.getKey(), e.getValue().setScale(report.total().amount().scale() + 2,
                            java.math.RoundingMode.HALF_UP).toPlainString(), TEXT);
                }
                document.add(table);
            }
            Paragraph note = new Paragraph("Each part is the exact allocation rounded to the minor unit so that the cost "
                    + "centres add up exactly to the subscription's total; the lines above show unrounded sums. The "
                    + "CSV statement lists every charge behind each part.", LABEL);
            note.setSpacingBefore(10);
            document.add(note);
            document.close();
        } catch (Exception e) {
            throw new IllegalStateException("rendering the showback statement failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void heading(Document document, String text) throws Exception {
        Paragraph p = new Paragraph(text, H2);
        p.setSpacingBefore(12);
        p.setSpacingAfter(4);
        document.add(p);
    }

    private static void fact(PdfPTable table, String label, String value) {
        table.addCell(cell(label, LABEL, Element.ALIGN_LEFT));
        table.addCell(cell(value, BOLD, Element.ALIGN_LEFT));
    }

    private static void row(PdfPTable table, String label, String value, Font font) {
        table.addCell(cell(label, font, Element.ALIGN_LEFT));
        table.addCell(cell(value, font, Element.ALIGN_RIGHT));
    }

    private static PdfPCell cell(String text, Font font, int align) {
        PdfPCell c = new PdfPCell(new Phrase(text, font));
        c.setBorder(Rectangle.NO_BORDER);
        c.setHorizontalAlignment(align);
        c.setPaddingBottom(3);
        return c;
    }

    private static String money(Money m) {
        return m.amount().toPlainString() + " " + m.currency().getCurrencyCode();
    }
}
