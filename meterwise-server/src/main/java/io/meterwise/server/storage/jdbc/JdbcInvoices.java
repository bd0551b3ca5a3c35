package io.meterwise.server.storage.jdbc;

import java.math.BigDecimal;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.stereotype.Repository;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceContentHash;
import io.meterwise.core.billing.InvoiceLine;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.billing.LineKind;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

/**
 * Invoices: inserted once in a transaction with the tenant's counter, never updated. Issuing holds the store's
 * {@link SqlDialect.WriterLock#INVOICE_ISSUING} lock, so replicas sharing a store number invoices gaplessly.
 */
@Repository
public class JdbcInvoices implements Invoices {

    private static final String INVOICE_COLUMNS = "subscription_id, name, tenant_id, invoice_number, "
            + "subscription_name, offer_id, currency, period_month, issued_at, ingest_seq_high, total";

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public JdbcInvoices(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    @Override
    public Optional<Invoice> find(UUID subscriptionId, String name) {
        return query("WHERE subscription_id = ? AND name = ?", subscriptionId, name).stream().findFirst();
    }

    @Override
    public Optional<Invoice> forPeriod(UUID subscriptionId, BillingPeriod period) {
        return query("WHERE subscription_id = ? AND period_month = ?", subscriptionId, period.month().toString())
                .stream().min(java.util.Comparator.comparingLong(Invoice::number));
    }

    @Override
    public List<Invoice> ofSubscription(UUID subscriptionId) {
        return query("WHERE subscription_id = ?", subscriptionId);
    }

    @Override
    public Set<UUID> invoicedFor(BillingPeriod period) {
        try (Connection c = dataSource.getConnection()) {
            return invoicedFor(c, period);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<UUID> invoicedFor(Connection c, BillingPeriod period) throws SQLException {
        Set<UUID> result = new HashSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT subscription_id FROM invoice WHERE period_month = ?")) {
            p.setString(1, period.month().toString());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return result;
    }

    @Override
    public synchronized List<Issued> issueAll(List<Request> requests) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                dialect.lockForTransaction(c, SqlDialect.WriterLock.INVOICE_ISSUING);
                Map<BillingPeriod, Set<UUID>> invoiced = new HashMap<>();
                Map<String, long[]> counters = new HashMap<>();
                List<Issued> result = new ArrayList<>();
                List<Invoice> created = new ArrayList<>();
                for (Request r : requests) {
                    Set<UUID> done = invoiced.get(r.period());
                    if (done == null) {
                        done = invoicedFor(c, r.period());
                        invoiced.put(r.period(), done);
                    }
                    if (done.contains(r.subscriptionId())) {
                        Invoice existing = forPeriod(c, r.subscriptionId(), r.period()).orElse(null);
                        result.add(existing == null
                                ? new Issued(null, false, "issued twice in one batch")
                                : new Issued(existing, false));
                        continue;
                    }
                    long[] counter = counters.get(r.tenantId());
                    if (counter == null) {
                        counter = new long[] {lastNumber(c, r.tenantId()), -1};
                        counter[1] = counter[0];
                        counters.put(r.tenantId(), counter);
                    }
                    long number = counter[0] + 1;
                    List<Invoice> built = new ArrayList<>();
                    try {
                        built.add(r.build().apply(number));
                        for (var adjustments : r.adjustmentInvoices()) {
                            built.add(adjustments.apply(number + built.size()));
                        }
                    } catch (RuntimeException e) {
                        result.add(new Issued(null, false, String.valueOf(e.getMessage())));
                        continue;
                    }
                    for (int i = 0; i < built.size(); i++) {
                        Invoice invoice = built.get(i);
                        if (invoice.number() != number + i || !invoice.period().equals(r.period())
                                || !invoice.subscriptionId().equals(r.subscriptionId())
                                || !invoice.tenantId().equals(r.tenantId())) {
                            throw new IllegalStateException("built invoice does not match its request");
                        }
                    }
                    counter[0] = number + built.size() - 1;
                    done.add(r.subscriptionId());
                    created.addAll(built);
                    result.add(new Issued(built.get(0), true, null, built.subList(1, built.size())));
                }
                insert(c, dialect, created);
                for (var e : counters.entrySet()) {
                    long[] counter = e.getValue();
                    if (counter[0] != counter[1]) {
                        saveCounter(c, e.getKey(), counter[1], counter[0]);
                    }
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("issuing invoices failed: " + e.getMessage(), e);
        }
    }

    /** The content hash stored with an invoice ({@link InvoiceContentHash}). */
    public static String contentHash(Invoice invoice) {
        return InvoiceContentHash.of(invoice);
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

    private Optional<Invoice> forPeriod(Connection c, UUID subscriptionId, BillingPeriod period) throws SQLException {
        return query(c, "WHERE subscription_id = ? AND period_month = ?", subscriptionId, period.month().toString())
                .stream().min(java.util.Comparator.comparingLong(Invoice::number));
    }

    private static long lastNumber(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT last_number FROM invoice_counter WHERE tenant_id = ?")) {
            p.setString(1, tenantId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static void saveCounter(Connection c, String tenantId, long before, long after) throws SQLException {
        String sql = before == 0 ? "INSERT INTO invoice_counter (last_number, tenant_id) VALUES (?, ?)"
                : "UPDATE invoice_counter SET last_number = ? WHERE tenant_id = ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, after);
            p.setString(2, tenantId);
            p.executeUpdate();
        }
    }

    /** Inserts the invoices in the connection's transaction. */
    private static void insert(Connection c, SqlDialect dialect, List<Invoice> created) throws SQLException {
        List<Object[]> invoices = new ArrayList<>();
        List<Object[]> coverage = new ArrayList<>();
        List<Object[]> lines = new ArrayList<>();
        for (Invoice invoice : created) {
            invoices.add(new Object[] {invoice.subscriptionId(), invoice.name(), invoice.tenantId(), invoice.number(),
                    invoice.subscriptionName(), invoice.offerDurableId(), invoice.currency().getCurrencyCode(),
                    invoice.period().month().toString(), utc(invoice.issuedAt()), invoice.ingestSeqHigh(),
                    invoice.total().amount().setScale(9), contentHash(invoice)});
            List<BillingPeriod> covered = new ArrayList<>(invoice.reRatedPeriods());
            covered.add(invoice.period());
            for (BillingPeriod period : covered) {
                coverage.add(new Object[] {invoice.subscriptionId(), invoice.name(), period.month().toString(),
                        invoice.ingestSeqHigh()});
            }
            for (InvoiceLine l : invoice.lines()) {
                lines.add(new Object[] {invoice.subscriptionId(), invoice.name(), l.lineNumber(), l.kind().name(),
                        l.adjustedPeriod() == null ? null : l.adjustedPeriod().month().toString(), l.meterId(),
                        l.description(), l.category(),
                        l.priceEffectiveFrom() == null ? null : utc(l.priceEffectiveFrom()), text(l.tierThreshold()),
                        text(l.quantity()), text(l.includedQuantityUsed()), text(l.billableQuantity()),
                        text(l.unitPrice()), l.amount().amount().setScale(9), l.unit()});
            }
        }
        dialect.insertRows(c, "invoice", invoices);
        dialect.insertRows(c, "invoice_coverage", coverage);
        dialect.insertRows(c, "invoice_line", lines);
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
                + "l.amount, l.unit FROM invoice_line l JOIN invoice i ON i.subscription_id = l.subscription_id "
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
                            rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8),
                            Objects.requireNonNullElse(rs.getString(16), ""),
                            instant(rs.getObject(9)),
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
