package io.meterwise.server.security;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.security.*} (docs/access.md). The built-in issuer signs tokens as {@code issuer}
 * for {@code audience}; {@code operatorSecret}, when set, is the secret of the client {@code meterwise-operator}.
 */
@ConfigurationProperties("meterwise.security")
record SecurityProperties(@DefaultValue("meterwise") String issuer, @DefaultValue("api://meterwise") String audience,
        @DefaultValue("meterwise") String tenantId, @DefaultValue("1h") Duration tokenLifetime,
        @Nullable String operatorSecret, @DefaultValue External external,
        @DefaultValue FailedAuthentication failedAuthentication) {

    /**
     * Failed client-secret authentications allowed per {@code window}: {@code perClient} for one client id from one
     * address, {@code perAddress} from one address whatever the client id; {@code maxTracked} buckets at most.
     */
    record FailedAuthentication(@DefaultValue("10") int perClient, @DefaultValue("60") int perAddress,
            @DefaultValue("1m") Duration window, @DefaultValue("100000") int maxTracked) {
    }

    /**
     * An external OpenID issuer (Microsoft Entra ID, Keycloak): tokens whose {@code iss} is {@code issuer} are checked
     * against the keys at {@code jwksUri} (found through OpenID discovery when empty) and must name {@code audience}.
     * {@code operatorIds} lists object ids of that issuer who act as operator.
     */
    record External(@Nullable String issuer, @Nullable String jwksUri, @Nullable String audience,
            @DefaultValue List<String> operatorIds) {

        boolean configured() {
            return issuer != null && !issuer.isBlank();
        }
    }
}
