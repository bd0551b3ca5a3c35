package io.meterwise.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

class WebhookEndpointTest {

    @Test
    void targetsAreAbsoluteHttpOrHttpsUrlsWithAHostAndNoCredentials() {
        assertThat(WebhookEndpoint.target("https://hooks.example.com/budget?x=1")).hasHost("hooks.example.com");
        assertThat(WebhookEndpoint.target("http://127.0.0.1:8080/h")).hasPort(8080);
        for (String bad : new String[] {"ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)",
                "/relative", "https://", "https://user:pw@example.com/", "https://example.com/#frag", "not a url",
                "mailto:ops@example.com"}) {
            assertThatThrownBy(() -> WebhookEndpoint.target(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> WebhookEndpoint.target("https://example.com/" + "a".repeat(3000)))
                .hasMessageContaining("at most");
    }

    @Test
    void redirectsAreFollowedOnlyToTheSameOrigin() {
        URI from = URI.create("https://hooks.example.com/v1/budget");
        assertThat(WebhookEndpoint.sameOriginRedirect(from, "/v2/budget"))
                .hasValue(URI.create("https://hooks.example.com/v2/budget"));
        assertThat(WebhookEndpoint.sameOriginRedirect(from, "https://HOOKS.example.com:443/v2"))
                .hasValue(URI.create("https://HOOKS.example.com:443/v2"));
        assertThat(WebhookEndpoint.sameOriginRedirect(from, "https://evil.example.net/steal")).isEmpty();
        assertThat(WebhookEndpoint.sameOriginRedirect(from, "http://hooks.example.com/v2")).isEmpty();
        assertThat(WebhookEndpoint.sameOriginRedirect(from, "https://hooks.example.com:8443/v2")).isEmpty();
        assertThat(WebhookEndpoint.sameOriginRedirect(from, "//evil.example.net/x")).isEmpty();
        assertThat(WebhookEndpoint.sameOriginRedirect(from, "https://u:p@hooks.example.com/v2")).isEmpty();
        assertThat(WebhookEndpoint.sameOriginRedirect(from, null)).isEmpty();
        assertThat(WebhookEndpoint.sameOriginRedirect(from, "::bad::")).isEmpty();
    }

    @Test
    void names() {
        assertThat(WebhookEndpoint.validName("ops-hook_1.a")).isTrue();
        assertThat(WebhookEndpoint.validName("")).isFalse();
        assertThat(WebhookEndpoint.validName("-x")).isFalse();
        assertThat(WebhookEndpoint.validName("a/b")).isFalse();
        assertThat(WebhookEndpoint.validName("a".repeat(81))).isFalse();
    }
}
