package io.meterwise.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.meterwise.core.access.Principal;

class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private final SigningKey key = SigningKey.generate();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TokenVerifier verifier = new TokenVerifier(List.of(new TrustedIssuer("meterwise", "api://meterwise",
            new ImmutableJWKSet<>(key.publicKeys()), true, Set.of(), "home")), clock);

    private String issuedAt(Instant at, Duration lifetime, boolean operator) {
        return new TokenIssuer(key, "meterwise", "api://meterwise", "home", lifetime, Clock.fixed(at, ZoneOffset.UTC))
                .issue("p1", "client", operator);
    }

    @Test
    void aFreshTokenNamesItsPrincipal() throws Exception {
        assertThat(verifier.verify(issuedAt(NOW, Duration.ofHours(1), false)))
                .isEqualTo(new Principal("p1", "home", false));
        assertThat(verifier.verify(issuedAt(NOW, Duration.ofHours(1), true)).operator()).isTrue();
    }

    @Test
    void clockSkewOfUpToFiveMinutesIsTolerated() throws Exception {
        verifier.verify(issuedAt(NOW.minus(Duration.ofMinutes(64)), Duration.ofHours(1), false));
        verifier.verify(issuedAt(NOW.plus(Duration.ofMinutes(4)), Duration.ofHours(1), false));
        assertThatThrownBy(() -> verifier.verify(issuedAt(NOW.minus(Duration.ofMinutes(66)), Duration.ofHours(1),
                false))).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify(issuedAt(NOW.plus(Duration.ofMinutes(6)), Duration.ofHours(1),
                false))).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void es256TokensOfASecondIssuerAreAcceptedAndItsRolesClaimIsNotTrusted() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        TokenVerifier both = new TokenVerifier(List.of(
                new TrustedIssuer("meterwise", "api://meterwise", new ImmutableJWKSet<>(key.publicKeys()), true,
                        Set.of(), "home"),
                new TrustedIssuer("https://idp.example/t", "api://x", new ImmutableJWKSet<>(new JWKSet(ec.toPublicJWK())),
                        false, Set.of("boss"), "https://idp.example/t")), clock);
        assertThat(both.verify(external(ec, "someone", "oid-1", true))).isEqualTo(new Principal("oid-1", "tid-9", false));
        assertThat(both.verify(external(ec, "boss", null, false))).isEqualTo(new Principal("boss", "tid-9", true));
    }

    @Test
    void aTokenWithoutKidIsRefused() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        TokenVerifier verifierOfEc = new TokenVerifier(List.of(new TrustedIssuer("https://idp.example/t", "api://x",
                new ImmutableJWKSet<>(new JWKSet(ec.toPublicJWK())), false, Set.of(), "t")), clock);
        assertThatThrownBy(() -> verifierOfEc.verify(external(ec, "s", null, false)))
                .isInstanceOf(InvalidTokenException.class).hasMessage("no kid");
    }

    @Test
    void aDuplicateIssuerIsAConfigurationError() {
        TrustedIssuer issuer = new TrustedIssuer("i", "a", new ImmutableJWKSet<>(key.publicKeys()), true, Set.of(), "t");
        assertThatThrownBy(() -> new TokenVerifier(List.of(issuer, issuer), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String external(ECKey ec, String sub, String oid, boolean operatorRole) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("https://idp.example/t").audience("api://x")
                .subject(sub).claim("tid", "tid-9").expirationTime(Date.from(NOW.plusSeconds(600)));
        if (oid != null) {
            claims.claim("oid", oid);
        }
        if (operatorRole) {
            claims.claim("roles", List.of(TokenIssuer.OPERATOR_ROLE));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(),
                claims.build());
        jwt.sign(new ECDSASigner(ec));
        return jwt.serialize();
    }
}
