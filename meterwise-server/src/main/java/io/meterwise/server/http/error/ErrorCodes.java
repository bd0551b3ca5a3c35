package io.meterwise.server.http.error;

import org.springframework.http.HttpStatus;

import io.meterwise.core.error.ErrorCode;

/** The HTTP status each use-case error code is answered with; the switch has no default, so a new code must be mapped. */
final class ErrorCodes {

    private ErrorCodes() {
    }

    static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case SUBSCRIPTION_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case BILLING_PERIOD_NOT_ENDED, BILLING_PERIOD_BEFORE_SUBSCRIPTION, CONFLICT,
                    SUBSCRIPTION_CHANGE_IN_INVOICED_PERIOD -> HttpStatus.CONFLICT;
            case INVALID_REQUEST, INVALID_CONTINUATION_TOKEN -> HttpStatus.BAD_REQUEST;
            case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
        };
    }
}
