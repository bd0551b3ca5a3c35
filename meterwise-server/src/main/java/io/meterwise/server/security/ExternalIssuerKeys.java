package io.meterwise.server.security;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The keys of an external issuer, fetched (and cached, refreshed on an unknown {@code kid}) from its JWKS URL, which
 * is found on first use through OpenID discovery when not configured. URLs must be https, except on loopback.
 */
final class ExternalIssuerKeys implements JWKSource<SecurityContext> {

    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int SIZE_LIMIT = 512 * 1024;

    private final String issuer;
    private final @Nullable URL jwksUri;
    private volatile @Nullable JWKSource<SecurityContext> delegate;

    ExternalIssuerKeys(String issuer, @Nullable String jwksUri) {
        this.issuer = issuer;
        this.jwksUri = jwksUri == null || jwksUri.isBlank() ? null : requireSafe(jwksUri);
        if (this.jwksUri == null) {
            requireSafe(discoveryUri(issuer));
        }
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        JWKSource<SecurityContext> keys = delegate;
        if (keys == null) {
            synchronized (this) {
                keys = delegate;
                if (keys == null) {
                    keys = JWKSourceBuilder.<SecurityContext>create(jwksUri != null ? jwksUri : discover(),
                            new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, SIZE_LIMIT)).build();
                    delegate = keys;
                }
            }
        }
        return keys.get(selector, context);
    }

    private URL discover() throws KeySourceException {
        URL discovery = requireSafe(discoveryUri(issuer));
        try {
            String body = new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, SIZE_LIMIT)
                    .retrieveResource(discovery).getContent();
            Map<String, Object> metadata = JSONObjectUtils.parse(body);
            if (!issuer.equals(JSONObjectUtils.getString(metadata, "issuer"))) {
                throw new KeySourceException("discovery document of " + discovery + " names another issuer");
            }
            String jwks = JSONObjectUtils.getString(metadata, "jwks_uri");
            if (jwks == null) {
                throw new KeySourceException("discovery document of " + discovery + " has no jwks_uri");
            }
            return requireSafe(jwks);
        } catch (IOException | ParseException | IllegalArgumentException e) {
            throw new KeySourceException("OpenID discovery at " + discovery + " failed: " + e.getMessage(), e);
        }
    }

    static String discoveryUri(String issuer) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration";
    }

    static URL requireSafe(String uri) {
        try {
            URI parsed = URI.create(uri);
            String host = parsed.getHost();
            boolean loopback = "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
            if (!"https".equalsIgnoreCase(parsed.getScheme()) && !("http".equalsIgnoreCase(parsed.getScheme()) && loopback)) {
                throw new IllegalArgumentException("'" + uri + "' must be an https URL (http only on loopback)");
            }
            return parsed.toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + uri + "' is not a usable URL: " + e.getMessage(), e);
        }
    }
}
