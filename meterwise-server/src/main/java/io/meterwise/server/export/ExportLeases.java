package io.meterwise.server.export;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterwise.core.export.CostExports;
import io.meterwise.core.export.ExportRun;

/**
 * Keeps this server's export runs leased and fails the runs a killed server left (ADR 0050, addendum): one sweep when
 * the server starts, before it takes requests, then every {@code meterwise.exports.run-lease-renewal} a renewal of
 * this server's leases followed by a sweep. {@code exclusive}: the embedded store, which one process opens at a time,
 * so at start every open run of another process is abandoned without waiting for its lease (later sweeps find none:
 * nobody else writes there).
 */
final class ExportLeases implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExportLeases.class);

    private final CostExports exports;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "export-leases");
        t.setDaemon(true);
        return t;
    });

    ExportLeases(CostExports exports, boolean exclusive, Duration renewal) {
        this.exports = exports;
        sweep(exclusive);
        timer.scheduleWithFixedDelay(this::renewAndSweep, renewal.toMillis(), renewal.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void renewAndSweep() {
        try {
            exports.renewLeases();
        } catch (RuntimeException e) {
            log.warn("Could not renew the leases of this server's export runs", e);
        }
        sweep(false);
    }

    private void sweep(boolean exclusive) {
        try {
            for (ExportRun run : exports.sweep(exclusive)) {
                log.warn("Export run {} of {} was {} on a server that stopped; recorded Failed ({})", run.runId(),
                        run.settings().id(), run.processingStartTime() == null ? "queued" : "in progress",
                        run.errorCode());
            }
        } catch (RuntimeException e) {
            log.warn("Could not sweep export runs left by stopped servers", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
