package io.meterwise.server.http.error;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error page for failures no servlet sees (a malformed or oversized URL or header, {@code %00}, an encoded
 * slash): the ARM envelope instead of Tomcat's HTML (ADR 0005). The message never quotes the request.
 */
public class ArmErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.isCommitted() || response.getContentWritten() > 0) {
            return;
        }
        StatusError error = StatusError.of(status);
        try {
            response.resetBuffer();
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            String id = UUID.randomUUID().toString();
            response.setHeader("x-ms-request-id", id);
            response.setHeader("x-ms-correlation-request-id", id);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(ArmError.body(error.code(), error.message(), null)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response is committed: nothing more can be sent
        }
    }
}
