package io.meterwise.server.usageaggregates;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

import io.meterwise.core.time.Granularity;

/**
 * Reads aggregated usage lines page by page with a keyset over (bucket, meter, resource, location, tags,
 * additionalInfo). Each page aggregates only the usage buckets it needs, scanning a window of usage time that starts
 * at the page key's bucket and doubles until the page is full; because {@code usage_record} is appended roughly in
 * usage-time order, DuckDB's zone maps skip the rest, so a late page costs about what the first one does.
 */
@Component
class UsageAggregateReader {

    static final int PAGE_SIZE = 1000;
    /** One aggregation query reads this many pages ahead; the rest waits in {@link #readAhead} for the next call. */
    static final int READ_AHEAD_PAGES = 16;
    private static final int READ_AHEAD_QUERIES = 16;
    private static final List<String> DETAIL_COLUMNS =
            List.of("meter_id", "resource_uri", "location", "tags_json", "additional_info_json");
    private static final DateTimeFormatter SQL_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    /**
     * Lines already aggregated past a page key, by (query, snapshot, key). Rows up to a snapshot never change (the
     * ledger only appends, with increasing ingest_seq), so serving them later gives exactly what a fresh keyset query
     * would: the cache changes cost, never results.
     */
    private final Map<String, ReadAhead> readAhead = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ReadAhead> eldest) {
                    return size() > READ_AHEAD_QUERIES;
                }
            });

    UsageAggregateReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Lines following a key; {@code complete} when nothing follows the last of them. */
    private record ReadAhead(List<UsageAggregateLine> lines, boolean complete) {
    }

    /** Lines of one page (up to {@link #PAGE_SIZE}) and the cursor of the next page, if any. */
    record Page(List<UsageAggregateLine> lines, Optional<PageCursor> next) {
    }

    /** Pins the snapshot and the bucket range of a new query; empty when no usage was reported in the window. */
    Optional<PageCursor> start(UsageAggregatesRequest request) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            long snapshot;
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(ingest_seq), -1) FROM usage_record")) {
                rs.next();
                snapshot = rs.getLong(1);
            }
            String bucket = bucketExpression(request.granularity());
            try (ResultSet rs = s.executeQuery("SELECT epoch_us(min(" + bucket + ")), epoch_us(max(" + bucket
                    + ")) FROM usage_record WHERE " + windowFilter(request, snapshot))) {
                rs.next();
                long first = rs.getLong(1);
                if (rs.wasNull()) {
                    return Optional.empty();
                }
                return Optional.of(new PageCursor(snapshot, first, rs.getLong(2), null));
            }
        }
    }

    Page read(UsageAggregatesRequest request, PageCursor cursor) throws SQLException {
        ReadAhead ahead = cursor.key() == null ? null : readAhead.remove(cacheKey(request, cursor));
        if (ahead == null) {
            ahead = aggregate(request, cursor);
        }
        List<UsageAggregateLine> lines = ahead.lines();
        if (lines.size() <= PAGE_SIZE) {
            return new Page(lines, Optional.empty());
        }
        UsageAggregateLine last = lines.get(PAGE_SIZE - 1);
        PageCursor next = new PageCursor(cursor.snapshotSeq(), cursor.firstBucket(), cursor.lastBucket(),
                new PageCursor.PageKey(last.bucket(), last.keyColumns()));
        List<UsageAggregateLine> rest = lines.subList(PAGE_SIZE, lines.size());
        if (ahead.complete() || rest.size() > PAGE_SIZE) {
            readAhead.put(cacheKey(request, next), new ReadAhead(List.copyOf(rest), ahead.complete()));
        }
        return new Page(List.copyOf(lines.subList(0, PAGE_SIZE)), Optional.of(next));
    }

    private ReadAhead aggregate(UsageAggregatesRequest request, PageCursor cursor) throws SQLException {
        int limit = READ_AHEAD_PAGES * PAGE_SIZE + 1;
        List<UsageAggregateLine> lines = new ArrayList<>();
        ChronoUnit unit = request.granularity() == Granularity.HOURLY ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        long bucketMicros = unit.getDuration().toNanos() / 1000;
        long from = cursor.key() == null ? cursor.firstBucket() : cursor.key().bucket();
        long width = 1;
        try (Connection c = dataSource.getConnection()) {
            while (lines.size() <= PAGE_SIZE && from <= cursor.lastBucket()) {
                long to = from + width * bucketMicros;
                readWindow(c, request, cursor, from, to, limit - lines.size(), lines);
                from = to;
                width *= 2;
            }
        }
        return new ReadAhead(lines, from > cursor.lastBucket() && lines.size() < limit);
    }

    private static String cacheKey(UsageAggregatesRequest request, PageCursor cursor) {
        return request.fingerprint() + "|" + cursor.snapshotSeq() + "|" + java.util.Base64.getEncoder()
                .encodeToString(cursor.encode());
    }

    private void readWindow(Connection c, UsageAggregatesRequest request, PageCursor cursor, long from, long to,
            int limit, List<UsageAggregateLine> into) throws SQLException {
        List<String> columns = request.showDetails() ? DETAIL_COLUMNS : List.of("meter_id");
        String bucket = bucketExpression(request.granularity());
        StringBuilder sql = new StringBuilder("SELECT epoch_us(").append(bucket).append(") AS b, ")
                .append(String.join(", ", columns).replace("meter_id", "meter_id::VARCHAR"))
                .append(", sum(quantity)::VARCHAR FROM usage_record WHERE ").append(windowFilter(request,
                        cursor.snapshotSeq()))
                .append(" AND usage_start >= ").append(timestamp(from)).append(" AND usage_start < ")
                .append(timestamp(to));
        PageCursor.PageKey key = cursor.key();
        if (key != null) {
            sql.append(" AND (").append(bucket).append(" > ").append(timestamp(key.bucket())).append(" OR (")
                    .append(bucket).append(" = ").append(timestamp(key.bucket())).append(" AND ")
                    .append(after(columns, 0)).append("))");
        }
        sql.append(" GROUP BY ").append(bucket).append(", ").append(String.join(", ", columns)).append(" ORDER BY b, ").append(String.join(", ", columns)).append(" LIMIT ").append(limit);
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            if (key != null) {
                int i = 1;
                for (int col = 0; col < columns.size(); col++) {
                    p.setString(i++, key.columns().get(col));
                    if (col < columns.size() - 1) {
                        p.setString(i++, key.columns().get(col));
                    }
                }
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long b = rs.getLong(1);
                    String meterId = rs.getString(2);
                    UsageAggregateLine.Instance instance = request.showDetails()
                            ? new UsageAggregateLine.Instance(rs.getString(3), rs.getString(4), rs.getString(5),
                                    rs.getString(6))
                            : null;
                    BigDecimal quantity = new BigDecimal(rs.getString(columns.size() + 2));
                    into.add(new UsageAggregateLine(b, meterId, instance, quantity));
                }
            }
        }
    }

    /** Lexicographic "row after the key" over columns[i..]: {@code c_i > ? OR (c_i = ? AND (...))}. */
    private static String after(List<String> columns, int i) {
        String column = columns.get(i).equals("meter_id") ? "meter_id" : columns.get(i);
        String value = column.equals("meter_id") ? "?::UUID" : "?";
        if (i == columns.size() - 1) {
            return column + " > " + value;
        }
        return "(" + column + " > " + value + " OR (" + column + " = " + value + " AND " + after(columns, i + 1) + "))";
    }

    /** Only trusted values are inlined (UUID, instants, a long) so DuckDB sees constants it can prune row groups by. */
    private static String windowFilter(UsageAggregatesRequest request, long snapshotSeq) {
        return "subscription_id = '" + request.subscriptionId() + "'::UUID AND reported_at >= "
                + timestamp(request.reportedStart()) + " AND reported_at < " + timestamp(request.reportedEnd())
                + " AND ingest_seq <= " + snapshotSeq;
    }

    private static String bucketExpression(Granularity granularity) {
        return granularity == Granularity.HOURLY ? "date_trunc('hour', usage_start)" : "date_trunc('day', usage_start)";
    }

    private static String timestamp(long epochMicros) {
        return timestamp(Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS));
    }

    private static String timestamp(Instant instant) {
        return "TIMESTAMP '" + SQL_TIMESTAMP.format(instant) + "'";
    }
}
