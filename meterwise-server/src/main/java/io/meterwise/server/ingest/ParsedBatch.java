package io.meterwise.server.ingest;

import java.util.List;

import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageRecord;

/**
 * What a reader got out of a request body: the readable records with the line each starts on, the errors of the
 * unreadable ones, and how many records the body held in all.
 */
record ParsedBatch(List<UsageRecord> records, long[] lines, List<RecordError> parseErrors, long total) {
}
