package io.meterwise.server.http.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import io.meterwise.server.testing.CommerceApiTestSupport;
import tools.jackson.databind.JsonNode;

/** The ARM error envelope (ADR 0005): wrapped and flat code and message, request ids, no internals. */
public final class ArmErrorAssertions {

    private ArmErrorAssertions() {
    }

    public static void assertArmError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = CommerceApiTestSupport.JSON.readTree(r.body());
        assertThat(body.get("error").get("code").asString()).isEqualTo(code);
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("message").asString()).isNotBlank().doesNotContain("Exception").doesNotContain("at io.");
        assertThat(r.headers().firstValue("x-ms-request-id")).isPresent();
    }
}
