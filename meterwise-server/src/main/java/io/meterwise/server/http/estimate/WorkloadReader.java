package io.meterwise.server.http.estimate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.meterwise.core.estimate.InvalidWorkloadException;
import io.meterwise.core.estimate.MeterSelector;
import io.meterwise.core.estimate.WorkloadLine;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a workload, as JSON ({@code {"lines":[{...}]}}) or as CSV with the same field names as header, into lines.
 * A line names a meter ({@code meterId}, or {@code armSkuName}/{@code meterName} with {@code armRegionName}, optionally
 * {@code serviceName}, {@code productName}, {@code skuName}) and a monthly quantity: {@code quantity}, or
 * {@code count} x {@code hours} ({@code count} defaults to 1). Every problem is collected, then all are reported.
 */
public final class WorkloadReader {

    public static final int MAX_LINES = 10_000;
    static final List<String> FIELDS = List.of("meterId", "armSkuName", "armRegionName", "serviceName", "meterName",
            "productName", "skuName", "quantity", "count", "hours");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private WorkloadReader() {
    }

    /** Parses a JSON object body; its {@code lines} array is the workload. */
    public static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidWorkloadException(List.of("the request body is empty; send {\"lines\":[...]}"));
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (!node.isObject()) {
                throw new InvalidWorkloadException(List.of("the request body must be a JSON object"));
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidWorkloadException(List.of("the request body is not valid JSON"));
        }
    }

    public static List<WorkloadLine> lines(JsonNode body) {
        JsonNode lines = body.get("lines");
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            throw new InvalidWorkloadException(List.of("'lines' must be a non-empty array of workload lines"));
        }
        if (lines.size() > MAX_LINES) {
            throw new InvalidWorkloadException(List.of("the workload has " + lines.size() + " lines; at most "
                    + MAX_LINES + " are accepted"));
        }
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int number = 0;
        for (JsonNode line : lines) {
            number++;
            Map<String, String> row = new HashMap<>();
            if (!line.isObject()) {
                problems.add("line " + number + ": must be a JSON object");
                rows.add(row);
                continue;
            }
            for (var e : line.properties()) {
                if (!FIELDS.contains(e.getKey())) {
                    problems.add("line " + number + ": unknown field '" + e.getKey() + "'; the fields are " + FIELDS);
                } else if (e.getValue().isNumber() || e.getValue().isString()) {
                    row.put(e.getKey(), e.getValue().isNumber() ? e.getValue().decimalValue().toPlainString()
                            : e.getValue().asString());
                } else if (!e.getValue().isNull()) {
                    problems.add("line " + number + ": '" + e.getKey() + "' must be a string or a number");
                }
            }
            rows.add(row);
        }
        return build(rows, problems);
    }

    /** Parses CSV: a header naming fields, then one line per workload line; empty cells are absent values. */
    public static List<WorkloadLine> csv(String text) {
        try (BufferedReader reader = new BufferedReader(new StringReader(text == null ? "" : text))) {
            String header = reader.readLine();
            if (header == null || header.isBlank()) {
                throw new InvalidWorkloadException(List.of("the CSV is empty; the first line names the fields "
                        + FIELDS));
            }
            List<String> names = split(header.strip().replace("\uFEFF", ""));
            List<String> problems = new ArrayList<>();
            for (String name : names) {
                if (!FIELDS.contains(name)) {
                    problems.add("unknown CSV column '" + name + "'; the fields are " + FIELDS);
                }
            }
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                if (rows.size() == MAX_LINES) {
                    throw new InvalidWorkloadException(List.of("the workload has more than " + MAX_LINES + " lines"));
                }
                List<String> cells = split(line);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < Math.min(cells.size(), names.size()); i++) {
                    if (!cells.get(i).isBlank()) {
                        row.put(names.get(i), cells.get(i).strip());
                    }
                }
                if (cells.size() > names.size()) {
                    problems.add("line " + (rows.size() + 1) + ": has " + cells.size() + " cells for "
                            + names.size() + " columns");
                }
                rows.add(row);
            }
            if (rows.isEmpty()) {
                problems.add("the CSV has no workload lines");
            }
            return build(rows, problems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static List<WorkloadLine> build(List<Map<String, String>> rows, List<String> problems) {
        List<WorkloadLine> lines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            int number = i + 1;
            Map<String, String> row = rows.get(i);
            UUID meterId = null;
            if (row.containsKey("meterId")) {
                try {
                    meterId = row.get("meterId").length() == 36 ? UUID.fromString(row.get("meterId")) : null;
                } catch (IllegalArgumentException e) {
                    meterId = null;
                }
                if (meterId == null) {
                    problems.add("line " + number + ": meterId '" + row.get("meterId") + "' is not a GUID");
                }
            }
            BigDecimal quantity = quantity(row, number, problems);
            if (quantity != null) {
                MeterSelector selector = new MeterSelector(meterId, row.get("armSkuName"),
                        row.get("armRegionName"), row.get("serviceName"), row.get("meterName"), row.get("productName"),
                        row.get("skuName"));
                lines.add(new WorkloadLine(number, selector, quantity));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidWorkloadException(problems);
        }
        return lines;
    }

    private static BigDecimal quantity(Map<String, String> row, int number, List<String> problems) {
        boolean hasQuantity = row.containsKey("quantity");
        boolean hasHours = row.containsKey("hours");
        if (hasQuantity == hasHours) {
            problems.add("line " + number + ": give either quantity (a month's quantity) or hours (with count)");
            return null;
        }
        if (!hasHours && row.containsKey("count")) {
            problems.add("line " + number + ": count goes with hours (count x hours)");
            return null;
        }
        if (hasQuantity) {
            return number(row, "quantity", number, problems);
        }
        BigDecimal hours = number(row, "hours", number, problems);
        BigDecimal count = row.containsKey("count") ? number(row, "count", number, problems) : BigDecimal.ONE;
        return hours == null || count == null ? null : hours.multiply(count);
    }

    private static BigDecimal number(Map<String, String> row, String field, int number, List<String> problems) {
        String text = row.get(field).strip();
        BigDecimal value;
        try {
            value = new BigDecimal(text.toLowerCase(Locale.ROOT).contains("e") ? "x" : text);
        } catch (NumberFormatException e) {
            problems.add("line " + number + ": " + field + " '" + text + "' is not a number");
            return null;
        }
        if (value.signum() < 0) {
            problems.add("line " + number + ": " + field + " " + text + " is negative");
            return null;
        }
        if (value.precision() - value.scale() > 18 || value.scale() > 9) {
            problems.add("line " + number + ": " + field + " " + text + " must have at most 18 digits before and 9 "
                    + "after the decimal point");
            return null;
        }
        return value;
    }
}
