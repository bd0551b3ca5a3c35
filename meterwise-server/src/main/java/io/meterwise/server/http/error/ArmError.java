package io.meterwise.server.http.error;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The error body: ARM's {@code {"error":{"code","message"}}}, with {@code code} and {@code message} repeated at the top
 * level because the Commerce spec declares a flat {@code ErrorResponse} (ADR 0005).
 */
public final class ArmError {

    private ArmError() {
    }

    public static Map<String, Object> body(String code, String message, @Nullable String target) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (target != null) {
            error.put("target", target);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("code", code);
        body.put("message", message);
        return body;
    }
}
