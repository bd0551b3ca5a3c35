package io.meterwise.server.ingest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageRecord;

/** Collects parsed records and errors and enforces the batch size limit while a body is read. */
abstract class BatchReader {

    /** Longest NDJSON line or CSV record read, in characters, so one bad line cannot exhaust memory. */
    static final int MAX_RECORD_CHARS = 1 << 20;

    final long maxRecords;
    final Instant reportedAt;
    final List<UsageRecord> records = new ArrayList<>();
    final List<RecordError> errors = new ArrayList<>();
    private long[] lines = new long[1024];
    long total;

    BatchReader(long maxRecords, Instant reportedAt) {
        this.maxRecords = maxRecords;
        this.reportedAt = reportedAt;
    }

    static BatchReader of(UsageFormat format, long maxRecords, Instant reportedAt) {
        return format == UsageFormat.CSV ? new CsvBatchReader(maxRecords, reportedAt)
                : new NdjsonBatchReader(maxRecords, reportedAt);
    }

    abstract void readAll(Reader in) throws IOException;

    /**
     * Reads the next chunk; at bytes that are not UTF-8 (the reader reports them, it never substitutes U+FFFD) adds an
     * error at {@code line}, the line being read, and ends the body there.
     */
    int readChunk(Reader in, char[] chunk, long line) throws IOException {
        try {
            return in.read(chunk);
        } catch (CharacterCodingException e) {
            errors.add(new RecordError(line, "", "the body is not valid UTF-8 on this line; nothing after it was read"));
            return -1;
        }
    }

    ParsedBatch read(Reader in) throws IOException {
        readAll(in);
        return new ParsedBatch(records, java.util.Arrays.copyOf(lines, records.size()), errors, total);
    }

    /** Counts one more record of the body, refusing the batch beyond the limit. */
    void count() {
        total++;
        if (total > maxRecords) {
            throw new BatchTooLargeException(maxRecords);
        }
    }

    void add(UsageRecord record, long line) {
        if (record == null) {
            return;
        }
        if (records.size() == lines.length) {
            lines = java.util.Arrays.copyOf(lines, lines.length * 2);
        }
        lines[records.size()] = line;
        records.add(record);
    }
}
