package io.meterwise.server.security;

import java.util.Set;

import io.meterwise.server.http.error.ArmException;

/** ARM's api-version check for the endpoints of this package. */
final class ApiVersion {

    private ApiVersion() {
    }

    static void require(String given, Set<String> supported) {
        if (given == null || given.isBlank()) {
            throw ArmException.badRequest("MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests. Supported: "
                            + supported + ".");
        }
        if (!supported.contains(given)) {
            throw ArmException.badRequest("InvalidApiVersionParameter",
                    "The api-version '" + given + "' is invalid. The supported versions are " + supported + ".");
        }
    }
}
