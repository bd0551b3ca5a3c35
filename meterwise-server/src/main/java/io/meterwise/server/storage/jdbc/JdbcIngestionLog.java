package io.meterwise.server.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import io.meterwise.core.usage.IngestionBatch;
import io.meterwise.core.usage.IngestionLog;
import io.meterwise.core.usage.RecordError;
import io.meterwise.server.storage.UtcTimestamps;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The ingestion log in portable SQL (DuckDB and PostgreSQL). The ledgers call {@link #insert} inside the transaction
 * that stores a batch's records; {@link #record} writes a rejected batch on its own.
 */
@Component
public class JdbcIngestionLog implements IngestionLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "batch_id, received_at, status, subscription_ids, subscription_count, "
            + "records, accepted, duplicates, rejected, first_errors_json";
    private static final String INSERT = "INSERT INTO ingestion_batch (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final RowMapper<IngestionBatch> BATCH = (rs, i) -> new IngestionBatch(rs.getString(1),
            UtcTimestamps.read(rs, 2), subscriptions(rs.getString(4)), rs.getLong(5), rs.getLong(6), rs.getLong(7),
            rs.getLong(8), rs.getLong(9), errors(rs.getString(10)), IngestionBatch.Status.valueOf(rs.getString(3)));

    private final JdbcTemplate jdbc;

    public JdbcIngestionLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes {@code batch} in the connection's transaction. */
    public static void insert(Connection c, IngestionBatch batch) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            Object[] values = values(batch);
            for (int i = 0; i < values.length; i++) {
                p.setObject(i + 1, values[i]);
            }
            p.executeUpdate();
        }
    }

    @Override
    public void record(IngestionBatch batch) {
        jdbc.update(INSERT, values(batch));
    }

    @Override
    public List<IngestionBatch> latest(int limit, @Nullable Position after) {
        if (after == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM ingestion_batch ORDER BY received_at DESC, batch_id DESC "
                    + "LIMIT ?", BATCH, limit);
        }
        Object at = UtcTimestamps.toColumn(after.receivedAt());
        return jdbc.query("SELECT " + COLUMNS + " FROM ingestion_batch WHERE received_at < ? OR (received_at = ? AND "
                + "batch_id < ?) ORDER BY received_at DESC, batch_id DESC LIMIT ?", BATCH, at, at, after.batchId(),
                limit);
    }

    @Override
    public long pruneBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM ingestion_batch WHERE received_at < ?", UtcTimestamps.toColumn(cutoff));
    }

    private static Object[] values(IngestionBatch b) {
        ArrayNode errors = JSON.createArrayNode();
        for (RecordError e : b.firstErrors()) {
            errors.addObject().put("line", e.line()).put("field", e.field()).put("reason", e.reason());
        }
        return new Object[] {b.batchId(), UtcTimestamps.toColumn(b.receivedAt()), b.status().name(),
                b.subscriptionIds().stream().map(UUID::toString).collect(Collectors.joining(",")),
                b.subscriptionCount(), b.records(), b.accepted(), b.duplicates(), b.rejected(),
                JSON.writeValueAsString(errors)};
    }

    private static List<UUID> subscriptions(String text) {
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(UUID::fromString).toList();
    }

    private static List<RecordError> errors(String json) {
        List<RecordError> errors = new ArrayList<>();
        for (JsonNode e : JSON.readTree(json)) {
            errors.add(new RecordError(e.get("line").asLong(), e.get("field").asString(), e.get("reason").asString()));
        }
        return errors;
    }
}
