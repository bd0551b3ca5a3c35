package io.meterwise.server.http;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every response carries {@code x-ms-request-id} (new for each request) and {@code x-ms-correlation-request-id} (the
 * client's, when it sent a well-formed one, else the request id), as ARM does.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ArmRequestIdFilter extends OncePerRequestFilter {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = UUID.randomUUID().toString();
        String correlation = request.getHeader("x-ms-correlation-request-id");
        if (correlation == null || !SAFE.matcher(correlation).matches()) {
            correlation = requestId;
        }
        response.setHeader("x-ms-request-id", requestId);
        response.setHeader("x-ms-correlation-request-id", correlation);
        chain.doFilter(request, response);
    }
}
