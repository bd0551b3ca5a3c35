package io.meterwise.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The widely published HMAC-SHA256 example (key "key"), so the scheme matches any other implementation. */
    @Test
    void signsTheBodyWithHmacSha256InLowerCaseHex() {
        byte[] body = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.sign("key", body))
                .isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void verifiesOnlyTheSameBodyUnderTheSameSecret() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign("s3cret-s3cret-s3cret", body);
        assertThat(WebhookSignature.verify("s3cret-s3cret-s3cret", body, signature)).isTrue();
        assertThat(WebhookSignature.verify("s3cret-s3cret-s3creT", body, signature)).isFalse();
        assertThat(WebhookSignature.verify("s3cret-s3cret-s3cret", "{\"a\":2}".getBytes(StandardCharsets.UTF_8),
                signature)).isFalse();
        assertThat(WebhookSignature.verify("s3cret-s3cret-s3cret", body, signature.toUpperCase())).isFalse();
    }

    /** The worked example of docs/notifications.md. */
    @Test
    void theDocumentedExampleSignsAsDocumented() {
        String body = "{\"schemaId\":\"AIP Budget Notification\",\"data\":{\"SubscriptionName\":\"Contoso web\",\""
                + "SubscriptionId\":\"3c1d2e4f-0000-4000-8000-0000000000b1\",\"SpendingAmount\":\"905.12\",\""
                + "BudgetStartDate\":\"10/1/2026\",\"Budget\":\"1000\",\"Unit\":\"USD\",\"BudgetCreator\":\"\""
                + ",\"BudgetName\":\"monthly-web\",\"BudgetType\":\"Cost\",\"ResourceGroup\":\"web\",\"Notifi"
                + "cationThresholdAmount\":\"0.9\",\"ThresholdType\":\"Actual\",\"Operator\":\"GreaterThan\","
                + "\"ThresholdPercent\":\"90\",\"AlertId\":\"3f9c\",\"Scope\":\"/subscriptions/3c1d2e4f-0000-"
                + "4000-8000-0000000000b1/resourceGroups/web\",\"PeriodStart\":\"2026-10-01\",\"PeriodEnd\":\""
                + "2026-10-31\",\"FiredAt\":\"2026-10-20T13:45:00Z\"}}";
        assertThat(WebhookSignature.sign("whsec-example-0123456789", body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=76896b4ff9fb49cc9e7068fa5974831e0bcb74e2af70185bf4be840926b28480");
    }
}
