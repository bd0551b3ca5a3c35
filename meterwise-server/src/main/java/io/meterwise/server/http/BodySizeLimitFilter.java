package io.meterwise.server.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.meterwise.server.http.error.ArmError;
import io.meterwise.server.http.error.BodyTooLargeException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request body is limited to {@code meterwise.http.max-body-size} while it is read (issue 9 item 5): a declared
 * {@code Content-Length} above it is refused before a byte is read, and a body sent without one (chunked) fails as soon
 * as the limit is passed, so no handler ever buffers more than the limit. The usage ingestion endpoint streams its
 * body and is bounded by its own batch and line limits (docs/ingestion.md); form bodies (the token endpoint) are also
 * bounded by Tomcat's {@code server.tomcat.max-http-form-post-size}. The answer is {@code 413 RequestEntityTooLarge}
 * in the ARM envelope.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class BodySizeLimitFilter extends OncePerRequestFilter {

    static final String INGESTION = "/providers/Meterwise/usage";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long limit;

    BodySizeLimitFilter(HttpProperties properties) {
        this.limit = properties.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().equalsIgnoreCase(request.getContextPath() + INGESTION)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            // the client may still be sending: say so, so that it does not wait for us to read the rest
            response.setHeader("Connection", "close");
            JSON.writeValue(response.getOutputStream(), ArmError.body(BodyTooLargeException.CODE,
                    BodyTooLargeException.message(limit), null));
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream limited;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (limited == null) {
                    limited = new LimitedInputStream(super.getInputStream(), limit);
                }
                return limited;
            }

            @Override
            public java.io.BufferedReader getReader() throws IOException {
                String encoding = getCharacterEncoding();
                return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                        encoding == null ? java.nio.charset.StandardCharsets.UTF_8
                                : java.nio.charset.Charset.forName(encoding)));
            }
        }, response);
    }

    /** Counts what is read and fails once more than the limit has come. */
    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
