package io.meterwise.server.http.error;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * An expected failure answered in the ARM error envelope. {@code code} is the stable ARM error code (for example
 * {@code InvalidApiVersionParameter}); {@code message} says what was wrong and how to fix it; {@code target} optionally
 * names the offending parameter.
 */
public class ArmException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final @Nullable String target;

    public ArmException(HttpStatus status, String code, String message) {
        this(status, code, message, null);
    }

    public ArmException(HttpStatus status, String code, String message, @Nullable String target) {
        super(message);
        this.status = status;
        this.code = code;
        this.target = target;
    }

    public static ArmException badRequest(String code, String message) {
        return new ArmException(HttpStatus.BAD_REQUEST, code, message);
    }

    public static ArmException notFound(String code, String message) {
        return new ArmException(HttpStatus.NOT_FOUND, code, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public @Nullable String target() {
        return target;
    }
}
