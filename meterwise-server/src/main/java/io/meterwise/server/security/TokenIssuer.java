package io.meterwise.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The built-in issuer: signs RS256 access tokens for service principals. {@code oid} and {@code sub} carry the object
 * id that role assignments name; the operator's tokens carry the app role {@value #OPERATOR_ROLE}.
 */
public final class TokenIssuer {

    static final String OPERATOR_ROLE = "Meterwise.Operator";

    private final SigningKey key;
    private final RSASSASigner signer;
    private final String issuer;
    private final String audience;
    private final String tenantId;
    private final Duration lifetime;
    private final Clock clock;

    public TokenIssuer(SigningKey key, String issuer, String audience, String tenantId, Duration lifetime,
            Clock clock) {
        this.key = key;
        try {
            this.signer = new RSASSASigner(key.privateKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("the signing key cannot sign", e);
        }
        this.issuer = issuer;
        this.audience = audience;
        this.tenantId = tenantId;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A signed token for {@code objectId}, valid from now for the configured lifetime. */
    public String issue(String objectId, @Nullable String clientId, boolean operator) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(objectId)
                .claim("oid", objectId).claim("tid", tenantId).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime))).jwtID(UUID.randomUUID().toString());
        if (clientId != null) {
            claims.claim("appid", clientId);
        }
        if (operator) {
            claims.claim("roles", List.of(OPERATOR_ROLE));
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.keyId()).build(),
                claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    public Duration lifetime() {
        return lifetime;
    }

    public String issuer() {
        return issuer;
    }
}
