package io.meterwise.core.export;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.meterwise.core.time.BillingPeriod;

/**
 * What a partition holds, written last: consumers take a partition as complete only once its manifest exists. {@code
 * blobs} names the data files relative to the export's folder at the destination.
 */
public record ExportManifest(CostExport export, String runId, ExecutionType executionType, Instant submittedTime,
        BillingPeriod period, Instant dataFrom, Instant dataTo, String partitionPath, List<StagedFile> files) {

    public long rows() {
        return files.stream().mapToLong(StagedFile::rows).sum();
    }

    public long bytes() {
        return files.stream().mapToLong(StagedFile::bytes).sum();
    }

    public BigDecimal billedCost() {
        return files.stream().map(StagedFile::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
