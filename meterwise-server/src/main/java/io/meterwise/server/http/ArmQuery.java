package io.meterwise.server.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

import io.meterwise.server.http.error.ArmException;

/**
 * The query parameters of an ARM request, looked up case-insensitively as ARM does (clients send
 * {@code reportedstartTime} and {@code showDetails=True}). A parameter given twice, in any spelling, is refused: which
 * value wins would otherwise depend on the client.
 */
public final class ArmQuery {

    private final Map<String, String> values;

    private ArmQuery(Map<String, String> values) {
        this.values = values;
    }

    public static ArmQuery of(HttpServletRequest request) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
            if (e.getValue().length != 1 || values.containsKey(e.getKey())) {
                throw ArmException.badRequest("DuplicateParameter",
                        "The query parameter '" + e.getKey() + "' is given more than once; give it once.");
            }
            values.put(e.getKey(), e.getValue()[0]);
        }
        return new ArmQuery(values);
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value of a required parameter; a missing or blank one is a 400 {@code MissingParameter}. */
    public String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new ArmException(org.springframework.http.HttpStatus.BAD_REQUEST, "MissingParameter",
                    "The query parameter '" + name + "' is required.", name);
        }
        return value;
    }

    /** A boolean parameter ({@code true}/{@code false} in any case), or {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ArmException(org.springframework.http.HttpStatus.BAD_REQUEST, "InvalidParameter",
                    "The query parameter '" + name + "' must be true or false, not '" + value + "'.", name);
        };
    }
}
