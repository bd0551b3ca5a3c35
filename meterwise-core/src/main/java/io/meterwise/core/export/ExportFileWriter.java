package io.meterwise.core.export;

import java.nio.file.Path;
import java.util.List;

import io.meterwise.core.focus.FocusRow;

/**
 * Writes a run's files into a private staging folder, never where anyone reads: data files of one partition in the
 * export's format (split after a row limit), then the partition's manifest.
 */
public interface ExportFileWriter {

    /** A private folder for one run's staged files; {@link #discard} removes it. */
    Path stagingFolder(String runId);

    /** Starts the data files of one partition in {@code folder}. */
    PartitionWriter open(CostExport export, Path folder);

    /** Writes the partition's manifest into {@code folder}. */
    StagedFile manifest(ExportManifest manifest, Path folder);

    /** Removes a staging folder and everything in it. */
    void discard(Path folder);

    /** The run ids that have a staging folder (of this process's data directory). */
    List<String> stagedRuns();

    /** The data files of one partition. */
    interface PartitionWriter {

        void row(FocusRow row);

        /** Closes the files and returns them in order, with row counts, sizes and SHA-256 checksums. */
        List<StagedFile> finish();

        /** Stops writing after a failure elsewhere; the staging folder is discarded next. */
        default void abort() {
        }
    }
}
