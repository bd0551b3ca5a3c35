package io.meterwise.server.http.error;

import java.io.IOException;

/**
 * A request body passed {@code meterwise.http.max-body-size} while it was read. An {@link IOException}, so that the
 * message converters reading the body pass it on as the cause of their failure.
 */
public class BodyTooLargeException extends IOException {

    public static final String CODE = "RequestEntityTooLarge";

    public BodyTooLargeException(long limit) {
        super(message(limit));
    }

    public static String message(long limit) {
        return "The request body is larger than " + limit + " bytes, the most this server accepts "
                + "(meterwise.http.max-body-size).";
    }
}
