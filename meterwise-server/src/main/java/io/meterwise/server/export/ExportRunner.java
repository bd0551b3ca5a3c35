package io.meterwise.server.export;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.CostExports;
import io.meterwise.core.export.ExecutionType;
import io.meterwise.core.export.ExportRun;

/**
 * Runs on-demand exports after their {@code run} request has been answered (ADR 0050): one worker, runs in the order
 * submitted, so a run waits {@code Queued} while another is written. On shutdown, the run in progress may finish for
 * a few seconds; runs that never started are recorded Failed ({@code ExportNotRun}) rather than left Queued. A server
 * killed without this path leaves its runs to the lease sweep ({@link ExportLeases}: {@code ExportInterrupted}).
 */
public final class ExportRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

    private final CostExports exports;
    private final Set<Runnable> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "export-runs");
        t.setDaemon(true);
        return t;
    });

    public ExportRunner(CostExports exports) {
        this.exports = exports;
    }

    /** Queues an on-demand run and returns it as recorded ({@code Queued}, or {@code Failed} when refused). */
    public ExportRun submit(CostExport export, String submittedBy) {
        return exports.submit(export, ExecutionType.OnDemand, submittedBy, task -> {
            pending.add(task);
            worker.execute(() -> {
                if (!pending.remove(task)) {
                    return; // recorded as not run at shutdown
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("Export run of {} failed outside the run", export.id(), e);
                }
            });
        });
    }

    @Override
    public void close() {
        worker.shutdown();
        for (Runnable task : List.copyOf(pending)) {
            if (pending.remove(task) && task instanceof CostExports.QueuedRun queued) {
                queued.notRun();
            }
        }
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("An export run was still in progress at shutdown");
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
