package io.meterwise.server.storage.jdbc;

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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.meterwise.core.time.Granularity;
import io.meterwise.core.usage.PageCursor;
import io.meterwise.core.usage.UsageAggregateLine;
import io.meterwise.core.usage.UsageAggregateQuery;
import io.meterwise.core.usage.UsageAggregates;
import io.meterwise.server.storage.StorageException;

/**
 * Reads aggregated usage lines page by page with a keyset over (bucket, meter, resource, location, tags,
 * additionalInfo). Each query aggregates only a window of whole usage buckets, sized from the lines per bucket seen
 * so far to fill the read-ahead; because {@code usage_record} is appended roughly in usage-time order, DuckDB's zone
 * maps skip the rest, so a late page costs about what the first one does. The read-ahead remembers where its query
 * stopped, so paging through a query reads each record about once.
 */
@Component
class JdbcUsageAggregates implements UsageAggregates, DisposableBean {

    /** One aggregation query reads this many pages ahead; the rest waits in {@link #readAhead} for the next call. */
    static final int READ_AHEAD_PAGES = 16;
    private static final int READ_AHEAD_QUERIES = 16;
    private static final int WINDOW_GROWTH = 8;
    private static final List<String> DETAIL_COLUMNS =
            List.of("meter_id", "resource_uri", "location", "tags_json", "additional_info_json");
    private static final DateTimeFormatter SQL_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final SqlDialect dialect;
    /**
     * Lines already aggregated past a page key, by (query, snapshot, key). Rows up to a snapshot never change (the
     * ledger only appends, with increasing ingest_seq), so serving them later gives exactly what a fresh keyset query
     * would: the cache changes cost, never results.
     */
    private final Map<String, ReadAhead> readAhead = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ReadAhead> eldest) {
                    if (size() <= READ_AHEAD_QUERIES) {
                        return false;
                    }
                    Prefetch prefetch = eldest.getValue().prefetch();
                    if (prefetch != null) {
                        prefetch.claimed.set(true);
                    }
                    return true;
                }
            });

    /** One background query at a time: it overlaps a client's paging, it must not starve the request threads. */
    private final ThreadPoolExecutor prefetcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(READ_AHEAD_QUERIES), runnable -> {
                Thread thread = new Thread(runnable, "usage-read-ahead");
                thread.setDaemon(true);
                return thread;
            });

    JdbcUsageAggregates(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * Lines aggregated past a page key ({@code lines} from {@code offset} on; the list is never changed once built)
     * and where aggregation resumes when they run out; {@code resume} is null when nothing follows them. While the
     * client reads these lines, {@code prefetch} may already be aggregating from {@code resume} in the background.
     */
    private record ReadAhead(List<UsageAggregateLine> lines, int offset, @Nullable Resume resume,
            @Nullable Prefetch prefetch) {
    }

    /**
     * A background aggregation from a resume point. Whoever claims it first runs it: the prefetch thread, or the
     * request that needs the lines while the prefetch still waits in the queue behind other clients' prefetches.
     */
    private static final class Prefetch {
        final AtomicBoolean claimed = new AtomicBoolean();
        final CompletableFuture<Filled> result = new CompletableFuture<>();
    }

    /**
     * Where to aggregate next: from usage bucket {@code fromBucket}, after the line {@code after} when a query stopped
     * inside that bucket (keyset), or from the bucket's first line when every line of earlier buckets is in hand;
     * {@code width} is the window width (in buckets) to try first.
     */
    private record Resume(long fromBucket, PageCursor.@Nullable PageKey after, long width) {
    }

    /** What one {@link #aggregate} call produced. */
    private record Filled(List<UsageAggregateLine> lines, @Nullable Resume resume) {
    }

    @Override
    public Optional<PageCursor> start(UsageAggregateQuery request) {
        try {
            return startQuery(request);
        } catch (SQLException e) {
            throw new StorageException("starting a usage aggregates query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Page read(UsageAggregateQuery request, PageCursor cursor) {
        try {
            return readPage(request, cursor);
        } catch (SQLException e) {
            throw new StorageException("reading a usage aggregates page failed: " + e.getMessage(), e);
        }
    }

    private Optional<PageCursor> startQuery(UsageAggregateQuery request) throws SQLException {
        if (!request.showDetails()) {
            return startWithoutDetails(request);
        }
        String bucket = bucketExpression(request.granularity());
        // One statement, so the pinned sequence and the bucket range come from the same snapshot.
        String sql = "WITH pinned AS (SELECT coalesce(max(ingest_seq), -1) AS seq FROM usage_record) "
                + "SELECT (SELECT seq FROM pinned), " + dialect.epochMicros("min(" + bucket + ")") + ", "
                + dialect.epochMicros("max(" + bucket + ")") + " FROM usage_record WHERE " + windowFilter(request) + " AND ingest_seq <= (SELECT seq FROM pinned)";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long snapshot = rs.getLong(1);
            long first = rs.getLong(2);
            if (rs.wasNull()) {
                return Optional.empty();
            }
            return Optional.of(new PageCursor(snapshot, first, rs.getLong(3), null));
        }
    }

    /**
     * Without details a query has at most one line per meter and bucket, so the start query aggregates the lines
     * too (the first read-ahead) in the same scan of the window that finds the bucket range.
     */
    private Optional<PageCursor> startWithoutDetails(UsageAggregateQuery request) throws SQLException {
        String bucket = bucketExpression(request.granularity());
        int limit = READ_AHEAD_PAGES * PAGE_SIZE + 1;
        String sql = "WITH pinned AS (SELECT coalesce(max(ingest_seq), -1) AS seq FROM usage_record), "
                + "grouped AS (SELECT " + bucket + " AS bucket, meter_id, sum(quantity) AS quantity FROM usage_record "
                + "WHERE " + windowFilter(request) + " AND ingest_seq <= (SELECT seq FROM pinned) "
                + "GROUP BY " + bucket + ", meter_id) "
                + "SELECT (SELECT seq FROM pinned), " + dialect.epochMicros("min(bucket) OVER ()") + ", "
                + dialect.epochMicros("max(bucket) OVER ()") + ", " + dialect.epochMicros("bucket") + ", meter_id::VARCHAR, quantity::VARCHAR FROM grouped ORDER BY bucket, meter_id "
                + "LIMIT " + limit;
        List<UsageAggregateLine> lines = new ArrayList<>();
        PageCursor cursor = null;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (cursor == null) {
                    cursor = new PageCursor(rs.getLong(1), rs.getLong(2), rs.getLong(3), null);
                }
                lines.add(new UsageAggregateLine(rs.getLong(4), rs.getString(5), null, new BigDecimal(rs.getString(6))));
            }
        }
        if (cursor == null) {
            return Optional.empty();
        }
        UsageAggregateLine last = lines.get(lines.size() - 1);
        Resume resume = lines.size() < limit ? null
                : new Resume(last.bucket(), new PageCursor.PageKey(last.bucket(), last.keyColumns()), 1);
        readAhead.put(cacheKey(request, cursor), new ReadAhead(lines, 0, resume, null));
        return Optional.of(cursor);
    }

    private Page readPage(UsageAggregateQuery request, PageCursor cursor) throws SQLException {
        ReadAhead ahead = readAhead.remove(cacheKey(request, cursor));
        if (ahead == null) {
            PageCursor.PageKey key = cursor.key();
            if (key != null && key.isDigest()) {
                key = resolve(request, cursor, key);
            }
            ahead = new ReadAhead(List.of(), 0, key == null ? new Resume(cursor.firstBucket(), null, 1)
                    : new Resume(key.bucket(), key, 1), null);
        }
        List<UsageAggregateLine> lines = ahead.lines();
        int offset = ahead.offset();
        Resume resume = ahead.resume();
        Prefetch prefetch = ahead.prefetch();
        if (lines.size() - offset <= PAGE_SIZE && resume != null) {
            List<UsageAggregateLine> topped = new ArrayList<>(lines.subList(offset, lines.size()));
            Filled prefetched = prefetch == null ? null : prefetched(prefetch);
            prefetch = null;
            if (prefetched != null) {
                topped.addAll(prefetched.lines());
                resume = prefetched.resume();
            }
            if (topped.size() <= PAGE_SIZE && resume != null) {
                resume = aggregate(request, cursor, resume, topped);
            }
            lines = topped;
            offset = 0;
        }
        if (lines.size() - offset <= PAGE_SIZE) {
            return new Page(List.copyOf(lines.subList(offset, lines.size())), Optional.empty());
        }
        UsageAggregateLine last = lines.get(offset + PAGE_SIZE - 1);
        PageCursor next = new PageCursor(cursor.snapshotSeq(), cursor.firstBucket(), cursor.lastBucket(),
                new PageCursor.PageKey(last.bucket(), last.keyColumns()));
        if (prefetch == null && resume != null) {
            prefetch = prefetch(request, cursor, resume);
        }
        readAhead.put(cacheKey(request, next), new ReadAhead(lines, offset + PAGE_SIZE, resume, prefetch));
        return new Page(Collections.unmodifiableList(lines.subList(offset, offset + PAGE_SIZE)), Optional.of(next));
    }

    /**
     * The full key of a digest-form key: the line of the key's bucket whose columns have that digest, found by reading
     * the bucket in keyset order. A digest that names no line is not a token this server minted for the query.
     */
    private PageCursor.PageKey resolve(UsageAggregateQuery request, PageCursor cursor, PageCursor.PageKey key)
            throws SQLException {
        long bucketMicros = request.granularity().length().toNanos() / 1000;
        int chunk = READ_AHEAD_PAGES * PAGE_SIZE;
        PageCursor.PageKey after = null;
        try (Connection c = dataSource.getConnection()) {
            while (true) {
                List<UsageAggregateLine> lines = new ArrayList<>();
                int read = readWindow(c, request, cursor.snapshotSeq(), key.bucket(), key.bucket() + bucketMicros,
                        after, chunk, lines);
                for (UsageAggregateLine line : lines) {
                    if (key.matches(line.keyColumns())) {
                        return new PageCursor.PageKey(line.bucket(), line.keyColumns());
                    }
                }
                if (read < chunk) {
                    throw new io.meterwise.core.error.UseCaseException(
                            io.meterwise.core.error.ErrorCode.INVALID_CONTINUATION_TOKEN,
                            "The continuation token is malformed. Restart the query without continuationToken.",
                            "continuationToken");
                }
                UsageAggregateLine last = lines.get(lines.size() - 1);
                after = new PageCursor.PageKey(last.bucket(), last.keyColumns());
            }
        }
    }

    /**
     * Starts aggregating the lines after a read-ahead in the background, so that the query runs while the client
     * fetches and reads the pages already in hand; null when the prefetcher is saturated.
     */
    private @Nullable Prefetch prefetch(UsageAggregateQuery request, PageCursor cursor, Resume resume) {
        Prefetch prefetch = new Prefetch();
        try {
            prefetcher.execute(() -> {
                if (!prefetch.claimed.compareAndSet(false, true)) {
                    return;
                }
                List<UsageAggregateLine> lines = new ArrayList<>();
                try {
                    prefetch.result.complete(new Filled(lines, aggregate(request, cursor, resume, lines)));
                } catch (SQLException | RuntimeException e) {
                    prefetch.result.completeExceptionally(e);
                }
            });
            return prefetch;
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /**
     * The prefetch's lines; null if it failed, was cancelled or had not started yet (the caller then aggregates from
     * the same point itself).
     */
    private static @Nullable Filled prefetched(Prefetch prefetch) {
        if (prefetch.claimed.compareAndSet(false, true)) {
            return null;
        }
        try {
            return prefetch.result.join();
        } catch (CompletionException | CancellationException e) {
            return null;
        }
    }

    @Override
    public void destroy() {
        prefetcher.shutdownNow();
    }

    /**
     * Aggregates usage-time windows from {@code resume} into {@code into} until it holds more than a page or the
     * query's buckets are exhausted; returns where to resume next (null: nothing follows). Windows hold whole buckets
     * where the read-ahead bound allows, so the next call starts at a bucket boundary without re-reading the tail of a
     * bucket. With details, a window's width follows the lines per bucket seen so far, growing at most
     * {@link #WINDOW_GROWTH}-fold per step so that one page never scans far more usage time than it needs. Without
     * details a bucket has at most one line per meter, so one window takes the rest of the query's buckets: that
     * scan costs about what the start query's scan of the window did.
     */
    private @Nullable Resume aggregate(UsageAggregateQuery request, PageCursor cursor, Resume resume,
            List<UsageAggregateLine> into) throws SQLException {
        int limit = READ_AHEAD_PAGES * PAGE_SIZE + 1;
        long bucketMicros = request.granularity().length().toNanos() / 1000;
        long width = request.showDetails() ? resume.width()
                : Math.max(1, (cursor.lastBucket() - resume.fromBucket()) / bucketMicros + 1);
        Resume next = resume;
        try (Connection c = dataSource.getConnection()) {
            while (next != null && into.size() <= PAGE_SIZE) {
                long from = next.fromBucket();
                long to = from + width * bucketMicros;
                int wanted = limit - into.size();
                int read = readWindow(c, request, cursor.snapshotSeq(), from, to, next.after(), wanted, into);
                if (read == wanted) {
                    UsageAggregateLine last = into.get(into.size() - 1);
                    next = new Resume(last.bucket(), new PageCursor.PageKey(last.bucket(), last.keyColumns()), width);
                } else {
                    long fitting = read == 0 ? Long.MAX_VALUE : Math.max(1, (limit - 1 - PAGE_SIZE) * width / read);
                    width = Math.max(1, Math.min(width * WINDOW_GROWTH, fitting));
                    next = to > cursor.lastBucket() ? null : new Resume(to, null, width);
                }
            }
        }
        return next;
    }

    private static String cacheKey(UsageAggregateQuery request, PageCursor cursor) {
        return request.fingerprint() + "|" + cursor.snapshotSeq() + "|" + java.util.Base64.getEncoder()
                .encodeToString(cursor.encode());
    }

    /** Appends the lines of usage buckets {@code [from, to)} (after {@code after}, if given); returns how many. */
    private int readWindow(Connection c, UsageAggregateQuery request, long snapshotSeq, long from, long to,
            PageCursor.@Nullable PageKey after, int limit, List<UsageAggregateLine> into) throws SQLException {
        List<String> columns = request.showDetails() ? DETAIL_COLUMNS : List.of("meter_id");
        String bucket = bucketExpression(request.granularity());
        StringBuilder sql = new StringBuilder("SELECT ").append(dialect.epochMicros(bucket)).append(" AS b, ")
                .append(String.join(", ", columns).replace("meter_id", "meter_id::VARCHAR"))
                .append(", sum(quantity)::VARCHAR FROM usage_record WHERE ").append(windowFilter(request))
                .append(" AND ingest_seq <= ").append(snapshotSeq)
                .append(" AND usage_start >= ").append(timestamp(from)).append(" AND usage_start < ")
                .append(timestamp(to));
        if (after != null) {
            sql.append(" AND (").append(bucket).append(" > ").append(timestamp(after.bucket())).append(" OR (")
                    .append(bucket).append(" = ").append(timestamp(after.bucket())).append(" AND ")
                    .append(after(columns, 0)).append("))");
        }
        sql.append(" GROUP BY ").append(bucket).append(", ").append(String.join(", ", columns)).append(" ORDER BY b, ")
                .append(String.join(", ", columns)).append(" LIMIT ").append(limit);
        int read = 0;
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            if (after != null) {
                int i = 1;
                for (int col = 0; col < columns.size(); col++) {
                    p.setString(i++, after.columns().get(col));
                    if (col < columns.size() - 1) {
                        p.setString(i++, after.columns().get(col));
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
                    read++;
                }
            }
        }
        return read;
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
    private static String windowFilter(UsageAggregateQuery request) {
        return "subscription_id = '" + request.subscriptionId() + "'::UUID AND reported_at >= "
                + timestamp(request.reportedStart()) + " AND reported_at < " + timestamp(request.reportedEnd());
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
