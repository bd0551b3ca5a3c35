package io.meterwise.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every error the server sends is the ARM envelope, including those raised before a controller runs (issue 9). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "meterwise.billing.scheduler-enabled=false")
class ErrorEnvelopeIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> TestDataDirs.create("envelope").toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    /** Sends raw bytes (what an HTTP client library would refuse to send) and returns the raw answer. */
    String exchange(String request) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void assertEnvelope(String raw, String what) {
        assertThat(raw).as(what).startsWith("HTTP/1.1 400");
        int split = raw.indexOf("\r\n\r\n");
        String head = raw.substring(0, split);
        String body = raw.substring(split + 4);
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
        }
        assertThat(head.toLowerCase()).as(what).contains("content-type: application/json");
        JsonNode json = JsonMapper.builder().build().readTree(body);
        assertThat(json.get("error").get("code").asString()).as(what).isNotBlank();
        assertThat(json.get("code").asString()).isEqualTo(json.get("error").get("code").asString());
        assertThat(json.get("message").asString()).isNotBlank().doesNotContain("Exception").doesNotContain("<");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/subscriptions/%00", "/providers/Meterwise/a%2Fb", "/providers/%zz", "/%",
            "/providers/Meterwise/offers/%C0%AF"})
    void malformedUrlsAreAnsweredWithTheEnvelope(String path) throws Exception {
        assertEnvelope(exchange("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), path);
    }

    @org.junit.jupiter.api.Test
    void oversizedUrlsAndHeadersAreAnsweredWithTheEnvelope() throws Exception {
        assertEnvelope(exchange("GET /subscriptions?x=" + "a".repeat(9000)
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), "long URL");
        assertEnvelope(exchange("GET /subscriptions HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(9000)
                + "\r\nConnection: close\r\n\r\n"), "long header");
    }

    @org.junit.jupiter.api.Test
    void aBadChunkHeaderIsAnsweredWithTheEnvelope() throws Exception {
        String token = TestTokens.from(context).operator();
        assertEnvelope(exchange("POST /providers/Meterwise/usage HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"), "bad chunk");
        assertEnvelope(exchange("PUT /providers/Meterwise/offers/MS-AZR-0003P HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"), "bad chunk, JSON body");
    }
}
