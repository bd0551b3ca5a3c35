package io.meterwise.server.http.error;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.limits.Texts;

/**
 * The error body: ARM's {@code {"error":{"code","message"}}}, with {@code code} and {@code message} repeated at the top
 * level because the Commerce spec declares a flat {@code ErrorResponse} (ADR 0005).
 */
public final class ArmError {

    /** Longest message sent: messages quote input, and an answer must stay small whatever the input was. */
    public static final int MAX_MESSAGE_LENGTH = 2048;
    private static final int MAX_TARGET_LENGTH = 256;

    private ArmError() {
    }

    public static Map<String, Object> body(String code, String message, @Nullable String target) {
        message = Texts.shorten(message, MAX_MESSAGE_LENGTH);
        target = target == null ? null : Texts.shorten(target, MAX_TARGET_LENGTH);
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
