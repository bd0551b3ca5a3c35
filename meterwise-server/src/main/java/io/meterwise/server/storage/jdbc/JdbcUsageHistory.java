package io.meterwise.server.storage.jdbc;

import org.springframework.stereotype.Component;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.meterwise.core.usage.UsageHistory;
import io.meterwise.server.storage.StorageException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link UsageHistory} over the ledger table: the store sums the records, Java receives one row per slice. */
@Component
public final class JdbcUsageHistory implements UsageHistory {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public JdbcUsageHistory(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    @Override
    public void scan(UUID subscriptionId, Instant from, Instant to, boolean byResource, Consumer<Slice> sink) {
        String sql = "SELECT meter_id, " + dialect.epochMicros("usage_start") + ", sum(quantity)"
                + (byResource ? ", resource_uri, tags_json" : "") + " FROM usage_record WHERE subscription_id = ? "
                + "AND usage_start >= ? AND usage_start < ? GROUP BY 1, 2" + (byResource ? ", 4, 5" : "");
        Map<String, Map<String, String>> tagsSeen = new HashMap<>();
        Map<UUID, UUID> meters = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, subscriptionId);
            p.setObject(2, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
            p.setObject(3, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
            p.setFetchSize(10_000);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    UUID meter = meters.computeIfAbsent(rs.getObject(1, UUID.class), m -> m);
                    long micros = rs.getLong(2);
                    Instant start = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1000L);
                    String resource = byResource ? rs.getString(4) : "";
                    Map<String, String> tags = byResource ? tagsSeen.computeIfAbsent(rs.getString(5),
                            JdbcUsageHistory::tags) : Map.of();
                    sink.accept(new Slice(meter, start, rs.getBigDecimal(3), resource, tags));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("reading the usage of " + subscriptionId + " failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> tags(String json) {
        Map<String, String> tags = new HashMap<>();
        JsonNode node = JSON.readTree(json);
        for (var e : node.properties()) {
            tags.put(e.getKey(), e.getValue().asString());
        }
        return Map.copyOf(tags);
    }
}
