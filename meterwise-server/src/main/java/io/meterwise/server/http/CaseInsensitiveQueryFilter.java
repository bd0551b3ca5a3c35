package io.meterwise.server.http;

import java.io.IOException;
import java.util.Map;

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
 * ARM matches query parameter names case-insensitively (clients send {@code reportedstartTime}, {@code $Filter}):
 * a parameter asked for by its documented name is found whatever case the client used. Exact matches win.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class CaseInsensitiveQueryFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getParameter(String name) {
                String[] values = getParameterValues(name);
                return values == null || values.length == 0 ? null : values[0];
            }

            @Override
            public String[] getParameterValues(String name) {
                String[] exact = super.getParameterValues(name);
                if (exact != null) {
                    return exact;
                }
                for (Map.Entry<String, String[]> e : super.getParameterMap().entrySet()) {
                    if (e.getKey().equalsIgnoreCase(name)) {
                        return e.getValue();
                    }
                }
                return null;
            }
        }, response);
    }
}
