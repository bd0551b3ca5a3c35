package io.meterwise.core.usage;

/** Why one record of a batch was refused: its 1-based line (or position) in the batch, the field and the reason. */
public record RecordError(long line, String field, String reason) {

    /** Longest reason kept: a reason quotes input, and one record must not make an error answer large. */
    public static final int MAX_REASON_LENGTH = 400;

    public RecordError {
        if (reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH) + "...";
        }
    }
}
