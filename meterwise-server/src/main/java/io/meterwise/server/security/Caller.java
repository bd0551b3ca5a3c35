package io.meterwise.server.security;

import jakarta.servlet.http.HttpServletRequest;

import io.meterwise.core.access.Principal;

/**
 * The authenticated caller of the current request, set by the access filter. Controllers may also declare a
 * {@link Principal} parameter. Use its {@code id()} to bind continuation tokens to the caller.
 */
public final class Caller {

    static final String ATTRIBUTE = Caller.class.getName();

    private Caller() {
    }

    /** The caller; fails on a public route, where there is none. */
    public static Principal of(HttpServletRequest request) {
        Object principal = request.getAttribute(ATTRIBUTE);
        if (principal instanceof Principal p) {
            return p;
        }
        throw new IllegalStateException("no authenticated caller on " + request.getRequestURI());
    }
}
