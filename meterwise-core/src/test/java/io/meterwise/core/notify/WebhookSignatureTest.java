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
}
