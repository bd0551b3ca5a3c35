package io.meterwise.server.http;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

import io.meterwise.server.http.error.ArmException;

/** The {@code api-version} check every ARM operation makes first. Versions compare exactly, as ARM does. */
public final class ApiVersions {

    public static final String PARAMETER = "api-version";

    private ApiVersions() {
    }

    /**
     * Returns the requested api-version when it is one of {@code supported}; otherwise a 400
     * {@code MissingApiVersionParameter} or {@code InvalidApiVersionParameter} listing the supported versions.
     */
    public static String require(ArmQuery query, List<String> supported) {
        return require(query.optional(PARAMETER).orElse(null), supported);
    }

    /** As {@link #require(ArmQuery, List)}, for a version bound by the framework (null when absent). */
    public static String require(@Nullable String given, Collection<String> supported) {
        String version = given == null ? "" : given.trim();
        if (version.isEmpty()) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests. Supported versions: "
                            + String.join(", ", List.copyOf(supported)) + ".",
                    PARAMETER);
        }
        if (!supported.contains(version)) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidApiVersionParameter",
                    "The api-version '" + version + "' is invalid. The supported versions are '"
                            + String.join(",", List.copyOf(supported)) + "'.",
                    PARAMETER);
        }
        return version;
    }
}
