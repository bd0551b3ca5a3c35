package io.meterwise.server.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tenants an Entra-shaped authority path may name: the built-in issuer's tenant id
 * ({@code meterwise.security.tenant-id}) or {@code organizations}, as MSAL clients send them.
 */
record EntraTenants(String tenantId) {

    boolean known(String tenant) {
        return tenant.equalsIgnoreCase(tenantId) || tenant.equalsIgnoreCase("organizations");
    }

    /** Entra's answer for a tenant it does not know (AADSTS90002), as an RFC 6749 error body. */
    static Map<String, Object> unknown(String tenant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_tenant");
        body.put("error_description", "Tenant '" + (tenant.length() > 64 ? tenant.substring(0, 64) : tenant)
                + "' not found. Use the Meterwise tenant id (meterwise.security.tenant-id) or 'organizations'.");
        return body;
    }
}
