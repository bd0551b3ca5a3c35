package io.meterwise.server.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.notify.AlertNotice;
import io.meterwise.core.notify.BudgetAlertPayload;
import io.meterwise.core.notify.Delivery;
import io.meterwise.core.notify.DeliveryAttempt.Outcome;
import io.meterwise.core.notify.DeliveryTransport;
import io.meterwise.core.notify.RetryPolicy;
import io.meterwise.core.notify.WebhookEndpoint;
import io.meterwise.core.notify.WebhookEndpoints;
import io.meterwise.core.notify.WebhookSignature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers a notice to a webhook endpoint: one signed POST of the budget-alert JSON. Redirects are not followed by
 * the client; a 307/308 to the same origin is followed here (up to a limit), any other redirect ends the delivery.
 * The answer's body is never read into the log.
 */
final class WebhookTransport implements DeliveryTransport {

    static final String USER_AGENT = "Meterwise-Webhooks/1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookEndpoints endpoints;
    private final Catalog catalog;
    private final HttpClient client;
    private final Duration timeout;
    private final int maxRedirects;

    WebhookTransport(WebhookEndpoints endpoints, Catalog catalog, NotifyProperties properties) {
        this.endpoints = endpoints;
        this.catalog = catalog;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.webhookConnectTimeout()).build();
        this.timeout = properties.webhookTimeout();
        this.maxRedirects = properties.webhookMaxRedirects();
    }

    /** The exact bytes POSTed for a notice (and signed). */
    byte[] body(AlertNotice notice) {
        return JSON.writeValueAsBytes(BudgetAlertPayload.of(notice, subscriptionName(notice)));
    }

    @Override
    public Result send(Delivery delivery, AlertNotice notice) {
        Optional<WebhookEndpoint> endpoint = endpoints.get(delivery.target());
        if (endpoint.isEmpty()) {
            return new Result(Outcome.PERMANENT, null, "no webhook endpoint named '" + delivery.target()
                    + "' is registered");
        }
        byte[] body = body(notice);
        String signature = WebhookSignature.sign(endpoint.get().secret(), body);
        URI target = endpoint.get().url();
        try {
            for (int hop = 0; ; hop++) {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(target).timeout(timeout)
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header("User-Agent", USER_AGENT)
                        .header(WebhookSignature.HEADER, signature)
                        .header(WebhookSignature.DELIVERY_HEADER, delivery.id())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status == 307 || status == 308) {
                    Optional<URI> next = WebhookEndpoint.sameOriginRedirect(target,
                            response.headers().firstValue("Location").orElse(null));
                    if (next.isEmpty()) {
                        return new Result(Outcome.PERMANENT, status, "HTTP " + status
                                + ": redirect to another host (or no Location) not followed");
                    }
                    if (hop >= maxRedirects) {
                        return new Result(Outcome.PERMANENT, status, "HTTP " + status + ": more than " + maxRedirects
                                + " redirects");
                    }
                    target = next.get();
                    continue;
                }
                Outcome outcome = RetryPolicy.classify(status);
                String detail = "HTTP " + status + (status >= 300 && status < 400 ? ": redirect not followed" : "")
                        + (hop > 0 ? " from " + target : "");
                return new Result(outcome, status, detail);
            }
        } catch (HttpTimeoutException e) {
            return new Result(Outcome.RETRYABLE, null, "timed out");
        } catch (IOException e) {
            return new Result(Outcome.RETRYABLE, null, "connection failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.RETRYABLE, null, "interrupted (server stopping)");
        }
    }

    private @Nullable String subscriptionName(AlertNotice notice) {
        return MailTransport.subscriptionName(catalog, notice);
    }
}
