package io.meterwise.server.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import io.meterwise.core.notify.AlertNotice;
import io.meterwise.core.notify.Channel;
import io.meterwise.core.notify.Delivery;
import io.meterwise.core.notify.DeliveryAttempt;
import io.meterwise.core.notify.DeliveryPlan;
import io.meterwise.core.notify.DeliveryQueue;
import io.meterwise.core.notify.NotificationOutbox;
import io.meterwise.server.storage.NoticeJson;
import io.meterwise.server.storage.StorageException;
import io.meterwise.server.storage.UtcTimestamps;
import org.springframework.stereotype.Component;

/**
 * The durable notification outbox in portable SQL (DuckDB and PostgreSQL). A notice and its planned deliveries are
 * inserted in one transaction, only if the notice id is new. A delivery is claimed by a conditional update of its
 * attempt count and due time, so at most one dispatcher runs an attempt, and an attempt whose server stopped is due
 * again when its lease ends.
 */
@Component
public class JdbcNotificationOutbox implements NotificationOutbox, DeliveryQueue {

    private static final String DELIVERY_COLUMNS = "id, notification_id, channel, target, state, attempts, "
            + "next_attempt_at, last_status, updated_at";
    private static final RowMapper<Delivery> DELIVERY = (rs, i) -> new Delivery(rs.getString(1), rs.getString(2),
            Channel.valueOf(rs.getString(3)), rs.getString(4), Delivery.State.valueOf(rs.getString(5)), rs.getInt(6),
            UtcTimestamps.read(rs, 7), integer(rs, 8), UtcTimestamps.read(rs, 9));
    private static final RowMapper<DeliveryAttempt> ATTEMPT = (rs, i) -> new DeliveryAttempt(rs.getString(1),
            rs.getInt(2), UtcTimestamps.read(rs, 3), rs.getObject(4) == null ? null : UtcTimestamps.read(rs, 4),
            DeliveryAttempt.Outcome.valueOf(rs.getString(5)), integer(rs, 6), rs.getString(7));

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcNotificationOutbox(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    @Override
    public void enqueue(AlertNotice notice) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int inserted;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO notification (id, notice_json, enqueued_at) "
                        + "VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                    s.setString(1, notice.id());
                    s.setString(2, NoticeJson.write(notice));
                    s.setObject(3, UtcTimestamps.toColumn(now));
                    inserted = s.executeUpdate();
                }
                if (inserted > 0) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO notification_delivery ("
                            + DELIVERY_COLUMNS + ") VALUES (?, ?, ?, ?, 'PENDING', 0, ?, NULL, ?) "
                            + "ON CONFLICT (id) DO NOTHING")) {
                        for (DeliveryPlan.Planned p : DeliveryPlan.of(notice)) {
                            s.setString(1, p.id());
                            s.setString(2, notice.id());
                            s.setString(3, p.channel().name());
                            s.setString(4, p.target());
                            s.setObject(5, UtcTimestamps.toColumn(now));
                            s.setObject(6, UtcTimestamps.toColumn(now));
                            s.executeUpdate();
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("Could not store the alert notice " + notice.id(), e);
        }
    }

    @Override
    public List<Delivery> due(Instant now, int limit) {
        return jdbc.query("SELECT " + DELIVERY_COLUMNS + " FROM notification_delivery WHERE state = 'PENDING' "
                + "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?", DELIVERY,
                UtcTimestamps.toColumn(now), limit);
    }

    @Override
    public boolean claim(Delivery delivery, Instant now, Instant leaseUntil) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int claimed;
                try (PreparedStatement s = c.prepareStatement("UPDATE notification_delivery SET attempts = attempts + 1, "
                        + "next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'PENDING' AND attempts = ? "
                        + "AND next_attempt_at <= ?")) {
                    s.setObject(1, UtcTimestamps.toColumn(leaseUntil));
                    s.setObject(2, UtcTimestamps.toColumn(now));
                    s.setString(3, delivery.id());
                    s.setInt(4, delivery.attempts());
                    s.setObject(5, UtcTimestamps.toColumn(now));
                    claimed = s.executeUpdate();
                }
                if (claimed == 1) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO notification_attempt (delivery_id, "
                            + "attempt, started_at, finished_at, outcome, status, detail) "
                            + "VALUES (?, ?, ?, NULL, 'IN_PROGRESS', NULL, '')")) {
                        s.setString(1, delivery.id());
                        s.setInt(2, delivery.attempts() + 1);
                        s.setObject(3, UtcTimestamps.toColumn(now));
                        s.executeUpdate();
                    }
                }
                c.commit();
                return claimed == 1;
            } catch (SQLException e) {
                c.rollback();
                if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("conflict")) {
                    return false; // DuckDB: a concurrent claim of the same row won; PostgreSQL re-checks and finds 0
                }
                throw e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("Could not claim the delivery " + delivery.id(), e);
        }
    }

    @Override
    public void finish(DeliveryAttempt attempt, Delivery.State state, Instant nextAttemptAt) {
        Instant finished = attempt.finishedAt() == null ? clock.instant() : attempt.finishedAt();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("UPDATE notification_attempt SET finished_at = ?, "
                        + "outcome = ?, status = ?, detail = ? WHERE delivery_id = ? AND attempt = ?")) {
                    s.setObject(1, UtcTimestamps.toColumn(finished));
                    s.setString(2, attempt.outcome().name());
                    setInteger(s, 3, attempt.status());
                    s.setString(4, attempt.detail());
                    s.setString(5, attempt.deliveryId());
                    s.setInt(6, attempt.attempt());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE notification_delivery SET state = ?, "
                        + "next_attempt_at = ?, last_status = ?, updated_at = ? WHERE id = ? AND attempts = ?")) {
                    s.setString(1, state.name());
                    s.setObject(2, UtcTimestamps.toColumn(nextAttemptAt));
                    setInteger(s, 3, attempt.status());
                    s.setObject(4, UtcTimestamps.toColumn(finished));
                    s.setString(5, attempt.deliveryId());
                    s.setInt(6, attempt.attempt());
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("Could not record attempt " + attempt.attempt() + " of the delivery "
                    + attempt.deliveryId(), e);
        }
    }

    @Override
    public Optional<AlertNotice> notice(String noticeId) {
        return jdbc.query("SELECT notice_json FROM notification WHERE id = ?",
                (rs, i) -> NoticeJson.read(rs.getString(1)), noticeId).stream().findFirst();
    }

    @Override
    public List<Delivery> ofNotice(String noticeId) {
        return jdbc.query("SELECT " + DELIVERY_COLUMNS + " FROM notification_delivery WHERE notification_id = ? "
                + "ORDER BY channel DESC, target", DELIVERY, noticeId);
    }

    @Override
    public List<Delivery> ofTarget(Channel channel, String target, int limit) {
        return jdbc.query("SELECT d.id, d.notification_id, d.channel, d.target, d.state, d.attempts, "
                + "d.next_attempt_at, d.last_status, d.updated_at FROM notification_delivery d "
                + "JOIN notification n ON n.id = d.notification_id WHERE d.channel = ? AND d.target = ? "
                + "ORDER BY n.enqueued_at DESC, d.id LIMIT ?", DELIVERY, channel.name(), target, limit);
    }

    @Override
    public List<DeliveryAttempt> attempts(String deliveryId) {
        return jdbc.query("SELECT delivery_id, attempt, started_at, finished_at, outcome, status, detail "
                + "FROM notification_attempt WHERE delivery_id = ? ORDER BY attempt", ATTEMPT, deliveryId);
    }

    private static @Nullable Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static void setInteger(PreparedStatement s, int index, @Nullable Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }
}
