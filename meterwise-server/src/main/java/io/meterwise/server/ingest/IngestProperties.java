package io.meterwise.server.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings under {@code meterwise.ingest.*}: the most records one batch may hold. */
@ConfigurationProperties("meterwise.ingest")
public record IngestProperties(@DefaultValue("1000000") long maxBatchRecords) {

    public IngestProperties {
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("meterwise.ingest.max-batch-records must be positive");
        }
    }
}
