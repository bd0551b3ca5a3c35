package io.meterwise.server.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.server.http.PublicUrls;

/**
 * OpenID discovery and the built-in issuer's public keys, so standard clients and gateways can check its tokens; and
 * the same issuer shaped like a Microsoft Entra authority ({@code /{tenant}/v2.0/.well-known/openid-configuration},
 * {@code /{tenant}/oauth2/v2.0/token}), so MSAL-based clients ({@code azure-identity}, {@code @azure/identity}) work
 * with {@code authorityHost} set to Meterwise. Entra authority documents name https URLs on the host the client used.
 */
@RestController
class DiscoveryController {

    private final SigningKey key;
    private final TokenIssuer issuer;
    private final EntraTenants tenants;
    private final PublicUrls urls;

    DiscoveryController(SigningKey key, TokenIssuer issuer, EntraTenants tenants, PublicUrls urls) {
        this.key = key;
        this.issuer = issuer;
        this.tenants = tenants;
        this.urls = urls;
    }

    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> configuration(HttpServletRequest request) {
        String base = urls.absolute(request, "");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer.issuer());
        body.put("token_endpoint", base + "/oauth2/token");
        body.put("jwks_uri", base + "/.well-known/jwks.json");
        body.put("grant_types_supported", List.of("client_credentials"));
        body.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        body.put("response_types_supported", List.of("token"));
        body.put("subject_types_supported", List.of("public"));
        body.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return body;
    }

    @GetMapping(path = "/{tenant}/v2.0/.well-known/openid-configuration")
    ResponseEntity<Map<String, Object>> entraConfiguration(@PathVariable String tenant, HttpServletRequest request) {
        if (!tenants.known(tenant)) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                    .body(EntraTenants.unknown(tenant));
        }
        String base = urls.absolute(request, "");
        String authority = base + "/" + tenant;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", base + "/" + tenants.tenantId() + "/v2.0");
        body.put("authorization_endpoint", authority + "/oauth2/v2.0/authorize");
        body.put("token_endpoint", authority + "/oauth2/v2.0/token");
        body.put("jwks_uri", base + "/.well-known/jwks.json");
        body.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        body.put("grant_types_supported", List.of("client_credentials"));
        body.put("response_types_supported", List.of("token"));
        body.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        body.put("subject_types_supported", List.of("pairwise"));
        body.put("id_token_signing_alg_values_supported", List.of("RS256"));
        body.put("scopes_supported", List.of("openid"));
        body.put("tenant_region_scope", null);
        body.put("cloud_instance_name", request.getServerName());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5))).body(body);
    }

    /** Discovery must name one; Meterwise issues tokens to services only, so it explains that instead. */
    @GetMapping(path = "/{tenant}/oauth2/v2.0/authorize")
    ResponseEntity<Map<String, Object>> authorize(@PathVariable String tenant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "unsupported_response_type");
        body.put("error_description", "Meterwise signs in service principals only: use the client credentials grant "
                + "at /" + tenant + "/oauth2/v2.0/token.");
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping(path = "/.well-known/jwks.json")
    ResponseEntity<Map<String, Object>> keys() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .body(key.publicKeys().toJSONObject(true));
    }
}
