package io.meterwise.core.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/** Service principals of the built-in issuer, with their secret hashes. */
public interface PrincipalStore {

    /** The client id of the operator principal created on first start (or given a configured secret). */
    String OPERATOR_CLIENT_ID = "meterwise-operator";

    record StoredPrincipal(String objectId, String clientId, String displayName, boolean operator,
            Instant createdAt) {
    }

    /** A new principal and its secret, which exists nowhere else: show it once. */
    record CreatedPrincipal(StoredPrincipal principal, String clientSecret) {
    }

    CreatedPrincipal create(String displayName, boolean operator);

    /** The principal whose client id and secret match; takes as long whether or not the client id exists. */
    Optional<StoredPrincipal> authenticate(String clientId, String secret);

    Optional<StoredPrincipal> byClientId(String clientId);

    List<StoredPrincipal> list();

    boolean delete(String objectId);

    /**
     * Makes sure the operator principal exists. With a configured secret, that secret is (re)set; without one, a
     * first start creates the operator with a random secret and returns it.
     */
    Optional<String> ensureOperator(@Nullable String configuredSecret);
}
