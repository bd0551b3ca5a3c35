package io.meterwise.server.http.error;

/**
 * The ARM code and message for an error status raised before any controller ran (by Tomcat or the servlet
 * container): the request cannot be quoted, since it is what could not be read.
 */
record StatusError(String code, String message) {

    static StatusError of(int status) {
        return switch (status) {
            case 400 -> new StatusError("BadRequest", "The request could not be read: its URL, a header or the body "
                    + "framing is malformed (for example a bad %-escape, an encoded '/' or NUL in the path, or a bad "
                    + "chunk header). Fix the request and send it again.");
            case 401 -> new StatusError("AuthenticationFailed", "Authentication failed.");
            case 403 -> new StatusError("AuthorizationFailed", "The client is not authorized to perform this action.");
            case 404 -> new StatusError("NotFound", "No route matches the request. Check the path and the api-version.");
            case 405 -> new StatusError("MethodNotAllowed", "The method is not allowed for this resource.");
            case 408 -> new StatusError("RequestTimeout", "The request was not received in time.");
            case 413 -> new StatusError("RequestEntityTooLarge", "The request body is too large.");
            case 414 -> new StatusError("RequestUriTooLong", "The request URL is too long.");
            case 415 -> new StatusError("UnsupportedMediaType", "The content type of the request is not supported.");
            case 431 -> new StatusError("RequestHeaderFieldsTooLarge", "The request headers are too large.");
            case 503 -> new StatusError("ServiceUnavailable", "The service is not available now. Retry later.");
            default -> status >= 500
                    ? new StatusError("InternalServerError", "The server failed to process the request. Retry later.")
                    : new StatusError("BadRequest", "The request could not be processed (HTTP " + status + ").");
        };
    }
}
