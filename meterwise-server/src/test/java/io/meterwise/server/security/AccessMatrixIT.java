package io.meterwise.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import io.meterwise.core.access.Role;
import io.meterwise.server.testing.TestTokens;
import io.meterwise.testprobe.AccessProbeController;

/**
 * Every caller against every endpoint of this branch, over HTTP: the status, and that no data of a subscription the
 * caller may not see appears in the body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(AccessProbeController.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {

    static final UUID A = UUID.fromString("0b5f8b8e-1d7e-4a55-9a7e-6a3c2d1e0a01");
    static final UUID B = UUID.fromString("0b5f8b8e-1d7e-4a55-9a7e-6a3c2d1e0b02");
    static final UUID MISSING = UUID.fromString("0b5f8b8e-1d7e-4a55-9a7e-6a3c2d1e0c03");
    static final String A_NAME = "Contoso secret project A";
    static final String B_NAME = "Fabrikam secret project B";
    static final String EXTERNAL_AUDIENCE = "api://meterwise-external";

    /** Not a {@code @TempDir}: with a per-class lifecycle the context starts before JUnit injects one. */
    static Path dataDir;
    static HttpServer externalIssuer;
    static ECKey externalKey;
    static String externalIssuerId;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        externalKey = new ECKeyGenerator(Curve.P_256).keyID("external-1").generate();
        externalIssuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + externalIssuer.getAddress().getPort() + "/tenant-x";
        externalIssuerId = base;
        serve("/tenant-x/.well-known/openid-configuration",
                "{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base + "/keys\"}");
        serve("/tenant-x/keys", new JWKSet(externalKey.toPublicJWK()).toString());
        externalIssuer.start();
        dataDir = Files.createTempDirectory("meterwise-access");
        registry.add("meterwise.data-dir", () -> dataDir.toString());
        registry.add("meterwise.security.external.issuer", () -> base);
        registry.add("meterwise.security.external.audience", () -> EXTERNAL_AUDIENCE);
    }

    private static void serve(String path, String body) {
        externalIssuer.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    @AfterAll
    static void stopExternalIssuer() throws IOException {
        externalIssuer.stop(0);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    enum Caller {
        OWNER, CONTRIBUTOR, READER, BILLING_READER, EXTERNAL_READER, NO_ROLE, OWNER_OF_B, OPERATOR,
        EXPIRED, TAMPERED, UNKNOWN_ISSUER, ALG_NONE, HMAC_WITH_PUBLIC_KEY, UNKNOWN_KID, WRONG_AUDIENCE,
        EXTERNAL_WRONG_AUDIENCE, NO_TOKEN;

        boolean authenticated() {
            return ordinal() <= OPERATOR.ordinal();
        }

        boolean seesA() {
            return this == OWNER || this == CONTRIBUTOR || this == READER || this == BILLING_READER
                    || this == EXTERNAL_READER || this == OPERATOR;
        }

        boolean seesB() {
            return this == OWNER_OF_B || this == OPERATOR;
        }
    }

    enum Need { SIGNED_IN, READ, OWNER, OPERATOR }

    enum Endpoint {
        LIST_ASSIGNMENTS("GET", "/subscriptions/" + A + "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01", Need.READ, 200),
        GET_ASSIGNMENT("GET", "/subscriptions/" + A + "/providers/Microsoft.Authorization/roleAssignments/{ownerAssignment}?api-version=2022-04-01", Need.READ, 200),
        PUT_ASSIGNMENT("PUT", "/subscriptions/" + A + "/providers/Microsoft.Authorization/roleAssignments/{new}?api-version=2022-04-01", Need.OWNER, 201),
        DELETE_ASSIGNMENT("DELETE", "/subscriptions/" + A + "/providers/Microsoft.Authorization/roleAssignments/{new}?api-version=2022-04-01", Need.OWNER, 204),
        ROLE_DEFINITIONS("GET", "/subscriptions/" + A + "/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01", Need.READ, 200),
        GET_SUBSCRIPTION("GET", "/subscriptions/" + A + "?api-version=2020-01-01", Need.READ, 200),
        LIST_SUBSCRIPTIONS("GET", "/subscriptions?api-version=2020-01-01", Need.SIGNED_IN, 200),
        COMMERCE_READ("GET", "/subscriptions/" + A + "/providers/Microsoft.Commerce/meterwiseAccessProbe", Need.READ, 200),
        BILLING_WRITE("PUT", "/subscriptions/" + A + "/providers/Microsoft.Billing/meterwiseAccessProbe", Need.OWNER, 200),
        OPERATOR_PRINCIPALS("GET", "/providers/Meterwise/principals", Need.OPERATOR, 200),
        MISSING_SUBSCRIPTION("GET", "/subscriptions/" + MISSING + "/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01", Need.OPERATOR, 404);

        final String method;
        final String path;
        final Need need;
        final int success;

        Endpoint(String method, String path, Need need, int success) {
            this.method = method;
            this.path = path;
            this.need = need;
            this.success = success;
        }

        boolean allows(Caller caller) {
            return switch (need) {
                case SIGNED_IN -> true;
                case READ -> caller.seesA();
                case OWNER -> caller == Caller.OWNER || caller == Caller.OPERATOR;
                case OPERATOR -> caller == Caller.OPERATOR;
            };
        }
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SigningKey signingKey;
    @Autowired
    RoleAssignmentStore assignments;
    @LocalServerPort
    int port;

    final Map<Caller, String> tokens = new EnumMap<>(Caller.class);
    final List<String> principalsOfA = new ArrayList<>();
    String principalOfB;
    String ownerAssignmentOfA;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void setUp() throws Exception {
        insertSubscription(A, A_NAME);
        insertSubscription(B, B_NAME);
        TestTokens testTokens = TestTokens.from(context);
        TestTokens.TestPrincipal owner = testTokens.newPrincipal();
        ownerAssignmentOfA = assignments.assign(owner.id(), Role.OWNER, A).name().toString();
        tokens.put(Caller.OWNER, owner.token());
        principalsOfA.add(owner.id());
        for (Caller caller : List.of(Caller.CONTRIBUTOR, Caller.READER, Caller.BILLING_READER)) {
            TestTokens.TestPrincipal p = testTokens.principalWithRole(Role.valueOf(caller.name()), A);
            tokens.put(caller, p.token());
            principalsOfA.add(p.id());
        }
        TestTokens.TestPrincipal ownerOfB = testTokens.principalWithRole(Role.OWNER, B);
        principalOfB = ownerOfB.id();
        tokens.put(Caller.OWNER_OF_B, ownerOfB.token());
        tokens.put(Caller.NO_ROLE, testTokens.newPrincipal().token());
        tokens.put(Caller.OPERATOR, testTokens.operator());

        String externalId = UUID.randomUUID().toString();
        assignments.assign(externalId, Role.READER, A);
        principalsOfA.add(externalId);
        tokens.put(Caller.EXTERNAL_READER, external(externalId, EXTERNAL_AUDIENCE));
        tokens.put(Caller.EXTERNAL_WRONG_AUDIENCE, external(externalId, "api://meterwise"));

        Clock clock = Clock.systemUTC();
        tokens.put(Caller.EXPIRED, new TokenIssuer(signingKey, "meterwise", "api://meterwise", "t",
                Duration.ofHours(1), Clock.offset(clock, Duration.ofMinutes(-66))).issue(owner.id(), null, true));
        tokens.put(Caller.WRONG_AUDIENCE, new TokenIssuer(signingKey, "meterwise", "api://other", "t",
                Duration.ofHours(1), clock).issue(owner.id(), null, true));
        tokens.put(Caller.UNKNOWN_ISSUER, new TokenIssuer(signingKey, "https://evil.example", "api://meterwise", "t",
                Duration.ofHours(1), clock).issue(owner.id(), null, true));
        tokens.put(Caller.UNKNOWN_KID, new TokenIssuer(SigningKey.generate(), "meterwise", "api://meterwise", "t",
                Duration.ofHours(1), clock).issue(owner.id(), null, true));
        tokens.put(Caller.TAMPERED, tampered(tokens.get(Caller.NO_ROLE)));
        JWTClaimsSet ownerClaims = SignedJWT.parse(tokens.get(Caller.OWNER)).getJWTClaimsSet();
        tokens.put(Caller.ALG_NONE, new PlainJWT(ownerClaims).serialize());
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKey.keyId()).build(),
                ownerClaims);
        hmac.sign(new MACSigner(signingKey.publicKeys().toString().getBytes(StandardCharsets.UTF_8)));
        tokens.put(Caller.HMAC_WITH_PUBLIC_KEY, hmac.serialize());
    }

    private void insertSubscription(UUID id, String name) {
        jdbc.update("INSERT INTO subscription VALUES (?, ?, 'Enabled', 'MS-AZR-0003P', 'USD', 'US', 'tenant-1', "
                + "current_timestamp)", id, name);
    }

    private static String external(String objectId, String audience) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(externalKey.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(externalIssuerId).audience(audience).subject("someone")
                        .claim("oid", objectId).claim("tid", "tenant-x").issueTime(Date.from(now))
                        .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).build());
        jwt.sign(new ECDSASigner(externalKey));
        return jwt.serialize();
    }

    /** Keeps the signature but rewrites the payload so the token claims to be the owner of A. */
    private String tampered(String token) throws Exception {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String sub = SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        String forged = payload.replace(sub, principalsOfA.get(0));
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    Stream<Arguments> matrix() {
        return Stream.of(Caller.values()).flatMap(c -> Stream.of(Endpoint.values()).map(e -> Arguments.of(c, e)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void everyCallerGetsExactlyWhatTheMatrixAllows(Caller caller, Endpoint endpoint) throws Exception {
        HttpResponse<String> response = call(caller, endpoint);
        String body = response.body();

        if (!caller.authenticated()) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString()
                    .startsWith("Bearer").contains("error=\"invalid_token\"");
            assertThat(body).contains(caller == Caller.NO_TOKEN ? "\"code\":\"AuthenticationFailed\""
                    : "\"code\":\"InvalidAuthenticationToken\"");
        } else if (endpoint.allows(caller)) {
            assertThat(response.statusCode()).as(body).isEqualTo(endpoint.success);
        } else {
            assertThat(response.statusCode()).as(body).isEqualTo(403);
            assertThat(body).contains("\"code\":\"AuthorizationFailed\"")
                    .contains("does not have authorization to perform action");
        }
        if (!caller.seesB()) {
            assertThat(body).doesNotContain(B.toString()).doesNotContain(B_NAME).doesNotContain(principalOfB);
        }
        if (!caller.seesA()) {
            assertThat(body).doesNotContain(A_NAME);
            for (String principal : principalsOfA) {
                assertThat(body).doesNotContain(principal);
            }
        }
        assertThat(body).doesNotContainIgnoringCase("exception").doesNotContain("nimbus");
    }

    @Test
    void theSubscriptionListShowsOnlySubscriptionsWithARole() throws Exception {
        assertThat(call(Caller.READER, Endpoint.LIST_SUBSCRIPTIONS).body()).contains(A.toString()).contains(A_NAME)
                .contains("\"tenantId\":\"tenant-1\"").contains("\"state\":\"Enabled\"").doesNotContain(B.toString());
        assertThat(call(Caller.OWNER_OF_B, Endpoint.LIST_SUBSCRIPTIONS).body()).contains(B_NAME)
                .doesNotContain(A.toString());
        assertThat(call(Caller.NO_ROLE, Endpoint.LIST_SUBSCRIPTIONS).body()).isEqualTo("{\"value\":[]}");
        assertThat(call(Caller.OPERATOR, Endpoint.LIST_SUBSCRIPTIONS).body()).contains(A_NAME).contains(B_NAME);
    }

    @Test
    void aMissingSubscriptionLooksExactlyLikeAForeignOne() throws Exception {
        String path = "/subscriptions/%s/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01";
        HttpResponse<String> missing = send("GET", path.formatted(MISSING), tokens.get(Caller.NO_ROLE), null);
        HttpResponse<String> foreign = send("GET", path.formatted(B), tokens.get(Caller.NO_ROLE), null);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(missing.body().replace(MISSING.toString(), "X")).isEqualTo(foreign.body().replace(B.toString(), "X"));
        assertThat(send("GET", path.formatted(MISSING), tokens.get(Caller.OPERATOR), null).body())
                .contains("SubscriptionNotFound");
    }

    @Test
    void aRoleChangeAppliesToTheNextRequest() throws Exception {
        TestTokens.TestPrincipal someone = TestTokens.from(context).newPrincipal();
        String assignments = "/subscriptions/" + A + "/providers/Microsoft.Authorization/roleAssignments/";
        String name = UUID.randomUUID().toString();
        String readSubscription = "/subscriptions/" + A + "?api-version=2020-01-01";
        assertThat(send("GET", readSubscription, someone.token(), null).statusCode()).isEqualTo(403);

        HttpResponse<String> put = send("PUT", assignments + name + "?api-version=2022-04-01",
                tokens.get(Caller.OWNER), assignmentBody(someone.id(), Role.BILLING_READER));
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.body()).contains("\"type\":\"Microsoft.Authorization/roleAssignments\"")
                .contains("\"roleDefinitionId\":\"/subscriptions/" + A
                        + "/providers/Microsoft.Authorization/roleDefinitions/fa23ad8b-c56e-40d8-ac0c-ce449e1d2c64\"")
                .contains("\"scope\":\"/subscriptions/" + A + "\"");
        assertThat(send("GET", readSubscription, someone.token(), null).statusCode()).isEqualTo(200);

        assertThat(send("DELETE", assignments + name + "?api-version=2022-04-01", tokens.get(Caller.OWNER), null)
                .statusCode()).isEqualTo(200);
        assertThat(send("GET", readSubscription, someone.token(), null).statusCode()).isEqualTo(403);
    }

    @Test
    void invalidAssignmentsAreRefusedWithArmErrors() throws Exception {
        String base = "/subscriptions/" + A + "/providers/Microsoft.Authorization/roleAssignments/";
        String list = base.substring(0, base.length() - 1);
        String owner = tokens.get(Caller.OWNER);
        assertThat(send("PUT", base + "not-a-guid?api-version=2022-04-01", owner, assignmentBody("x", Role.READER))
                .body()).contains("InvalidRoleAssignmentId");
        String unknownRole = "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/" + A
                + "/providers/Microsoft.Authorization/roleDefinitions/" + UUID.randomUUID()
                + "\",\"principalId\":\"x\"}}";
        assertThat(send("PUT", base + UUID.randomUUID() + "?api-version=2022-04-01", owner, unknownRole).body())
                .contains("RoleDefinitionDoesNotExist");
        String otherScope = assignmentBody("x", Role.READER).replace(A.toString(), B.toString());
        assertThat(send("PUT", base + UUID.randomUUID() + "?api-version=2022-04-01", owner, otherScope).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", list + "?api-version=1999-01-01", owner, null).body())
                .contains("InvalidApiVersionParameter");
        String duplicate = assignmentBody(principalsOfA.get(1), Role.CONTRIBUTOR);
        assertThat(send("PUT", base + UUID.randomUUID() + "?api-version=2022-04-01", owner, duplicate).body())
                .contains("RoleAssignmentExists");
        assertThat(send("GET", list + "?api-version=2022-04-01&$filter=principalId%20eq%20'" + principalsOfA.get(2)
                + "'", owner, null).body()).contains(principalsOfA.get(2)).doesNotContain(principalsOfA.get(1));
    }

    @Test
    void roleDefinitionsUseAzureWellKnownIds() throws Exception {
        String body = call(Caller.READER, Endpoint.ROLE_DEFINITIONS).body();
        for (Role role : Role.values()) {
            assertThat(body).contains("/subscriptions/" + A + "/providers/Microsoft.Authorization/roleDefinitions/"
                    + role.definitionId()).contains("\"roleName\":\"" + role.wireName() + "\"");
        }
    }

    private static String assignmentBody(String principalId, Role role) {
        return "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/" + A
                + "/providers/Microsoft.Authorization/roleDefinitions/" + role.definitionId() + "\",\"principalId\":\""
                + principalId + "\"}}";
    }

    private HttpResponse<String> call(Caller caller, Endpoint endpoint) throws IOException, InterruptedException {
        String path = endpoint.path.replace("{ownerAssignment}", ownerAssignmentOfA)
                .replace("{new}", UUID.randomUUID().toString());
        String body = endpoint == Endpoint.PUT_ASSIGNMENT ? assignmentBody(UUID.randomUUID().toString(), Role.READER)
                : endpoint.method.equals("PUT") ? "{}" : null;
        return send(endpoint.method, path, tokens.get(caller), body);
    }

    private HttpResponse<String> send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
