package io.meterwise.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Wrong secrets are limited per client id and address, and per address (issue 9 item 6), before the secret is hashed:
 * a 429 in RFC 6749's error shape with Retry-After; the limits come from configuration (low here, high in the other
 * tests' configuration).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "meterwise.security.failed-authentication.per-client=3",
    "meterwise.security.failed-authentication.per-address=5",
    "meterwise.security.failed-authentication.window=1h"})
class FailedAuthenticationLimitIT {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void wrongSecretsAreRefusedWith429AndRetryAfterOncePerClientAndPerAddressLimitsAreSpent() throws Exception {
        String secret = Files.readString(dataDir.resolve(OperatorBootstrap.SECRET_FILE)).lines()
                .filter(l -> l.startsWith("client_secret=")).findFirst().orElseThrow().substring(14);
        assertThat(token("meterwise-operator", secret).statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(token("app-1", "wrong").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = token("app-1", "wrong");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("\"error\":\"temporarily_unavailable\"").contains("retry after");
        // an hour's window of 3: one attempt back every 20 minutes
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1190L, 1200L);
        assertThat(limited.headers().firstValue("Cache-Control")).contains("no-store");

        // another client from the same address still may, until the address's 5 are spent
        assertThat(token("app-2", "wrong").statusCode()).isEqualTo(401);
        assertThat(token("app-2", "wrong").statusCode()).isEqualTo(401);
        assertThat(token("app-3", "wrong").statusCode()).isEqualTo(429);
        // even the right secret waits: the attempt is refused before it is checked
        assertThat(token("meterwise-operator", secret).statusCode()).isEqualTo(429);
    }

    private HttpResponse<String> token(String clientId, String secret) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId
                        + "&client_secret=" + secret)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
