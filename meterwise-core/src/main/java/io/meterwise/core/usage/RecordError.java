package io.meterwise.core.usage;

/** Why one record of a batch was refused: its 1-based line (or position) in the batch, the field and the reason. */
public record RecordError(long line, String field, String reason) {
}
