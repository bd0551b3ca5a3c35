package io.meterwise.server.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import io.meterwise.core.access.PrincipalStore;

/**
 * The OAuth2 client-credentials grant (RFC 6749 section 4.4): {@code POST /oauth2/token}, or the Entra-shaped
 * {@code POST /{tenant}/oauth2/v2.0/token} that MSAL clients use; form-encoded, the client authenticating with HTTP
 * Basic or {@code client_id}/{@code client_secret} in the body. Errors use RFC 6749's JSON. An OAuth parameter given
 * twice is refused (RFC 6749 section 3.2); others, such as MSAL's {@code client-request-id} in both the query and the
 * body, are not ours to judge.
 */
@RestController
class TokenEndpoint {

    /** The parameters RFC 6749 and its extensions define for the token endpoint. */
    static final Set<String> OAUTH_PARAMETERS = Set.of("grant_type", "client_id", "client_secret", "scope", "code",
            "redirect_uri", "code_verifier", "refresh_token", "username", "password", "assertion", "client_assertion",
            "client_assertion_type", "resource", "audience", "requested_token_use", "subject_token",
            "subject_token_type", "actor_token", "actor_token_type", "requested_token_type");

    private final PrincipalStore principals;
    private final TokenIssuer issuer;
    private final EntraTenants tenants;
    private final FailedAuthentications failures;

    TokenEndpoint(PrincipalStore principals, TokenIssuer issuer, EntraTenants tenants,
            FailedAuthentications failures) {
        this.principals = principals;
        this.issuer = issuer;
        this.tenants = tenants;
        this.failures = failures;
    }

    @PostMapping(path = "/{tenant}/oauth2/v2.0/token")
    ResponseEntity<Map<String, Object>> entraToken(@PathVariable String tenant, HttpServletRequest request) {
        if (!tenants.known(tenant)) {
            return respond(HttpStatus.BAD_REQUEST, EntraTenants.unknown(tenant));
        }
        return token(request);
    }

    @PostMapping(path = "/oauth2/token")
    ResponseEntity<Map<String, Object>> token(HttpServletRequest request) {
        MediaType type;
        try {
            type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.includes(type)) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request",
                    "Send the request as application/x-www-form-urlencoded.");
        }
        try {
            request.getParameterMap();
        } catch (RuntimeException e) {
            // Tomcat refuses bad %-escapes when it parses the form; its message quotes the value, which may be a secret.
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "The form body is not valid %-encoding.");
        }
        String query = request.getQueryString();
        if (query != null && query.contains("client_secret")) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "Credentials must not be sent in the URL.");
        }
        for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
            if (e.getValue().length > 1 && OAUTH_PARAMETERS.contains(e.getKey())) {
                return error(HttpStatus.BAD_REQUEST, "invalid_request",
                        "The parameter " + e.getKey() + " was repeated.");
            }
        }
        String grantType = request.getParameter("grant_type");
        if (grantType == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "The parameter grant_type is missing.");
        }
        if (!grantType.equals("client_credentials")) {
            return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "Only client_credentials is supported.");
        }
        Optional<String[]> basic = basicCredentials(request.getHeader("Authorization"));
        String bodyId = request.getParameter("client_id");
        String bodySecret = request.getParameter("client_secret");
        if (basic.isPresent() && bodySecret != null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "Use one client authentication method only.");
        }
        String clientId = basic.map(c -> c[0]).orElse(bodyId);
        String secret = basic.map(c -> c[1]).orElse(bodySecret);
        if (clientId == null || secret == null || clientId.isEmpty() || clientId.length() > 128
                || secret.length() > 256) {
            return invalidClient();
        }
        String address = request.getRemoteAddr();
        Optional<Duration> wait = failures.retryAfter(clientId, address);
        if (wait.isPresent()) {
            // refused before the secret is hashed: that is the work wrong secrets must not be able to demand
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ResponseEntity<Map<String, Object>> error = error(HttpStatus.TOO_MANY_REQUESTS, "temporarily_unavailable",
                    "Too many failed authentications of this client from this address; retry after " + seconds
                            + " seconds.");
            return ResponseEntity.status(error.getStatusCode()).headers(error.getHeaders())
                    .header("Retry-After", String.valueOf(seconds)).body(error.getBody());
        }
        Optional<PrincipalStore.StoredPrincipal> principal = principals.authenticate(clientId, secret);
        if (principal.isEmpty()) {
            failures.failed(clientId, address);
            return invalidClient();
        }
        failures.succeeded(clientId, address);
        PrincipalStore.StoredPrincipal p = principal.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issuer.issue(p.objectId(), p.clientId(), p.operator()));
        body.put("token_type", "Bearer");
        body.put("expires_in", issuer.lifetime().toSeconds());
        return respond(HttpStatus.OK, body);
    }

    private static Optional<String[]> basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.of(new String[] {decoded, ""});
            }
            // RFC 6749 2.3.1: both parts are form-urlencoded before Basic encoding.
            return Optional.of(new String[] {
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            return Optional.of(new String[] {"", ""});
        }
    }

    private static ResponseEntity<Map<String, Object>> invalidClient() {
        ResponseEntity<Map<String, Object>> error = error(HttpStatus.UNAUTHORIZED, "invalid_client",
                "Client authentication failed.");
        return ResponseEntity.status(error.getStatusCode()).headers(error.getHeaders())
                .header("WWW-Authenticate", "Basic realm=\"meterwise\"").body(error.getBody());
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        return respond(status, body);
    }

    private static ResponseEntity<Map<String, Object>> respond(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(body);
    }
}
