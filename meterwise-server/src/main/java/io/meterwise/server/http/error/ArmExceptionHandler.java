package io.meterwise.server.http.error;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import io.meterwise.core.error.UseCaseException;

/** Maps every failure to the ARM envelope in one place. No stack trace or internal detail reaches a response. */
@RestControllerAdvice
class ArmExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ArmExceptionHandler.class);

    @ExceptionHandler(ArmException.class)
    ResponseEntity<Map<String, Object>> arm(ArmException e) {
        return respond(e.status(), e.code(), e.getMessage(), e.target());
    }

    @ExceptionHandler(UseCaseException.class)
    ResponseEntity<Map<String, Object>> useCase(UseCaseException e) {
        return respond(ErrorCodes.status(e.code()), e.code().wireName(), e.getMessage(), e.target());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NoResourceFoundException e) {
        return respond(HttpStatus.NOT_FOUND, "NotFound",
                "No route matches '" + e.getResourcePath() + "'. Check the path and the api-version.", null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, "MethodNotAllowed",
                "The method " + e.getMethod() + " is not allowed here; allowed: " + e.getSupportedHttpMethods() + ".",
                null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType",
                "Content type " + e.getContentType() + " is not supported; use one of " + e.getSupportedMediaTypes()
                        + ".",
                null);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Map<String, Object>> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(HttpStatus.NOT_ACCEPTABLE, "NotAcceptable",
                "This resource can only be returned as " + e.getSupportedMediaTypes() + ".", null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
        return respond(HttpStatus.BAD_REQUEST, "MissingParameter",
                "The query parameter '" + e.getParameterName() + "' is required.", e.getParameterName());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
        return respond(HttpStatus.BAD_REQUEST, "InvalidParameter",
                "The value of '" + e.getName() + "' is not valid.", e.getName());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return bodyTooLarge(tooLarge);
            }
        }
        return respond(HttpStatus.BAD_REQUEST, "InvalidRequestContent",
                "The request body is not valid JSON for this operation.", null);
    }

    /** The body could not be read: a bad chunk header, a body cut short. Tomcat's own exception for it. */
    @ExceptionHandler(org.apache.coyote.BadRequestException.class)
    ResponseEntity<Map<String, Object>> unreadableBody(org.apache.coyote.BadRequestException e) {
        StatusError error = StatusError.of(400);
        return respond(HttpStatus.BAD_REQUEST, error.code(), error.message(), null);
    }

    /** A query string or form body with bad %-escapes. Tomcat's message quotes the value: it is never logged. */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<Map<String, Object>> badParameters(org.apache.tomcat.util.http.InvalidParameterException e) {
        return respond(HttpStatus.BAD_REQUEST, "InvalidParameter",
                "The query string or form body is not valid %-encoding.", null);
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Map<String, Object>> bodyTooLarge(BodyTooLargeException e) {
        return respond(HttpStatus.CONTENT_TOO_LARGE, BodyTooLargeException.CODE, e.getMessage(), null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "InternalServerError",
                "The server failed to process the request. Retry later; the x-ms-request-id header identifies it.",
                null);
    }

    private static ResponseEntity<Map<String, Object>> respond(HttpStatus status, String code, String message,
            String target) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ArmError.body(code, message, target));
    }
}
