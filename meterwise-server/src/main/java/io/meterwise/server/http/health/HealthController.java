package io.meterwise.server.http.health;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /health}: the documented short path of Spring Boot Actuator's {@code /actuator/health} (public, status
 * only). Readiness ({@code /actuator/health/readiness}) turns UP only after migrations and start runners (the demo
 * load) have finished; liveness is {@code /actuator/health/liveness}.
 */
@Controller
class HealthController {

    @GetMapping("/health")
    String health() {
        return "forward:/actuator/health";
    }
}
