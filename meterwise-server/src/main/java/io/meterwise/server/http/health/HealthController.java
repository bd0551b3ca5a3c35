package io.meterwise.server.http.health;

import java.util.Map;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: the documented short path of Spring Boot Actuator's health (public, status only), always on
 * the API port, also when the Actuator endpoints are on their own management port ({@code management.server.port},
 * docs/operations.md), so a load balancer probing the API port keeps working. Readiness
 * ({@code /actuator/health/readiness}) turns UP only after migrations and start runners (the demo load) have finished;
 * liveness is {@code /actuator/health/liveness}.
 */
@RestController
class HealthController {

    private final HealthEndpoint health;

    HealthController(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> health() {
        Status status = health.health().getStatus();
        boolean serving = !status.equals(Status.DOWN) && !status.equals(Status.OUT_OF_SERVICE);
        return ResponseEntity.status(serving ? 200 : 503).body(Map.of("status", status.getCode()));
    }
}
