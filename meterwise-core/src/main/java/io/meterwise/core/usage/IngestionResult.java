package io.meterwise.core.usage;

import java.util.List;

/**
 * Outcome of one batch. A batch is all or nothing: when {@link #errors()} is non-empty nothing was stored and
 * {@code accepted == 0}. Otherwise {@code accepted} new records were stored and {@code duplicates} were already there
 * with the same content.
 */
public record IngestionResult(long accepted, long duplicates, long rejected, List<RecordError> errors) {

    public IngestionResult {
        errors = List.copyOf(errors);
    }

    public boolean isRejected() {
        return !errors.isEmpty();
    }

    public static IngestionResult rejected(long records, List<RecordError> errors) {
        return new IngestionResult(0, 0, records, errors);
    }
}
