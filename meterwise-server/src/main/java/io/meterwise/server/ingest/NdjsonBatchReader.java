package io.meterwise.server.ingest;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Instant;

import io.meterwise.core.limits.Texts;
import io.meterwise.core.usage.RecordError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** One JSON object per line; blank lines are skipped. Line numbers are physical lines, from 1. */
final class NdjsonBatchReader extends BatchReader {

    NdjsonBatchReader(long maxRecords, Instant reportedAt) {
        super(maxRecords, reportedAt);
    }

    @Override
    void readAll(Reader in) throws IOException {
        StringBuilder buffer = new StringBuilder(512);
        char[] chunk = new char[64 * 1024];
        long line = 1;
        boolean tooLong = false;
        int n;
        while ((n = readChunk(in, chunk, line)) != -1) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    if (!tooLong) {
                        buffer.append(chunk, start, i - start);
                    }
                    finishLine(buffer, line, tooLong);
                    buffer.setLength(0);
                    tooLong = false;
                    line++;
                    start = i + 1;
                }
            }
            if (!tooLong) {
                buffer.append(chunk, start, n - start);
                if (buffer.length() > MAX_RECORD_CHARS) {
                    tooLong = true;
                    buffer.setLength(0);
                }
            }
        }
        finishLine(buffer, line, tooLong);
    }

    private void finishLine(StringBuilder buffer, long line, boolean tooLong) {
        if (tooLong) {
            count();
            errors.add(new RecordError(line, "", "line is longer than " + MAX_RECORD_CHARS + " characters"));
            return;
        }
        int end = buffer.length();
        if (end > 0 && buffer.charAt(end - 1) == '\r') {
            end--;
        }
        String text = buffer.substring(0, end);
        if (text.isBlank()) {
            return;
        }
        count();
        JsonNode node;
        try {
            node = UsageFields.JSON.readTree(text);
        } catch (JacksonException e) {
            errors.add(new RecordError(line, "", "not valid JSON: " + Texts.shorten(String.valueOf(e.getOriginalMessage()), 200)));
            return;
        } catch (NumberFormatException e) {
            // a number beyond what the parser represents (e.g. 1E4215995171) is bad input, not a server failure
            errors.add(new RecordError(line, "", "not valid JSON: a number is out of range"));
            return;
        }
        if (node == null || !node.isObject()) {
            errors.add(new RecordError(line, "", "each line must be one JSON object"));
            return;
        }
        UsageFields fields = new UsageFields(line, errors);
        add(fields.build(text(fields, node, "recordId"), text(fields, node, "subscriptionId"),
                text(fields, node, "meterId"), quantity(fields, node.get("quantity")),
                text(fields, node, "usageStartTime"), text(fields, node, "usageEndTime"),
                text(fields, node, "resourceUri"), text(fields, node, "location"), node.get("tags"),
                node.get("additionalInfo"), reportedAt), line);
    }

    private static String text(UsageFields fields, JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            fields.error(name, "must be a string");
            return "";
        }
        return value.asString();
    }

    private static UsageFields.QuantityText quantity(UsageFields fields, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            BigDecimal exact = value.decimalValue();
            return new UsageFields.QuantityText(null, exact);
        }
        if (value.isString()) {
            return UsageFields.QuantityText.of(value.asString());
        }
        fields.error("quantity", "must be a number or a string holding one");
        return new UsageFields.QuantityText(null, BigDecimal.ZERO);
    }
}
