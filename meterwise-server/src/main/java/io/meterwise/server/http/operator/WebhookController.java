package io.meterwise.server.http.operator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.limits.Texts;
import io.meterwise.core.notify.WebhookEndpoint;
import io.meterwise.core.notify.WebhookEndpoints;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.databind.JsonNode;

/**
 * Webhook endpoints, the Action Group stand-in (operator-only by route): a budget notification's
 * {@code contactGroups} entry names one. The signing secret is answered once, when Meterwise generates it.
 */
@RestController
@RequestMapping("/providers/Meterwise/webhooks")
class WebhookController {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookEndpoints endpoints;
    private final Clock clock;

    WebhookController(WebhookEndpoints endpoints, Clock clock) {
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /**
     * Creates or replaces an endpoint. {@code url} is required; {@code secret} sets the signing secret (16 to 256
     * characters); without it a new endpoint gets a generated one and an existing one keeps its own, unless
     * {@code rotateSecret} is true. A generated secret is in the answer, and never again.
     */
    @PutMapping("/{name}")
    ResponseEntity<Map<String, Object>> put(@PathVariable String name, @RequestBody(required = false) @Nullable String json) {
        if (!WebhookEndpoint.validName(name)) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidWebhookName", "The webhook name '"
                    + Texts.shorten(name) + "' must be 1 to 80 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit.", "name");
        }
        Body body = Body.of(json);
        JsonNode url = body.raw("url");
        if (url == null || !url.isString() || url.asString().isBlank()) {
            throw Body.invalid("url", "is required: the http(s) URL deliveries are POSTed to");
        }
        java.net.URI target;
        try {
            target = WebhookEndpoint.target(url.asString());
        } catch (IllegalArgumentException e) {
            throw Body.invalid("url", e.getMessage() + ", was '" + Texts.shorten(url.asString()) + "'");
        }
        String secret = body.optionalText("secret");
        if (secret != null && (secret.length() < WebhookEndpoint.MIN_SECRET_LENGTH
                || secret.length() > WebhookEndpoint.MAX_SECRET_LENGTH || !secret.strip().equals(secret))) {
            throw Body.invalid("secret", "must be " + WebhookEndpoint.MIN_SECRET_LENGTH + " to "
                    + WebhookEndpoint.MAX_SECRET_LENGTH + " characters without leading or trailing spaces");
        }
        boolean rotate = body.optionalBoolean("rotateSecret", false);
        if (rotate && secret != null) {
            throw Body.invalid("rotateSecret", "cannot be combined with 'secret'");
        }
        Instant now = clock.instant();
        Optional<WebhookEndpoint> existing = endpoints.get(name);
        String generated = null;
        if (secret == null && (existing.isEmpty() || rotate)) {
            generated = generateSecret();
            secret = generated;
        } else if (secret == null) {
            secret = existing.get().secret();
        }
        WebhookEndpoint endpoint = new WebhookEndpoint(name, target, secret,
                existing.map(WebhookEndpoint::createdAt).orElse(now), now);
        boolean created = endpoints.put(endpoint);
        Map<String, Object> answer = wire(endpoint);
        if (generated != null) {
            answer.put("secret", generated);
        }
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(answer);
    }

    @GetMapping
    Listing<Map<String, Object>> list() {
        return new Listing<>(endpoints.list().stream().map(WebhookController::wire).toList());
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String name) {
        return wire(endpoints.get(name).orElseThrow(() -> notFound(name)));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        return endpoints.delete(name) ? ResponseEntity.ok().build() : ResponseEntity.noContent().build();
    }

    static ArmException notFound(String name) {
        return ArmException.notFound("WebhookNotFound", "No webhook endpoint named '" + Texts.shorten(name)
                + "' is registered.");
    }

    private static String generateSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, Object> wire(WebhookEndpoint e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", e.name());
        body.put("url", e.url().toString());
        body.put("contactGroup", e.name());
        body.put("signatureHeader", io.meterwise.core.notify.WebhookSignature.HEADER);
        body.put("createdAt", e.createdAt().toString());
        body.put("updatedAt", e.updatedAt().toString());
        return body;
    }

}
