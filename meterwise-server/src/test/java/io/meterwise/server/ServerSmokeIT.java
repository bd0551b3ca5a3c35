package io.meterwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.server.testing.TestTokens;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServerSmokeIT {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void unknownPathWithoutATokenIsRefusedInTheArmEnvelope() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/no/such/thing")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"error\":{\"code\":\"AuthenticationFailed\"");
        assertThat(response.headers().firstValue("x-ms-request-id")).isPresent();
    }

    @Test
    void unknownPathAnswersTheArmEnvelopeWithRequestIds() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/no/such/thing"))
                        .header("Authorization", TestTokens.bearer(TestTokens.from(context).operator())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"error\":{\"code\":\"NotFound\"");
        assertThat(response.headers().firstValue("x-ms-request-id")).isPresent();
        assertThat(response.headers().firstValue("x-ms-correlation-request-id")).isPresent();
        // the configured store holds the data: a DuckDB file in the data directory only on the embedded store
        boolean embedded = !"postgres".equals(context.getEnvironment().getProperty("meterwise.store"));
        assertThat(dataDir.resolve("meterwise.duckdb").toFile().exists()).isEqualTo(embedded);
    }
}
