package io.meterwise.server.http.error;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The container's error page ({@code /error}): errors raised outside the controllers' exception handling (an
 * unreadable chunked body, a filter that sent an error) are answered in the ARM envelope rather than Spring Boot's
 * default JSON. Nothing of the request or the exception is quoted.
 */
@RestController
class ArmErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : HttpStatus.INTERNAL_SERVER_ERROR.value();
        StatusError error = StatusError.of(status);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ArmError.body(error.code(), error.message(), null));
    }
}
