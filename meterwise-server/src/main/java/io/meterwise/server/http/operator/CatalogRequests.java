package io.meterwise.server.http.operator;

import java.util.function.Supplier;

import io.meterwise.server.http.error.ArmException;

/** Domain constructors refuse bad values with IllegalArgumentException; the operator API answers those with 400. */
final class CatalogRequests {

    private CatalogRequests() {
    }

    static <T> T build(Supplier<T> construction) {
        return build("", construction);
    }

    /** As {@link #build(Supplier)}; {@code where} (for example {@code [2]}) prefixes the message and is the target. */
    static <T> T build(String where, Supplier<T> construction) {
        try {
            return construction.get();
        } catch (ArmException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = e.getMessage() == null ? "a required value is missing" : e.getMessage();
            throw Body.invalid(where, message);
        }
    }
}
