package io.meterwise.server.security;

import java.util.Set;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * An issuer whose tokens the server accepts: tokens must carry {@code iss = issuer}, name {@code audience} and be
 * signed by one of {@code keys}. Only the built-in issuer's {@value TokenIssuer#OPERATOR_ROLE} role makes an operator;
 * for any issuer, the object ids in {@code operatorIds} are operators too. {@code defaultTenantId} applies when a token
 * has no {@code tid}.
 */
public record TrustedIssuer(String issuer, String audience, JWKSource<SecurityContext> keys, boolean builtIn,
        Set<String> operatorIds, String defaultTenantId) {
}
