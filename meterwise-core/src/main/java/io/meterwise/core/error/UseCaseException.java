package io.meterwise.core.error;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An expected failure of a use case: a code, a message that says what was wrong and how to fix it, and optionally
 * the input it concerns. Adapters translate it (HTTP: ARM envelope and status; CLI: exit code and message).
 */
public class UseCaseException extends RuntimeException {

    private final ErrorCode code;
    private final @Nullable String target;

    public UseCaseException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public UseCaseException(ErrorCode code, String message, @Nullable String target) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.target = target;
    }

    public ErrorCode code() {
        return code;
    }

    public @Nullable String target() {
        return target;
    }
}
