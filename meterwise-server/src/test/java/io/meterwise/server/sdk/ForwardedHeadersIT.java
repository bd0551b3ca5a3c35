package io.meterwise.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.meterwise.core.access.Role;
import io.meterwise.server.testing.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * Behind a reverse proxy that terminates TLS, links name the public URL from {@code X-Forwarded-*}, but only when the
 * request comes from a trusted proxy (by default the loopback addresses 127.0.0.1 and ::1). A request from
 * 127.0.0.2, another address of this machine that is not trusted, carries the same headers and gets links on the
 * server's own address. Covers Billing nextLink and downloadUrl, and the Entra-shaped discovery document.
 */
class ForwardedHeadersIT extends SeededServer {

    private static final String INVOICES = "/subscriptions/" + SUB + "/providers/Microsoft.Billing/invoices"
            + "?api-version=2018-03-01-preview&$expand=downloadUrl&$filter=invoicePeriodEndDate%20ge%202026-08-01";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aTrustedProxyNamesThePublicSchemeHostAndPort() throws Exception {
        JsonNode page = get("http://127.0.0.1:" + port + INVOICES, "https", "billing.example.com", "8443");
        assertThat(page.get("nextLink").asString())
                .startsWith("https://billing.example.com:8443/subscriptions/" + SUB + "/providers/Microsoft.Billing/")
                .contains("$filter=invoicePeriodEndDate%20ge%202026-08-01");
        assertThat(page.get("value").get(0).get("properties").get("downloadUrl").get("url").asString())
                .startsWith("https://billing.example.com:8443/downloads/invoices/" + SUB + "/");

        JsonNode discovery = get("http://127.0.0.1:" + port + "/meterwise/v2.0/.well-known/openid-configuration",
                "https", "login.example.com", "443");
        assertThat(discovery.get("token_endpoint").asString())
                .isEqualTo("https://login.example.com/meterwise/oauth2/v2.0/token");
        assertThat(discovery.get("issuer").asString()).isEqualTo("https://login.example.com/meterwise/v2.0");
    }

    @Test
    void forwardedHeadersFromAnUntrustedAddressAreIgnored() throws Exception {
        String origin = "http://127.0.0.1:" + port;
        JsonNode page = fromUntrustedAddress(INVOICES, "evil.example.com");
        assertThat(page.get("nextLink").asString()).startsWith(origin + "/subscriptions/" + SUB + "/");
        assertThat(page.get("value").get(0).get("properties").get("downloadUrl").get("url").asString())
                .startsWith(origin + "/downloads/invoices/");
        assertThat(page.toString()).doesNotContain("evil.example.com");

        JsonNode discovery = fromUntrustedAddress("/organizations/v2.0/.well-known/openid-configuration",
                "evil.example.com");
        assertThat(discovery.get("token_endpoint").asString())
                .isEqualTo(origin + "/organizations/oauth2/v2.0/token");
    }

    /**
     * An HTTP/1.0 request from a socket bound to 127.0.0.2 (the JDK HttpClient cannot choose its source address, and
     * the kernel would pick 127.0.0.1), with forwarded headers naming {@code host}.
     */
    private JsonNode fromUntrustedAddress(String pathAndQuery, String host) throws Exception {
        String token = TestTokens.from(context).withRole(Role.READER, SUB);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(60_000);
            String request = "GET " + pathAndQuery + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: " + TestTokens.bearer(token) + "\r\nX-Forwarded-Proto: https\r\n"
                    + "X-Forwarded-Host: " + host + "\r\nX-Forwarded-Port: 443\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }

    private JsonNode get(String url, String proto, String host, String forwardedPort) throws Exception {
        String token = TestTokens.from(context).withRole(Role.READER, SUB);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", TestTokens.bearer(token)).header("X-Forwarded-Proto", proto)
                .header("X-Forwarded-Host", host).header("X-Forwarded-Port", forwardedPort).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
