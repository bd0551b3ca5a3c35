package io.meterwise.server.ingest;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import io.meterwise.core.usage.IngestionLog;

/** Deletes ingestion-log entries older than {@code meterwise.ingest.batch-log-retention}, hourly by default. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "meterwise.ingest.batch-log-pruning-enabled", havingValue = "true", matchIfMissing = true)
class IngestionLogPruning {

    private static final Logger logger = LoggerFactory.getLogger(IngestionLogPruning.class);

    private final IngestionLog log;
    private final IngestProperties properties;
    private final Clock clock;

    IngestionLogPruning(IngestionLog log, IngestProperties properties, Clock clock) {
        this.log = log;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${meterwise.ingest.batch-log-prune-initial-delay:1m}",
            fixedDelayString = "${meterwise.ingest.batch-log-prune-interval:1h}")
    void prune() {
        try {
            long pruned = log.pruneBefore(clock.instant().minus(properties.batchLogRetention()));
            if (pruned > 0) {
                logger.info("Pruned {} ingestion-log entries older than {}", pruned, properties.batchLogRetention());
            }
        } catch (RuntimeException e) {
            logger.error("Pruning the ingestion log failed", e);
        }
    }
}
