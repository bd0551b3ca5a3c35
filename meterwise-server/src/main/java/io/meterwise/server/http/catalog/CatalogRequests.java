package io.meterwise.server.http.catalog;

import java.util.function.Supplier;

import io.meterwise.server.http.error.ArmException;

/** Domain constructors refuse bad values with IllegalArgumentException; the operator API answers those with 400. */
final class CatalogRequests {

    private CatalogRequests() {
    }

    static <T> T build(Supplier<T> construction) {
        try {
            return construction.get();
        } catch (ArmException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ArmException.badRequest("InvalidRequestContent", String.valueOf(e.getMessage()));
        }
    }
}
