package io.meterwise.server.ingest;

import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.meterwise.core.usage.RecordError;

/**
 * RFC 4180 CSV with a header line naming the columns (in any order, case-insensitive): fields separated by commas,
 * optionally enclosed in double quotes; inside quotes, {@code ""} is a quote and commas and line breaks are data. Lines
 * end in CRLF or LF. A record's line is the physical line it starts on; empty lines are skipped.
 */
final class CsvBatchReader extends BatchReader {

    private static final List<String> REQUIRED = List.of("recordId", "subscriptionId", "meterId", "quantity",
            "usageStartTime", "usageEndTime", "resourceUri");

    private Map<String, Integer> columns;
    private int headerSize;
    private boolean headerBroken;

    CsvBatchReader(long maxRecords, Instant reportedAt) {
        super(maxRecords, reportedAt);
    }

    @Override
    void readAll(Reader in) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        char[] chunk = new char[64 * 1024];
        long line = 1;
        long recordLine = 1;
        boolean quoted = false;
        boolean quoteSeen = false; // a quote inside a quoted field: either the closing one or the first of ""
        boolean afterClosingQuote = false;
        String problem = null;
        int recordChars = 0;
        int n;
        while ((n = readChunk(in, chunk, line)) != -1) {
            for (int i = 0; i < n; i++) {
                char c = chunk[i];
                if (++recordChars > MAX_RECORD_CHARS && problem == null) {
                    problem = "record is longer than " + MAX_RECORD_CHARS + " characters";
                    field.setLength(0);
                }
                if (quoted) {
                    if (quoteSeen) {
                        quoteSeen = false;
                        if (c == '"') {
                            append(field, c, problem);
                            continue;
                        }
                        quoted = false;
                        afterClosingQuote = true;
                        // fall through: c is handled as outside quotes
                    } else if (c == '"') {
                        quoteSeen = true;
                        continue;
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        append(field, c, problem);
                        continue;
                    }
                }
                switch (c) {
                    case ',' -> {
                        fields.add(field.toString());
                        field.setLength(0);
                        afterClosingQuote = false;
                    }
                    case '\r' -> {
                        // part of CRLF; a bare CR outside quotes is ignored
                    }
                    case '\n' -> {
                        fields.add(field.toString());
                        field.setLength(0);
                        record(fields, recordLine, problem);
                        fields.clear();
                        problem = null;
                        afterClosingQuote = false;
                        recordChars = 0;
                        line++;
                        recordLine = line;
                    }
                    case '"' -> {
                        if (field.length() == 0 && !afterClosingQuote) {
                            quoted = true;
                        } else if (problem == null) {
                            problem = "a double quote inside an unquoted field; enclose the field in quotes and "
                                    + "double the quote";
                        }
                    }
                    default -> {
                        if (afterClosingQuote && problem == null) {
                            problem = "characters after the closing quote of a field";
                        }
                        append(field, c, problem);
                    }
                }
            }
        }
        if (quoted && !quoteSeen) {
            if (problem == null) {
                problem = "a quoted field is not closed before the end of the body";
            }
        }
        if (!fields.isEmpty() || field.length() > 0 || problem != null || quoteSeen) {
            fields.add(field.toString());
            record(fields, recordLine, problem);
        }
        if (columns == null) {
            errors.add(new RecordError(1, "", "the CSV body is empty; it needs a header line naming the columns "
                    + String.join(",", UsageFields.NAMES)));
        }
    }

    private static void append(StringBuilder field, char c, String problem) {
        if (problem == null) {
            field.append(c);
        }
    }

    private void record(List<String> fields, long line, String problem) {
        boolean empty = fields.size() == 1 && fields.get(0).isEmpty() && problem == null;
        if (columns == null) {
            if (!empty) {
                header(fields, line, problem);
            }
            return;
        }
        if (empty) {
            return;
        }
        count();
        if (headerBroken) {
            return;
        }
        if (problem != null) {
            errors.add(new RecordError(line, "", "not valid CSV: " + problem));
            return;
        }
        if (fields.size() != headerSize) {
            errors.add(new RecordError(line, "", "has " + fields.size() + " fields but the header has " + headerSize));
            return;
        }
        UsageFields parsed = new UsageFields(line, errors);
        add(parsed.build(get(fields, "recordId"), get(fields, "subscriptionId"), get(fields, "meterId"),
                UsageFields.QuantityText.of(get(fields, "quantity")), get(fields, "usageStartTime"),
                get(fields, "usageEndTime"), get(fields, "resourceUri"), get(fields, "location"),
                parsed.jsonField("tags", get(fields, "tags")),
                parsed.jsonField("additionalInfo", get(fields, "additionalInfo")), reportedAt), line);
    }

    private String get(List<String> fields, String name) {
        Integer index = columns.get(name.toLowerCase(Locale.ROOT));
        return index == null ? null : fields.get(index);
    }

    private void header(List<String> fields, long line, String problem) {
        columns = new HashMap<>();
        headerSize = fields.size();
        int errorsBefore = errors.size();
        if (problem != null) {
            errors.add(new RecordError(line, "", "the header line is not valid CSV: " + problem));
        }
        Map<String, String> known = new HashMap<>();
        UsageFields.NAMES.forEach(name -> known.put(name.toLowerCase(Locale.ROOT), name));
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).strip();
            String canonical = known.get(name.toLowerCase(Locale.ROOT));
            if (canonical == null) {
                errors.add(new RecordError(line, name, "unknown column; the columns are "
                        + String.join(",", UsageFields.NAMES)));
            } else if (columns.putIfAbsent(name.toLowerCase(Locale.ROOT), i) != null) {
                errors.add(new RecordError(line, canonical, "column appears twice in the header"));
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required.toLowerCase(Locale.ROOT))) {
                errors.add(new RecordError(line, required, "required column is missing from the header"));
            }
        }
        headerBroken = errors.size() > errorsBefore;
    }
}
