package io.meterwise.testprobe;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stands in for the billing controllers other features add, so the access matrix can call a Commerce read and a
 * Billing write route. Lives outside {@code io.meterwise.server} so that only tests that import it see it.
 */
@RestController
public class AccessProbeController {

    @GetMapping("/subscriptions/{sid}/providers/Microsoft.Commerce/meterwiseAccessProbe")
    Map<String, String> read(@PathVariable String sid) {
        return Map.of("subscriptionId", sid);
    }

    @PutMapping("/subscriptions/{sid}/providers/Microsoft.Billing/meterwiseAccessProbe")
    Map<String, String> write(@PathVariable String sid) {
        return Map.of("subscriptionId", sid);
    }
}
