package io.meterwise.server.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.meterwise.core.limits.Decimals;
import io.meterwise.core.limits.Guids;
import io.meterwise.core.limits.Texts;
import io.meterwise.core.time.SupportedTime;
import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the raw field values of one NDJSON object or CSV row into a {@link UsageRecord}, or into a {@link RecordError}
 * per field that cannot be read. Ingestion rules (known meter, day boundary...) are left to the validator.
 */
final class UsageFields {

    static final List<String> NAMES = List.of("recordId", "subscriptionId", "meterId", "quantity", "usageStartTime",
            "usageEndTime", "resourceUri", "location", "tags", "additionalInfo");

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final long line;
    private final List<RecordError> errors;
    private final int errorsBefore;
    private final java.util.Set<String> failedFields = new java.util.HashSet<>();

    UsageFields(long line, List<RecordError> errors) {
        this.line = line;
        this.errors = errors;
        this.errorsBefore = errors.size();
    }

    /** The record, or null when a field could not be read (the errors are then added). */
    UsageRecord build(String recordId, String subscriptionId, String meterId, QuantityText quantity, String start,
            String end, String resourceUri, String location, JsonNode tags, JsonNode additionalInfo, Instant reportedAt) {
        String id = required("recordId", recordId);
        UUID subscription = uuid("subscriptionId", subscriptionId);
        UUID meter = uuid("meterId", meterId);
        BigDecimal q = quantity(quantity);
        Instant from = instant("usageStartTime", start);
        Instant to = instant("usageEndTime", end);
        String uri = required("resourceUri", resourceUri);
        Map<String, String> tagMap = stringMap("tags", tags, false);
        Map<String, String> info = stringMap("additionalInfo", additionalInfo, true);
        if (errors.size() > errorsBefore) {
            return null;
        }
        return new UsageRecord(id, subscription, meter, q, from, to, uri, location == null ? "" : location, tagMap, info,
                reportedAt);
    }

    /** A quantity as text, or a JSON number already exact. */
    record QuantityText(String text, BigDecimal number) {
        static QuantityText of(String text) {
            return new QuantityText(text, null);
        }
    }

    void error(String field, String reason) {
        failedFields.add(field);
        errors.add(new RecordError(line, field, reason));
    }

    private String required(String field, String value) {
        if (failedFields.contains(field)) {
            return null;
        }
        if (value == null || value.isEmpty()) {
            error(field, "is required");
            return null;
        }
        return value;
    }

    private UUID uuid(String field, String value) {
        if (required(field, value) == null) {
            return null;
        }
        try {
            return Guids.parse(value);
        } catch (IllegalArgumentException e) {
            error(field, e.getMessage());
            return null;
        }
    }

    private BigDecimal quantity(QuantityText quantity) {
        if (failedFields.contains("quantity")) {
            return null;
        }
        if (quantity == null || (quantity.number() == null && (quantity.text() == null || quantity.text().isEmpty()))) {
            error("quantity", "is required");
            return null;
        }
        if (quantity.number() != null) {
            return quantity.number();
        }
        try {
            return Decimals.parse(quantity.text().strip());
        } catch (NumberFormatException e) {
            error("quantity", e.getMessage());
            return null;
        }
    }

    private Instant instant(String field, String value) {
        if (required(field, value) == null) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(value).toInstant();
            String outside = SupportedTime.problem(t);
            if (outside != null) {
                error(field, outside);
                return null;
            }
            return t;
        } catch (DateTimeParseException e) {
            error(field, "'" + abbreviate(value) + "' is not an ISO-8601 time with zone, like 2026-03-01T10:00:00Z");
            return null;
        }
    }

    private Map<String, String> stringMap(String field, JsonNode node, boolean allowScalars) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            error(field, "must be a JSON object of names to " + (allowScalars ? "values" : "string values"));
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isString()) {
                map.put(e.getKey(), v.asString());
            } else if (allowScalars && v.isNumber() && !Decimals.fitsPlain(v.decimalValue())) {
                error(field, "value of '" + abbreviate(e.getKey()) + "' is a number too large or too small to keep "
                        + "as exact text; send it as a string");
            } else if (allowScalars && (v.isNumber() || v.isBoolean())) {
                map.put(e.getKey(), v.isNumber() ? v.decimalValue().toPlainString() : v.asString());
            } else {
                error(field, "value of '" + abbreviate(e.getKey()) + "' must be a "
                        + (allowScalars ? "string, number or boolean" : "string"));
            }
        }
        return map;
    }

    /** Parses a JSON object held in a CSV field; null for an empty field. */
    JsonNode jsonField(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            error(field, "is not valid JSON: " + Texts.shorten(String.valueOf(e.getOriginalMessage()), 200));
            return null;
        }
    }

    static String abbreviate(String s) {
        return Texts.shorten(s);
    }
}
