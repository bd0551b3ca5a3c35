package io.meterwise.server.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** OpenID discovery and the built-in issuer's public keys, so standard clients and gateways can check its tokens. */
@RestController
class DiscoveryController {

    private final SigningKey key;
    private final TokenIssuer issuer;

    DiscoveryController(SigningKey key, TokenIssuer issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> configuration() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
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

    @GetMapping(path = "/.well-known/jwks.json")
    ResponseEntity<Map<String, Object>> keys() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .body(key.publicKeys().toJSONObject(true));
    }
}
