package io.meterwise.server.export;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import io.meterwise.core.export.CostExports;
import io.meterwise.core.export.ExportRun;
import io.meterwise.core.export.RunStatus;

/** Runs due scheduled exports ({@code meterwise.exports.schedule-interval}, default every minute). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "meterwise.exports.scheduler-enabled", havingValue = "true", matchIfMissing = true)
class ExportScheduler {

    private static final Logger log = LoggerFactory.getLogger(ExportScheduler.class);

    private final CostExports exports;
    private volatile boolean ready;

    ExportScheduler(CostExports exports) {
        this.exports = exports;
    }

    /** As invoice issuing: not before start runners (demo loading) have finished. */
    @EventListener(ApplicationReadyEvent.class)
    void applicationReady() {
        ready = true;
    }

    @Scheduled(initialDelayString = "${meterwise.exports.schedule-interval:1m}",
            fixedDelayString = "${meterwise.exports.schedule-interval:1m}")
    void runDue() {
        if (!ready) {
            return;
        }
        try {
            for (ExportRun run : exports.runDue()) {
                if (run.status() == RunStatus.Failed) {
                    log.warn("Scheduled export {} failed: {}", run.settings().id(), run.error());
                } else {
                    log.info("Scheduled export {} completed: {}", run.settings().id(), run.fileName());
                }
            }
        } catch (RuntimeException e) {
            log.error("Scheduled exports failed", e);
        }
    }
}
