package io.meterwise.server.http.operator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.notify.Channel;
import io.meterwise.core.notify.Delivery;
import io.meterwise.core.notify.DeliveryAttempt;
import io.meterwise.core.notify.DeliveryQueue;
import io.meterwise.core.notify.WebhookEndpoint;
import io.meterwise.server.http.error.ArmException;

/**
 * The delivery log (operator-only by route): the deliveries of one alert, or to one webhook endpoint or e-mail
 * address, each with every attempt (times, HTTP status or SMTP reply code, outcome).
 */
@RestController
class DeliveryLogController {

    /** Most deliveries answered for one endpoint or address, newest first. */
    static final int MAX_DELIVERIES = 200;

    private final DeliveryQueue queue;

    DeliveryLogController(DeliveryQueue queue) {
        this.queue = queue;
    }

    @GetMapping("/providers/Meterwise/deliveries")
    Listing<Map<String, Object>> deliveries(@RequestParam(required = false) @Nullable String alertId,
            @RequestParam(required = false) @Nullable String webhook,
            @RequestParam(required = false) @Nullable String email) {
        int given = (alertId == null ? 0 : 1) + (webhook == null ? 0 : 1) + (email == null ? 0 : 1);
        if (given != 1) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidDeliveryFilter",
                    "Give exactly one of the query parameters 'alertId', 'webhook' or 'email'.", "alertId");
        }
        List<Delivery> deliveries;
        if (alertId != null) {
            deliveries = queue.ofNotice(alertId);
        } else if (webhook != null) {
            deliveries = queue.ofTarget(Channel.WEBHOOK, WebhookEndpoint.key(webhook.strip()), MAX_DELIVERIES);
        } else {
            deliveries = queue.ofTarget(Channel.EMAIL, email.strip().toLowerCase(Locale.ROOT), MAX_DELIVERIES);
        }
        return new Listing<>(deliveries.stream().map(this::wire).toList());
    }

    private Map<String, Object> wire(Delivery d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", d.id());
        body.put("alertId", d.noticeId());
        body.put("channel", d.channel() == Channel.WEBHOOK ? "webhook" : "email");
        body.put("target", d.target());
        body.put("state", d.state().name().charAt(0) + d.state().name().substring(1).toLowerCase(Locale.ROOT));
        body.put("attempts", d.attempts());
        body.put("lastStatus", d.lastStatus());
        if (d.state() == Delivery.State.PENDING) {
            body.put("nextAttemptAt", d.nextAttemptAt().toString());
        }
        body.put("updatedAt", d.updatedAt().toString());
        body.put("log", queue.attempts(d.id()).stream().map(DeliveryLogController::wire).toList());
        return body;
    }

    private static Map<String, Object> wire(DeliveryAttempt a) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attempt", a.attempt());
        body.put("startedAt", a.startedAt().toString());
        body.put("finishedAt", a.finishedAt() == null ? null : a.finishedAt().toString());
        String outcome = switch (a.outcome()) {
            case IN_PROGRESS -> "InProgress";
            case DELIVERED -> "Delivered";
            case RETRYABLE -> "Retryable";
            case PERMANENT -> "Failed";
        };
        body.put("outcome", outcome);
        body.put("status", a.status());
        body.put("detail", a.detail());
        return body;
    }
}
