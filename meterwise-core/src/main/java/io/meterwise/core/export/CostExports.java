package io.meterwise.core.export;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.focus.FocusColumn;
import io.meterwise.core.focus.FocusRow;
import io.meterwise.core.focus.FocusRows;
import io.meterwise.core.time.BillingPeriod;

/**
 * Runs exports (ADR 0045, ADR 0050). An on-demand run is recorded {@code Queued} when submitted; a run records itself
 * {@code InProgress}, stages every partition of its window (the FOCUS rows of the export's scope, one partition per
 * billing period, each with a manifest) in a private folder, hands them to the delivery, and records {@code Completed}
 * or {@code Failed} with the reason. The staging folder is removed in
 * every case; a failed delivery leaves nothing behind at the destination.
 *
 * <p>A run this process queued or runs carries a lease (ADR 0050, addendum) that {@link #renewLeases} extends while
 * the process lives; {@link #sweep} records {@code Failed} ({@code ExportInterrupted}) the runs whose process is gone,
 * which a killed server leaves behind, and removes their staging folders.
 */
public final class CostExports {

    /** Who submits scheduled runs, as Azure names it. */
    public static final String SYSTEM = "System";

    /** The error code of a run whose server stopped without finishing it. */
    public static final String INTERRUPTED = "ExportInterrupted";

    private final Catalog catalog;
    private final FocusRows focus;
    private final CostExportStore store;
    private final ExportFileWriter writer;
    private final ExportDelivery delivery;
    private final Clock clock;
    private final String instance;
    private final Duration lease;
    /** Runs this process queued or runs and has not finished: the ones whose leases it renews. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /**
     * {@code instance} names this process in the leases of its runs (unique per start); {@code lease} is how long a
     * run stays this process's after the last renewal.
     */
    public CostExports(Catalog catalog, FocusRows focus, CostExportStore store, ExportFileWriter writer,
            ExportDelivery delivery, Clock clock, String instance, Duration lease) {
        this.catalog = catalog;
        this.focus = focus;
        this.store = store;
        this.writer = writer;
        this.delivery = delivery;
        this.clock = clock;
        this.instance = instance;
        this.lease = lease;
    }

    /** This process, as named in the leases of its runs. */
    public String instance() {
        return instance;
    }

    /** Runs an export now, on the caller's thread, and returns the finished run, as recorded in the run history. */
    public ExportRun run(CostExport export, ExecutionType executionType, String submittedBy) {
        ExportRun queued = queued(export, executionType, submittedBy);
        held.add(queued.runId());
        return execute(queued);
    }

    /**
     * Records a {@code Queued} run and hands it to {@code executor}, which runs it later (an on-demand run does not
     * hold its request). Returns the queued run. If the executor refuses it, the run is recorded {@code Failed}.
     */
    public ExportRun submit(CostExport export, ExecutionType executionType, String submittedBy, Executor executor) {
        ExportRun queued = queued(export, executionType, submittedBy);
        held.add(queued.runId());
        try {
            store.saveRun(queued, lease());
        } catch (RuntimeException e) {
            held.remove(queued.runId());
            throw e;
        }
        try {
            executor.execute(new QueuedRun(queued));
        } catch (RejectedExecutionException e) {
            return notRun(queued);
        }
        return queued;
    }

    /** A submitted run waiting in an executor. */
    public final class QueuedRun implements Runnable {
        private final ExportRun queued;

        QueuedRun(ExportRun queued) {
            this.queued = queued;
        }

        @Override
        public void run() {
            execute(queued);
        }

        /** Records the run Failed because it never started (the server stopped first). */
        public ExportRun notRun() {
            return CostExports.this.notRun(queued);
        }
    }

    private ExportRun notRun(ExportRun queued) {
        ExportRun failed = queued.finished(RunStatus.Failed, clock.instant(), null, "ExportNotRun",
                "The server stopped before the run started; run the export again.");
        store.saveRun(failed);
        held.remove(queued.runId());
        return failed;
    }

    /** Extends the leases of this process's open runs; called well within the lease duration. */
    public int renewLeases() {
        return held.isEmpty() ? 0 : store.renewLeases(instance, clock.instant().plus(lease));
    }

    /**
     * Records {@code Failed} ({@code ExportInterrupted}) every open run whose process is gone, then removes the
     * staging folders of runs this process does not hold. {@code exclusive}: no other process can use the store (the
     * embedded store), so a run of another process is abandoned whatever its lease says. Returns the runs failed.
     */
    public List<ExportRun> sweep(boolean exclusive) {
        Instant now = clock.instant();
        List<ExportRun> interrupted = new ArrayList<>();
        for (CostExportStore.OpenRun open : store.openRuns()) {
            if (abandoned(open, instance, held, now, exclusive)) {
                ExportRun failed = interrupted(open.run(), now);
                if (store.interrupt(open, failed)) {
                    interrupted.add(failed);
                }
            }
        }
        // listed before the held runs are looked at: a run adds itself to held before it creates its folder
        for (String runId : writer.stagedRuns()) {
            if (!held.contains(runId)) {
                writer.discard(writer.stagingFolder(runId));
            }
        }
        return interrupted;
    }

    /**
     * Whether the process that holds an open run is gone: this process's own runs are alive exactly while it holds
     * them; another process's when the store is exclusive to this one never, else until its lease runs out. A run
     * without a lease (recorded before leases existed) has nobody to renew it.
     */
    static boolean abandoned(CostExportStore.OpenRun open, String self, Set<String> held, Instant now,
            boolean exclusive) {
        if (self.equals(open.leaseOwner())) {
            return !held.contains(open.run().runId());
        }
        if (exclusive || open.leaseUntil() == null) {
            return true;
        }
        return !open.leaseUntil().isAfter(now);
    }

    static ExportRun interrupted(ExportRun run, Instant now) {
        String message = run.status() == RunStatus.Queued
                ? "The server that queued the run stopped before it started; run the export again."
                : "The server running it stopped before the run finished; nothing of it was published. Run the "
                        + "export again.";
        return run.finished(RunStatus.Failed, now, null, INTERRUPTED, message);
    }

    private CostExportStore.Lease lease() {
        return new CostExportStore.Lease(instance, clock.instant().plus(lease));
    }

    private ExportRun queued(CostExport export, ExecutionType executionType, String submittedBy) {
        return new ExportRun(UUID.randomUUID().toString(), export.scope(), export.name(), executionType,
                RunStatus.Queued, submittedBy, clock.instant(), null, null, null, null, null, export);
    }

    private ExportRun execute(ExportRun queued) {
        try {
            return executeHeld(queued);
        } finally {
            held.remove(queued.runId());
        }
    }

    private ExportRun executeHeld(ExportRun queued) {
        CostExport export = queued.settings();
        ExecutionType executionType = queued.executionType();
        Instant submitted = queued.submittedTime();
        String runId = queued.runId();
        ExportRun run = queued.started(clock.instant());
        store.saveRun(run, lease());
        Path staging = writer.stagingFolder(runId);
        ExportRun done;
        try {
            List<ExportDelivery.Partition> partitions = stage(export, runId, executionType, submitted, staging);
            delivery.deliver(export, partitions);
            String fileName = partitions.isEmpty() ? null
                    : partitions.get(0).path() + "/" + partitions.get(0).manifest().name();
            done = run.finished(RunStatus.Completed, clock.instant(), fileName, null, null);
        } catch (ExportDelivery.DeliveryException e) {
            done = run.finished(RunStatus.Failed, clock.instant(), null, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            done = run.finished(RunStatus.Failed, clock.instant(), null, "ExportFailed",
                    "The export could not be written: " + e.getMessage());
        } finally {
            writer.discard(staging);
        }
        store.saveRun(done);
        return done;
    }

    /**
     * Runs every scheduled export whose latest occurrence at or before {@code now} has no Scheduled run yet (a missed
     * occurrence is made up once). Returns the runs made.
     */
    public List<ExportRun> runDue() {
        Instant now = clock.instant();
        List<ExportRun> made = new ArrayList<>();
        for (CostExport export : store.scheduled()) {
            ExportSchedule schedule = export.schedule();
            if (schedule == null || !schedule.active()) {
                continue;
            }
            Instant due = schedule.latestDue(now);
            if (due == null) {
                continue;
            }
            Optional<Instant> last = store.lastScheduledRun(export.scope(), export.name());
            if (last.isEmpty() || last.get().isBefore(due)) {
                made.add(run(export, ExecutionType.Scheduled, SYSTEM));
            }
        }
        return made;
    }

    /** When the export will run by itself next, if it has an active schedule that is not over. */
    public @Nullable Instant nextRunTimeEstimate(CostExport export) {
        ExportSchedule schedule = export.schedule();
        if (schedule == null || !schedule.active()) {
            return null;
        }
        Instant now = clock.instant();
        Instant due = schedule.latestDue(now);
        if (due != null && store.lastScheduledRun(export.scope(), export.name()).map(l -> l.isBefore(due))
                .orElse(true)) {
            return due;
        }
        return schedule.nextAfter(now);
    }

    private List<ExportDelivery.Partition> stage(CostExport export, String runId, ExecutionType executionType,
            Instant submitted, Path staging) {
        Subscription subscription = catalog.subscription(export.scope().subscriptionId()).orElseThrow(
                () -> new IllegalStateException("subscription " + export.scope().subscriptionId() + " is gone"));
        ExportWindow window = ExportWindow.of(export, submitted);
        List<ExportDelivery.Partition> partitions = new ArrayList<>();
        for (BillingPeriod period : window.periods()) {
            String partition = ExportWindow.partitionName(period);
            String path = join(export.destination().rootFolderPath(), export.name(), partition, runId);
            Path folder = staging.resolve(partition);
            ExportFileWriter.PartitionWriter files = writer.open(export, folder);
            boolean whole = window.covers(period);
            List<StagedFile> data;
            try {
                focus.rows(subscription, period, row -> {
                    if (inScope(export.scope(), window, whole, row)) {
                        files.row(row);
                    }
                });
                data = files.finish();
            } catch (RuntimeException e) {
                files.abort();
                throw e;
            }
            StagedFile manifest = writer.manifest(new ExportManifest(export, runId, executionType, submitted, period,
                    window.wholePeriods() ? period.start() : max(window.from(), period.start()),
                    window.wholePeriods() ? period.end() : min(window.to(), period.end()), path, data), folder);
            partitions.add(new ExportDelivery.Partition(path, data, manifest));
        }
        return partitions;
    }

    static boolean inScope(ExportScope scope, ExportWindow window, boolean wholePeriod, FocusRow row) {
        if (!scope.covers((String) row.get(FocusColumn.x_ResourceGroupName))) {
            return false;
        }
        if (window.wholePeriods()) {
            return true;
        }
        boolean usage = "Usage-Based".equals(row.get(FocusColumn.ChargeFrequency))
                && row.get(FocusColumn.ChargeClass) == null;
        if (!usage) {
            return wholePeriod;
        }
        Instant start = (Instant) row.get(FocusColumn.ChargePeriodStart);
        return start != null && !start.isBefore(window.from()) && start.isBefore(window.to());
    }

    private static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            String p = part.replaceAll("^/+|/+$", "");
            if (!p.isEmpty()) {
                if (!path.isEmpty()) {
                    path.append('/');
                }
                path.append(p);
            }
        }
        return path.toString();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
