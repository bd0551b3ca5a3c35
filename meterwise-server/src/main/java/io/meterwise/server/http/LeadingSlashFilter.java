package io.meterwise.server.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Azure SDKs fill {@code {$host}/{scope}/providers/...} and {@code {$host}/{resourceId}} with ids that begin with
 * a slash, so they send {@code //subscriptions/...}; ARM accepts that, and so does every route here: a path that
 * starts with several slashes is served as if it started with one. Slashes elsewhere in the path are left alone.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class LeadingSlashFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String context = request.getContextPath();
        String uri = request.getRequestURI();
        if (!uri.startsWith(context + "//")) {
            chain.doFilter(request, response);
            return;
        }
        int first = context.length();
        int rest = first;
        while (rest < uri.length() && uri.charAt(rest) == '/') {
            rest++;
        }
        String normalized = context + "/" + uri.substring(rest);
        chain.doFilter(new HttpServletRequestWrapper(request) {
            // Only while the request still has its own path: a forward (as /health does) gets the forward's path,
            // else it would dispatch to itself again and again.
            @Override
            public String getRequestURI() {
                String current = super.getRequestURI();
                return current.equals(uri) ? normalized : current;
            }

            @Override
            public StringBuffer getRequestURL() {
                if (!super.getRequestURI().equals(uri)) {
                    return super.getRequestURL();
                }
                StringBuffer url = new StringBuffer(request.getScheme()).append("://").append(request.getServerName())
                        .append(':').append(request.getServerPort()).append(normalized);
                return url;
            }
        }, response);
    }
}
