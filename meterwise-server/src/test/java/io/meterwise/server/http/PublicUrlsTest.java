package io.meterwise.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class PublicUrlsTest {

    private final PublicUrls urls = new PublicUrls(List.of("127.0.0.1", "10.1.0.0/16", "fd00::/8"));

    @Test
    void forwardedHeadersCountOnlyFromTrustedProxies() {
        assertThat(urls.origin(request("127.0.0.1"))).isEqualTo("https://billing.example.com");
        assertThat(urls.origin(request("10.1.255.7"))).isEqualTo("https://billing.example.com");
        assertThat(urls.origin(request("fd12::1"))).isEqualTo("https://billing.example.com");
        assertThat(urls.origin(request("10.2.0.1"))).isEqualTo("http://internal:8080");
        assertThat(urls.origin(request("127.0.0.2"))).isEqualTo("http://internal:8080");
        assertThat(urls.origin(request("::1"))).isEqualTo("http://internal:8080");
        assertThat(new PublicUrls(List.of()).origin(request("127.0.0.1"))).isEqualTo("http://internal:8080");
    }

    @Test
    void malformedForwardedValuesAreIgnored() {
        MockHttpServletRequest request = request("127.0.0.1");
        for (String header : List.of("X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port")) {
            request.removeHeader(header);
        }
        request.addHeader("X-Forwarded-Proto", "gopher");
        request.addHeader("X-Forwarded-Host", "evil.example.com/path");
        request.addHeader("X-Forwarded-Port", "http");
        assertThat(urls.origin(request)).isEqualTo("http://internal:8080");
    }

    @Test
    void aNextLinkKeepsTheQueryAsSentAndReplacesOnlyTheToken() {
        MockHttpServletRequest request = request("192.0.2.1");
        request.setRequestURI("/subscriptions/x/providers/Microsoft.Billing/invoices");
        request.setQueryString("api-version=2018-03-01-preview&$filter=invoicePeriodEndDate%20ge%202026-01-01"
                + "&%24skiptoken=old&$top=5");
        assertThat(urls.nextLink(request, "$skiptoken", "a+b/c=")).isEqualTo("http://internal:8080/subscriptions/x/"
                + "providers/Microsoft.Billing/invoices?api-version=2018-03-01-preview"
                + "&$filter=invoicePeriodEndDate%20ge%202026-01-01&$top=5&$skiptoken=a%2Bb%2Fc%3D");
    }

    @Test
    void trustedProxiesMustBeAddresses() {
        assertThatThrownBy(() -> new PublicUrls(List.of("proxy.example.com")))
                .hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> new PublicUrls(List.of("10.0.0.0/33"))).hasMessageContaining("bad prefix");
    }

    private static MockHttpServletRequest request(String remote) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
        request.setRemoteAddr(remote);
        request.setScheme("http");
        request.setServerName("internal");
        request.setServerPort(8080);
        request.addHeader("X-Forwarded-Proto", "https");
        request.addHeader("X-Forwarded-Host", "billing.example.com");
        request.addHeader("X-Forwarded-Port", "443");
        return request;
    }
}
