package io.meterwise.server.billing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;

import javax.sql.DataSource;

import org.springframework.stereotype.Repository;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceLine;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.billing.LineKind;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

/** Invoices in DuckDB: inserted once in a transaction with the tenant's counter, never updated. */
@Repository
public class JdbcInvoices implements Invoices {

    private static final String INVOICE_COLUMNS = "subscription_id, name, tenant_id, invoice_number, "
            + "subscription_name, offer_id, currency, period_month, issued_at, ingest_seq_high, total";

    private final DataSource dataSource;

    public JdbcInvoices(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Invoice> find(UUID subscriptionId, String name) {
        return query("WHERE subscription_id = ? AND name = ?", subscriptionId, name).stream().findFirst();
    }

    @Override
    public Optional<Invoice> forPeriod(UUID subscriptionId, BillingPeriod period) {
        return query("WHERE subscription_id = ? AND period_month = ?", subscriptionId, period.month().toString())
                .stream().findFirst();
    }

    @Override
    public List<Invoice> ofSubscription(UUID subscriptionId) {
        return query("WHERE subscription_id = ?", subscriptionId);
    }

    @Override
    public synchronized Issued issue(String tenantId, UUID subscriptionId, BillingPeriod period,
            LongFunction<Invoice> build) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Invoice> existing = forPeriod(c, subscriptionId, period);
                if (existing.isPresent()) {
                    c.rollback();
                    return new Issued(existing.get(), false);
                }
                long number = nextNumber(c, tenantId);
                Invoice invoice = build.apply(number);
                if (invoice.number() != number || !invoice.period().equals(period)
                        || !invoice.subscriptionId().equals(subscriptionId)) {
                    throw new IllegalStateException("built invoice does not match the number or period it was given");
                }
                insert(c, invoice);
                c.commit();
                return new Issued(invoice, true);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("issuing the invoice of " + subscriptionId + " for " + period.month()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** SHA-256 over a canonical text of the invoice: what the PDF and CSV of it must show. */
    public static String contentHash(Invoice invoice) {
        StringBuilder text = new StringBuilder();
        text.append(invoice.name()).append('|').append(invoice.tenantId()).append('|').append(invoice.number())
                .append('|').append(invoice.subscriptionId()).append('|').append(invoice.offerDurableId()).append('|')
                .append(invoice.currency()).append('|').append(invoice.period().month()).append('|')
                .append(invoice.issuedAt()).append('|').append(invoice.ingestSeqHigh()).append('|')
                .append(invoice.total()).append('\n');
        for (InvoiceLine l : invoice.lines()) {
            text.append(l.lineNumber()).append('|').append(l.kind()).append('|').append(l.adjustedPeriod()).append('|')
                    .append(l.meterId()).append('|').append(l.description()).append('|').append(l.category())
                    .append('|').append(l.priceEffectiveFrom()).append('|').append(plain(l.tierThreshold()))
                    .append('|').append(plain(l.quantity())).append('|').append(plain(l.includedQuantityUsed()))
                    .append('|').append(plain(l.billableQuantity())).append('|').append(plain(l.unitPrice()))
                    .append('|').append(l.amount()).append('\n');
        }
        return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored content hash of an invoice, to check a rendering against. */
    public Optional<String> storedContentHash(UUID subscriptionId, String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "SELECT content_sha256 FROM invoice WHERE subscription_id = ? AND name = ?")) {
            p.setObject(1, subscriptionId);
            p.setString(2, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    private Optional<Invoice> forPeriod(Connection c, UUID subscriptionId, BillingPeriod period) throws SQLException {
        return query(c, "WHERE subscription_id = ? AND period_month = ?", subscriptionId, period.month().toString())
                .stream().findFirst();
    }

    private static long nextNumber(Connection c, String tenantId) throws SQLException {
        long last = 0;
        boolean exists = false;
        try (PreparedStatement p = c.prepareStatement("SELECT last_number FROM invoice_counter WHERE tenant_id = ?")) {
            p.setString(1, tenantId);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    exists = true;
                    last = rs.getLong(1);
                }
            }
        }
        String sql = exists ? "UPDATE invoice_counter SET last_number = ? WHERE tenant_id = ?"
                : "INSERT INTO invoice_counter (last_number, tenant_id) VALUES (?, ?)";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, last + 1);
            p.setString(2, tenantId);
            p.executeUpdate();
        }
        return last + 1;
    }

    private static void insert(Connection c, Invoice invoice) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO invoice (" + INVOICE_COLUMNS
                + ", content_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setObject(1, invoice.subscriptionId());
            p.setString(2, invoice.name());
            p.setString(3, invoice.tenantId());
            p.setLong(4, invoice.number());
            p.setString(5, invoice.subscriptionName());
            p.setString(6, invoice.offerDurableId());
            p.setString(7, invoice.currency().getCurrencyCode());
            p.setString(8, invoice.period().month().toString());
            p.setObject(9, utc(invoice.issuedAt()));
            p.setLong(10, invoice.ingestSeqHigh());
            p.setBigDecimal(11, invoice.total().amount());
            p.setString(12, contentHash(invoice));
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO invoice_coverage (subscription_id, invoice_name, "
                + "period_month, ingest_seq_high) VALUES (?, ?, ?, ?)")) {
            List<BillingPeriod> covered = new ArrayList<>(invoice.reRatedPeriods());
            covered.add(invoice.period());
            for (BillingPeriod period : covered) {
                p.setObject(1, invoice.subscriptionId());
                p.setString(2, invoice.name());
                p.setString(3, period.month().toString());
                p.setLong(4, invoice.ingestSeqHigh());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO invoice_line (subscription_id, invoice_name, "
                + "line_number, kind, adjusted_period, meter_id, description, category, price_effective_from, "
                + "tier_threshold, quantity, included_quantity_used, billable_quantity, unit_price, amount) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (InvoiceLine l : invoice.lines()) {
                p.setObject(1, invoice.subscriptionId());
                p.setString(2, invoice.name());
                p.setInt(3, l.lineNumber());
                p.setString(4, l.kind().name());
                p.setString(5, l.adjustedPeriod() == null ? null : l.adjustedPeriod().month().toString());
                p.setObject(6, l.meterId());
                p.setString(7, l.description());
                p.setString(8, l.category());
                p.setObject(9, l.priceEffectiveFrom() == null ? null : utc(l.priceEffectiveFrom()));
                p.setString(10, text(l.tierThreshold()));
                p.setString(11, text(l.quantity()));
                p.setString(12, text(l.includedQuantityUsed()));
                p.setString(13, text(l.billableQuantity()));
                p.setString(14, text(l.unitPrice()));
                p.setBigDecimal(15, l.amount().amount());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp ts) {
            return ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        return ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
    }

    private List<Invoice> query(String where, Object... args) {
        try (Connection c = dataSource.getConnection()) {
            return query(c, where, args);
        } catch (SQLException e) {
            throw new IllegalStateException("reading invoices failed: " + e.getMessage(), e);
        }
    }

    private static List<Invoice> query(Connection c, String where, Object... args) throws SQLException {
        record Head(UUID sid, String name, String tenant, long number, String subName, String offer, Currency cur,
                BillingPeriod period, Instant issuedAt, long seqHigh, BigDecimal total) {
        }
        Map<String, Head> heads = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + INVOICE_COLUMNS + " FROM invoice " + where
                + " ORDER BY period_month DESC, name DESC")) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Head h = new Head(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), rs.getString(6), Currency.getInstance(rs.getString(7)),
                            new BillingPeriod(YearMonth.parse(rs.getString(8))), instant(rs.getObject(9)),
                            rs.getLong(10), rs.getBigDecimal(11));
                    heads.put(h.sid() + "/" + h.name(), h);
                }
            }
        }
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<String, List<InvoiceLine>> lines = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT l.subscription_id, l.invoice_name, l.line_number, "
                + "l.kind, l.adjusted_period, l.meter_id, l.description, l.category, l.price_effective_from, "
                + "l.tier_threshold, l.quantity, l.included_quantity_used, l.billable_quantity, l.unit_price, "
                + "l.amount FROM invoice_line l JOIN invoice i ON i.subscription_id = l.subscription_id "
                + "AND i.name = l.invoice_name " + where.replace("subscription_id", "i.subscription_id")
                        .replace("name =", "i.name =").replace("period_month", "i.period_month")
                + " ORDER BY l.invoice_name, l.line_number")) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getObject(1, UUID.class) + "/" + rs.getString(2);
                    Head h = heads.get(key);
                    String adjusted = rs.getString(5);
                    lines.computeIfAbsent(key, k -> new ArrayList<>()).add(new InvoiceLine(rs.getInt(3),
                            LineKind.valueOf(rs.getString(4)),
                            adjusted == null ? null : new BillingPeriod(YearMonth.parse(adjusted)),
                            rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8), instant(rs.getObject(9)),
                            decimal(rs.getString(10)), decimal(rs.getString(11)), decimal(rs.getString(12)),
                            decimal(rs.getString(13)), decimal(rs.getString(14)),
                            Money.of(rs.getBigDecimal(15), h.cur())));
                }
            }
        }
        Map<String, List<BillingPeriod>> reRated = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT v.subscription_id, v.invoice_name, v.period_month "
                + "FROM invoice_coverage v JOIN invoice i ON i.subscription_id = v.subscription_id "
                + "AND i.name = v.invoice_name AND i.period_month <> v.period_month "
                + where.replace("subscription_id", "i.subscription_id").replace("name =", "i.name =")
                        .replace("period_month", "i.period_month")
                + " ORDER BY v.period_month")) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    reRated.computeIfAbsent(rs.getObject(1, UUID.class) + "/" + rs.getString(2),
                            k -> new ArrayList<>()).add(new BillingPeriod(YearMonth.parse(rs.getString(3))));
                }
            }
        }
        List<Invoice> result = new ArrayList<>();
        for (var e : heads.entrySet()) {
            Head h = e.getValue();
            result.add(new Invoice(h.name(), h.tenant(), h.number(), h.sid(), h.subName(), h.offer(), h.cur(),
                    h.period(), h.issuedAt(), h.seqHigh(), reRated.getOrDefault(e.getKey(), List.of()),
                    lines.getOrDefault(e.getKey(), List.of()),
                    Money.of(h.total(), h.cur())));
        }
        return result;
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }
}
