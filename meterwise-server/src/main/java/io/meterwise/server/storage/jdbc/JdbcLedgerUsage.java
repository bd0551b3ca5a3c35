package io.meterwise.server.storage.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.LedgerUsage;

/** Reads usage for billing straight from the ledger table, bounded by an ingest sequence number. */
@Component
public class JdbcLedgerUsage implements LedgerUsage {

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public JdbcLedgerUsage(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    @Override
    public long maxIngestSeq() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(ingest_seq), 0) FROM usage_record")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The month of each subscription's earliest usage. */
    @Override
    public Map<UUID, BillingPeriod> firstUsagePeriods() {
        Map<UUID, BillingPeriod> result = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT subscription_id, " + dialect.month("min(usage_start)") + " "
                        + "FROM usage_record GROUP BY subscription_id")) {
            while (rs.next()) {
                result.put(rs.getObject(1, UUID.class), new BillingPeriod(YearMonth.parse(rs.getString(2))));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public FirstPeriods firstPeriods(UUID subscriptionId) {
        String sql = "SELECT (SELECT " + dialect.month("min(usage_start)") + " FROM usage_record WHERE subscription_id = ?), "
                + "(SELECT " + dialect.month("min(created_at)") + " FROM subscription WHERE subscription_id = ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, subscriptionId);
            p.setObject(2, subscriptionId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new FirstPeriods(period(rs.getString(1)), period(rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static @Nullable BillingPeriod period(@Nullable String month) {
        return month == null ? null : new BillingPeriod(YearMonth.parse(month));
    }

    /** The month each subscription was created in the catalog, when the catalog records it. */
    @Override
    public Map<UUID, BillingPeriod> creationPeriods() {
        Map<UUID, BillingPeriod> result = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT subscription_id, " + dialect.month("created_at") + " FROM subscription")) {
            while (rs.next()) {
                result.put(rs.getObject(1, UUID.class), new BillingPeriod(YearMonth.parse(rs.getString(2))));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Usage of {@code period} with {@code ingest_seq <= seqHigh}, summed per subscription, meter and usage start
     * (records starting at the same instant fall in the same tier position and price version, so this is exact),
     * ordered by subscription, meter and time.
     */
    @Override
    public void scan(BillingPeriod period, long seqHigh, @Nullable UUID onlySubscription, Sink sink) {
        String sql = "SELECT subscription_id, meter_id, " + dialect.epochMicros("usage_start") + ", sum(quantity) FROM usage_record "
                + "WHERE usage_start >= ? AND usage_start < ? AND ingest_seq <= ?"
                + (onlySubscription == null ? "" : " AND subscription_id = ?")
                + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, utc(period.start()));
            p.setObject(2, utc(period.end()));
            p.setLong(3, seqHigh);
            if (onlySubscription != null) {
                p.setObject(4, onlySubscription);
            }
            p.setFetchSize(10_000);
            try (ResultSet rs = p.executeQuery()) {
                UUID lastSub = null;
                UUID lastMeter = null;
                while (rs.next()) {
                    UUID sub = rs.getObject(1, UUID.class);
                    UUID meter = rs.getObject(2, UUID.class);
                    // share equal ids so per-subscription maps hash one object
                    if (sub.equals(lastSub)) {
                        sub = lastSub;
                    }
                    if (meter.equals(lastMeter)) {
                        meter = lastMeter;
                    }
                    lastSub = sub;
                    lastMeter = meter;
                    long micros = rs.getLong(3);
                    sink.accept(sub, meter, Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1000L), rs.getBigDecimal(4));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading usage of " + period.month() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Closed periods with late usage: per subscription, the invoiced periods holding a record with
     * {@code ingest_seq} above what the invoices of that period covered and at most {@code seqHigh}.
     */
    @Override
    public Map<UUID, Set<BillingPeriod>> periodsWithLateUsage(long seqHigh) {
        Map<UUID, Set<BillingPeriod>> result = new HashMap<>();
        String sql = "WITH cov AS (SELECT subscription_id, period_month, max(ingest_seq_high) AS high "
                + "FROM invoice_coverage GROUP BY subscription_id, period_month), lo AS (SELECT coalesce(min(high), 0) AS low FROM cov) "
                + "SELECT DISTINCT u.subscription_id, cov.period_month FROM usage_record u "
                + "JOIN cov ON u.subscription_id = cov.subscription_id "
                + "AND " + dialect.month("u.usage_start") + " = cov.period_month CROSS JOIN lo "
                + "WHERE u.ingest_seq > lo.low AND u.ingest_seq > cov.high AND u.ingest_seq <= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, seqHigh);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getObject(1, UUID.class), k -> new TreeSet<>())
                            .add(new BillingPeriod(YearMonth.parse(rs.getString(2))));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The records behind a subscription's period, up to {@code seqHigh}, in ledger order. */
    @Override
    public List<Detail> details(UUID subscriptionId, BillingPeriod period, long seqHigh) {
        String sql = "SELECT ingest_seq, record_id, meter_id, quantity, usage_start, usage_end, resource_uri, "
                + "location, reported_at FROM usage_record WHERE subscription_id = ? AND usage_start >= ? "
                + "AND usage_start < ? AND ingest_seq <= ? ORDER BY usage_start, meter_id, ingest_seq";
        List<Detail> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, subscriptionId);
            p.setObject(2, utc(period.start()));
            p.setObject(3, utc(period.end()));
            p.setLong(4, seqHigh);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.add(new Detail(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getBigDecimal(4), instant(rs.getObject(5, LocalDateTime.class)),
                            instant(rs.getObject(6, LocalDateTime.class)), rs.getString(7), rs.getString(8),
                            instant(rs.getObject(9, LocalDateTime.class))));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime value) {
        return value.toInstant(ZoneOffset.UTC);
    }
}
