package io.meterwise.core.export;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** Export definitions and their run history. */
public interface CostExportStore {

    /** Inserts or replaces a definition; returns true when it was new. */
    boolean put(CostExport export);

    Optional<CostExport> get(ExportScope scope, String name);

    List<CostExport> list(ExportScope scope);

    /** Every definition with a schedule, for the scheduler. */
    List<CostExport> scheduled();

    /** Deletes a definition and its run history; returns false when there was none. */
    boolean delete(ExportScope scope, String name);

    /** Inserts a run, or replaces the run with the same id, without a lease. */
    default void saveRun(ExportRun run) {
        saveRun(run, null);
    }

    /**
     * Inserts a run, or replaces the run with the same id. A Queued or InProgress run carries the lease of the process
     * that holds it; a finished run none.
     */
    void saveRun(ExportRun run, @Nullable Lease lease);

    /** Moves the lease of every Queued or InProgress run held by {@code owner} to {@code until}; returns how many. */
    int renewLeases(String owner, Instant until);

    /** Every Queued or InProgress run, with its lease. */
    List<OpenRun> openRuns();

    /**
     * Records {@code failed} in place of {@code open}, only if the run is still open with the same lease (a lease
     * renewed in the meantime wins). Returns whether it was recorded.
     */
    boolean interrupt(OpenRun open, ExportRun failed);

    /** A process's claim on a run it queued or runs: {@code owner} is the process, renewed until it stops. */
    record Lease(String owner, Instant until) {
    }

    /** A Queued or InProgress run; owner and until are null for runs recorded before leases existed. */
    record OpenRun(ExportRun run, @Nullable String leaseOwner, @Nullable Instant leaseUntil) {
    }

    /** Runs of an export, newest first, at most {@code limit}. */
    List<ExportRun> runs(ExportScope scope, String name, int limit);

    /** The submitted time of the newest Scheduled run of an export, if any. */
    Optional<java.time.Instant> lastScheduledRun(ExportScope scope, String name);
}
