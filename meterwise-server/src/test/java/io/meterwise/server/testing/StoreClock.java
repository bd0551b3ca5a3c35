package io.meterwise.server.testing;

import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The clock the store stamps report times and the watermark with. On DuckDB that is the application's {@code Clock}
 * bean (one process), which tests fix or move; on PostgreSQL it is the database's {@code meterwise_now()}, shared by
 * replicas, so a test that fixes the application clock fixes this one too.
 */
public final class StoreClock {

    private StoreClock() {
    }

    /** On PostgreSQL, stops the database clock of this test's database at {@code now}; on DuckDB nothing to do. */
    public static void set(JdbcTemplate jdbc, Instant now) {
        if ("postgres".equals(System.getProperty("meterwise.store"))) {
            jdbc.execute("CREATE OR REPLACE FUNCTION meterwise_now() RETURNS TIMESTAMPTZ LANGUAGE SQL VOLATILE "
                    + "AS 'SELECT TIMESTAMPTZ ''" + now + "'''");
        }
    }
}
