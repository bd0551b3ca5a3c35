package io.meterwise.server.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.ingest.*}: the most records one batch may hold, and how long the ingestion log keeps
 * a batch ({@code batch-log-retention}).
 */
@ConfigurationProperties("meterwise.ingest")
public record IngestProperties(@DefaultValue("1000000") long maxBatchRecords,
        @DefaultValue("90d") Duration batchLogRetention) {

    public IngestProperties {
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("meterwise.ingest.max-batch-records must be positive");
        }
        if (batchLogRetention.isNegative() || batchLogRetention.isZero()) {
            throw new IllegalArgumentException("meterwise.ingest.batch-log-retention must be positive");
        }
    }
}
