package io.meterwise.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;

/**
 * With {@code management.server.port} set, health and metrics are served on their own port (meant to be bound to a
 * private address) and no longer on the API port, except the short {@code /health} (issue 9 item 13).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.server.port=0", "meterwise.billing.scheduler-enabled=false"})
class ManagementPortIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> TestDataDirs.create("management").toString());
    }

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    @Autowired
    ApplicationContext context;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> health = get(managementPort, "/actuator/health", null);
        HttpResponse<String> readiness = get(managementPort, "/actuator/health/readiness", null);
        HttpResponse<String> metrics = get(managementPort, "/actuator/prometheus", null);
        HttpResponse<String> apiMetrics = get(port, "/actuator/prometheus",
                TestTokens.bearer(TestTokens.from(context).operator()));
        HttpResponse<String> apiActuatorHealth = get(port, "/actuator/health", null);
        HttpResponse<String> apiHealth = get(port, "/health", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "application=\"meterwise\"");
        assertThat(apiMetrics.statusCode()).isEqualTo(404);
        assertThat(apiActuatorHealth.statusCode()).isEqualTo(404);
        assertThat(apiHealth.statusCode()).isEqualTo(200);
        assertThat(apiHealth.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    private HttpResponse<String> get(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
