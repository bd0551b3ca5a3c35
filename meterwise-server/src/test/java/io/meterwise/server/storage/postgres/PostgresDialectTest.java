package io.meterwise.server.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.server.testing.EmbeddedPostgresStore;

/** {@code copyRows} loads every value type the stores hold exactly as an insert would, special characters included. */
class PostgresDialectTest {

    @TempDir
    Path dir;

    @Test
    void copyRowsLoadsEveryValueTypeVerbatim() throws Exception {
        DataSource db = EmbeddedPostgresStore.dataSource(dir);
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.execute("CREATE TABLE t (a VARCHAR, b BIGINT, c DECIMAL(38, 9), d TIMESTAMP, e UUID, f BYTEA, g BOOLEAN, "
                + "h INTEGER)");
        UUID id = UUID.randomUUID();
        String awkward = "tab\there\\N, back\\slash\nnew line\r\"quoted\" ünï €";
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {awkward, Long.MAX_VALUE, new BigDecimal("-12345678901234567890.123456789"),
            LocalDateTime.parse("2026-12-03T07:30:00.123456"), id, new byte[] {0, 1, (byte) 0xff, '\\'}, true, -7});
        rows.add(new Object[] {"", null, null, null, null, null, null, null});
        for (int i = 0; i < 2000; i++) {
            rows.add(new Object[] {"r" + i, (long) i, BigDecimal.ONE, LocalDateTime.parse("0001-01-01T00:00:00"),
                id, new byte[0], false, i});
        }

        long copied;
        try (Connection c = db.getConnection()) {
            copied = new PostgresDialect().copyRows(c, "t", List.of("a", "b", "c", "d", "e", "f", "g", "h"), rows);
        }

        assertThat(copied).isEqualTo(rows.size());
        Map<String, Object> first = jdbc.queryForMap("SELECT * FROM t WHERE b = ?", Long.MAX_VALUE);
        assertThat(first.get("a")).isEqualTo(awkward);
        assertThat((BigDecimal) first.get("c")).isEqualByComparingTo("-12345678901234567890.123456789");
        assertThat(jdbc.queryForObject("SELECT d FROM t WHERE b = ?", LocalDateTime.class, Long.MAX_VALUE))
                .isEqualTo(LocalDateTime.parse("2026-12-03T07:30:00.123456"));
        assertThat(first.get("e")).isEqualTo(id);
        assertThat(Arrays.equals((byte[]) first.get("f"), new byte[] {0, 1, (byte) 0xff, '\\'})).isTrue();
        assertThat(first).containsEntry("g", true).containsEntry("h", -7);
        Map<String, Object> empty = jdbc.queryForMap("SELECT * FROM t WHERE a = ''");
        assertThat(empty.values()).containsExactly("", null, null, null, null, null, null, null);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM t WHERE d = TIMESTAMP '0001-01-01 00:00:00'",
                Long.class)).isEqualTo(2000);
    }
}
