package io.meterwise.server.security;

/** A bearer token was refused. The reason is for logs only; callers learn nothing but "invalid token". */
public final class InvalidTokenException extends Exception {

    InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
