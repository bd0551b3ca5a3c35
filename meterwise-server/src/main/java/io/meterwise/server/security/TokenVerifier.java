package io.meterwise.server.security;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import io.meterwise.core.access.Principal;

/**
 * Checks bearer tokens from the trusted issuers, chosen by {@code iss}: a signed JWT (never {@code alg: none}), with
 * an allowed algorithm (RS256 or ES256 only, so an HMAC token "signed" with a public key fails), a {@code kid} that
 * names a key of that issuer, the issuer's audience, and {@code exp}/{@code nbf} within {@value #MAX_CLOCK_SKEW_SECONDS}
 * seconds of skew measured on the server's clock.
 */
public final class TokenVerifier {

    public static final int MAX_CLOCK_SKEW_SECONDS = 300;
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final int MAX_PRINCIPAL_ID_LENGTH = 128;

    private final Map<String, Checker> byIssuer = new HashMap<>();

    public TokenVerifier(List<TrustedIssuer> issuers, Clock clock) {
        for (TrustedIssuer issuer : issuers) {
            if (byIssuer.put(issuer.issuer(), new Checker(issuer, processor(issuer, clock))) != null) {
                throw new IllegalArgumentException("issuer '" + issuer.issuer() + "' is configured twice");
            }
        }
    }

    public Principal verify(String token) throws InvalidTokenException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("token too long");
        }
        SignedJWT jwt;
        String issuer;
        try {
            jwt = SignedJWT.parse(token);
            issuer = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new InvalidTokenException("not a signed JWT: " + e.getMessage());
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new InvalidTokenException("algorithm not allowed: " + header.getAlgorithm());
        }
        if (header.getKeyID() == null) {
            throw new InvalidTokenException("no kid");
        }
        Checker checker = issuer == null ? null : byIssuer.get(issuer);
        if (checker == null) {
            throw new InvalidTokenException("unknown issuer");
        }
        JWTClaimsSet claims;
        try {
            claims = checker.processor().process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException(e.getMessage());
        }
        return principal(checker.issuer(), claims);
    }

    private static Principal principal(TrustedIssuer issuer, JWTClaimsSet claims) throws InvalidTokenException {
        String id;
        String tenant;
        List<String> roles;
        try {
            id = claims.getStringClaim("oid");
            if (id == null) {
                id = claims.getSubject();
            }
            tenant = claims.getStringClaim("tid");
            roles = claims.getStringListClaim("roles");
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed claims: " + e.getMessage());
        }
        if (id == null || id.isBlank() || id.length() > MAX_PRINCIPAL_ID_LENGTH) {
            throw new InvalidTokenException("no usable oid or sub");
        }
        boolean operator = (issuer.builtIn() && roles != null && roles.contains(TokenIssuer.OPERATOR_ROLE))
                || issuer.operatorIds().contains(id);
        return new Principal(id, tenant == null || tenant.isBlank() ? issuer.defaultTenantId() : tenant, operator);
    }

    private static DefaultJWTProcessor<SecurityContext> processor(TrustedIssuer issuer, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, issuer.keys()));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(issuer.audience()),
                new JWTClaimsSet.Builder().issuer(issuer.issuer()).build(),
                Set.of(JWTClaimNames.ISSUER, JWTClaimNames.AUDIENCE, JWTClaimNames.EXPIRATION_TIME), Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    private record Checker(TrustedIssuer issuer, DefaultJWTProcessor<SecurityContext> processor) {
    }
}
