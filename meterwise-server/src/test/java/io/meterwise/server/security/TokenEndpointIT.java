package io.meterwise.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

/** The built-in issuer end to end: first-start operator secret, client credentials, discovery, keys, principals. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TokenEndpointIT {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theFirstStartLeavesTheOperatorSecretAndSigningKeyReadableByTheOwnerOnly() throws Exception {
        Set<PosixFilePermission> ownerOnly = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(OperatorBootstrap.SECRET_FILE))).isEqualTo(ownerOnly);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(SigningKey.FILE))).isEqualTo(ownerOnly);
        assertThat(Files.readString(dataDir.resolve(OperatorBootstrap.SECRET_FILE)))
                .startsWith("client_id=meterwise-operator\nclient_secret=");
    }

    @Test
    void theOperatorGetsATokenAndCreatesAPrincipalWhoGetsOneToo() throws Exception {
        String operator = accessToken(form("grant_type=client_credentials&client_id=meterwise-operator&client_secret="
                + operatorSecret(), null));
        assertThat(SignedJWT.parse(operator).getJWTClaimsSet().getStringListClaim("roles"))
                .containsExactly("Meterwise.Operator");

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/providers/Meterwise/principals"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"billing-exporter\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String clientId = field(created.body(), "clientId");
        String secret = field(created.body(), "clientSecret");

        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String token = accessToken(form("grant_type=client_credentials", "Basic " + basic));
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("oid")).isEqualTo(field(created.body(),
                "objectId"));
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(uri("/subscriptions?api-version=2020-01-01"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        HttpResponse<String> principals = http.send(HttpRequest.newBuilder(uri("/providers/Meterwise/principals"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(principals.statusCode()).isEqualTo(403);

        HttpResponse<String> operatorList = http.send(HttpRequest.newBuilder(uri("/providers/Meterwise/principals"))
                .header("Authorization", "Bearer " + operator).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(operatorList.body()).contains(clientId).doesNotContain(secret).doesNotContain("pbkdf2");
    }

    @Test
    void badClientCredentialsGetRfc6749Errors() throws Exception {
        HttpResponse<String> wrong = form("grant_type=client_credentials&client_id=meterwise-operator"
                + "&client_secret=wrong", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("\"error\":\"invalid_client\"");
        assertThat(wrong.headers().firstValue("Cache-Control")).contains("no-store");

        assertThat(form("grant_type=client_credentials&client_id=nobody&client_secret=x", null).body())
                .contains("\"error\":\"invalid_client\"");
        HttpResponse<String> grant = form("grant_type=password&client_id=a&client_secret=b", null);
        assertThat(grant.statusCode()).isEqualTo(400);
        assertThat(grant.body()).contains("\"error\":\"unsupported_grant_type\"");
        assertThat(form("client_id=a", null).body()).contains("\"error\":\"invalid_request\"");
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.body()).contains("\"error\":\"invalid_request\"");
    }

    /**
     * MSAL posts to {@code /{tenant}/oauth2/v2.0/token} with {@code client-request-id} both in the query and in the
     * body: only OAuth parameters must not repeat (RFC 6749 section 3.2).
     */
    @Test
    void theEntraShapedTokenEndpointTakesMsalRequests() throws Exception {
        String credentials = "grant_type=client_credentials&client_id=meterwise-operator&client_secret="
                + operatorSecret() + "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default&client_info=1";
        String msal = "?client-request-id=3f1e0c2a-0000-4000-8000-000000000001";
        String body = credentials + "&client-request-id=3f1e0c2a-0000-4000-8000-000000000001";
        for (String tenant : List.of("meterwise", "organizations", "MeterWise")) {
            accessToken(form("/" + tenant + "/oauth2/v2.0/token" + msal, body, null));
        }
        accessToken(form("/oauth2/token" + msal, body, null));

        HttpResponse<String> repeated = form("/meterwise/oauth2/v2.0/token?scope=x", body, null);
        assertThat(repeated.statusCode()).isEqualTo(400);
        assertThat(repeated.body()).contains("\"error\":\"invalid_request\"").contains("scope was repeated");
        assertThat(form("/oauth2/token", body + "&grant_type=client_credentials", null).body())
                .contains("grant_type was repeated");

        HttpResponse<String> unknown = form("/contoso/oauth2/v2.0/token", body, null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"error\":\"invalid_tenant\"").doesNotContain("access_token");
    }

    @Test
    void theEntraShapedDiscoveryNamesEndpointsOnTheSameHost() throws Exception {
        HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(
                uri("/organizations/v2.0/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(discovery.statusCode()).isEqualTo(200);
        String base = "http://localhost:" + port;
        assertThat(discovery.body()).contains("\"issuer\":\"" + base + "/meterwise/v2.0\"")
                .contains("\"authorization_endpoint\":\"" + base + "/organizations/oauth2/v2.0/authorize\"")
                .contains("\"token_endpoint\":\"" + base + "/organizations/oauth2/v2.0/token\"")
                .contains("\"jwks_uri\":\"" + base + "/.well-known/jwks.json\"");
        assertThat(http.send(HttpRequest.newBuilder(uri("/contoso/v2.0/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(
                uri("/meterwise/oauth2/v2.0/authorize?response_type=code")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(authorize.statusCode()).isEqualTo(400);
        assertThat(authorize.body()).contains("unsupported_response_type");
    }

    @Test
    void discoveryAndKeysArePublic() throws Exception {
        HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(uri("/.well-known/openid-configuration"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains("\"issuer\":\"meterwise\"")
                .contains("\"token_endpoint\":\"http://localhost:" + port + "/oauth2/token\"");
        HttpResponse<String> keys = http.send(HttpRequest.newBuilder(uri("/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        JWKSet set = JWKSet.parse(keys.body());
        assertThat(set.getKeys()).hasSize(1);
        assertThat(set.getKeys().get(0).isPrivate()).isFalse();
        assertThat(keys.body()).doesNotContain("\"d\"");
    }

    private String operatorSecret() throws Exception {
        Matcher m = Pattern.compile("client_secret=(\\S+)")
                .matcher(Files.readString(dataDir.resolve(OperatorBootstrap.SECRET_FILE)));
        assertThat(m.find()).isTrue();
        return URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
    }

    private String accessToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"token_type\":\"Bearer\"").contains("\"expires_in\":3600");
        return field(response.body(), "access_token");
    }

    private HttpResponse<String> form(String body, String authorization) throws Exception {
        return form("/oauth2/token", body, authorization);
    }

    private HttpResponse<String> form(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
