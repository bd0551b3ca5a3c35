package io.meterwise.server.http.operator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.http.HttpStatus;

import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads fields of a JSON request body, answering 400 naming the field when one is missing or malformed. */
final class Body {

    /** Decimal numbers are read as BigDecimal with their scale, so {@code 0.10} stays {@code 0.10}. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final JsonNode node;
    private final String path;

    private Body(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Parses a request body; malformed JSON is a 400. */
    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw invalid("", "the request body is empty; send a JSON object");
        }
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            var at = e.getLocation();
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidRequestContent", "The request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ".");
        }
    }

    static Body of(String json) {
        return of(parse(json));
    }

    static Body of(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw invalid("", "the request body must be a JSON object");
        }
        return new Body(node, "");
    }

    static Body element(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw invalid(path, "must be a JSON object");
        }
        return new Body(node, path);
    }

    static ArmException invalid(String field, String message) {
        return new ArmException(HttpStatus.BAD_REQUEST, "InvalidRequestContent",
                (field.isEmpty() ? "The request body: " : "'" + field + "' ") + message, field.isEmpty() ? null : field);
    }

    String offerDurableId(String field) {
        String text = text(field);
        try {
            return Offer.normalizeDurableId(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name(field), "must be an offer durable id like MS-AZR-0003P, was '" + text + "'");
        }
    }

    String regionInfo(String field) {
        String text = text(field);
        try {
            return PriceListKey.normalizeRegionInfo(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name(field), "must be a 2-letter ISO 3166 country code like US, was '" + text + "'");
        }
    }

    String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    JsonNode raw(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    String text(String field) {
        String value = optionalText(field);
        if (value == null || value.isBlank()) {
            throw invalid(name(field), "is required");
        }
        return value;
    }

    String optionalText(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw invalid(name(field), "must be a string");
        }
        return value.asString();
    }

    UUID uuid(String field) {
        return uuid(name(field), text(field));
    }

    static UUID uuid(String field, String text) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw invalid(field, "must be a GUID like 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0, was '" + text + "'");
    }

    Instant instant(String field) {
        String text = text(field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(name(field), "must be an ISO-8601 time with zone like 2026-01-01T00:00:00Z, was '" + text + "'");
        }
    }

    Currency currency(String field) {
        return currency(name(field), text(field));
    }

    static Currency currency(String field, String text) {
        try {
            return Currency.getInstance(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(field, "must be an ISO 4217 currency code like USD, was '" + text + "'");
        }
    }

    BigDecimal decimal(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            throw invalid(name(field), "is required");
        }
        return decimal(name(field), value);
    }

    BigDecimal optionalDecimal(String field, BigDecimal absent) {
        JsonNode value = raw(field);
        return value == null ? absent : decimal(name(field), value);
    }

    static BigDecimal decimal(String field, JsonNode value) {
        if (value.isNumber() && (value.isBigDecimal() || value.isIntegralNumber())) {
            return value.decimalValue();
        }
        if (value.isString()) {
            try {
                return new BigDecimal(value.asString().strip());
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw invalid(field, "must be a decimal number (or a string holding one)");
    }

    NavigableMap<BigDecimal, BigDecimal> decimalMap(String field) {
        JsonNode value = raw(field);
        if (value == null || !value.isObject() || value.isEmpty()) {
            throw invalid(name(field), "must be a non-empty object like {\"0\": \"0.10\"}");
        }
        NavigableMap<BigDecimal, BigDecimal> map = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            BigDecimal key;
            try {
                key = new BigDecimal(e.getKey().strip());
            } catch (NumberFormatException ex) {
                throw invalid(name(field), "key '" + e.getKey() + "' is not a number");
            }
            if (map.put(key, decimal(name(field) + "." + e.getKey(), e.getValue())) != null) {
                throw invalid(name(field), "has the threshold " + key.toPlainString() + " twice");
            }
        }
        return map;
    }

    List<String> strings(String field) {
        JsonNode value = raw(field);
        List<String> values = new ArrayList<>();
        if (value == null) {
            return values;
        }
        if (!value.isArray()) {
            throw invalid(name(field), "must be an array of strings");
        }
        for (JsonNode n : value) {
            if (!n.isString()) {
                throw invalid(name(field), "must be an array of strings");
            }
            values.add(n.asString());
        }
        return values;
    }

    Set<UUID> uuids(String field) {
        Set<UUID> ids = new TreeSet<>();
        for (String s : strings(field)) {
            ids.add(uuid(name(field), s));
        }
        return ids;
    }
}
