package io.meterwise.core.export;

import java.math.BigDecimal;
import java.nio.file.Path;

/** A finished file in a staging folder: its name in the partition, row count, size, SHA-256 (hex) and BilledCost. */
public record StagedFile(String name, Path path, long rows, long bytes, String sha256, BigDecimal billedCost) {
}
