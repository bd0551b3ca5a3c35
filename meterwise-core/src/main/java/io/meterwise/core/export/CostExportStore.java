package io.meterwise.core.export;

import java.util.List;
import java.util.Optional;

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

    /** Inserts a run, or replaces the run with the same id. */
    void saveRun(ExportRun run);

    /** Runs of an export, newest first, at most {@code limit}. */
    List<ExportRun> runs(ExportScope scope, String name, int limit);

    /** The submitted time of the newest Scheduled run of an export, if any. */
    Optional<java.time.Instant> lastScheduledRun(ExportScope scope, String name);
}
