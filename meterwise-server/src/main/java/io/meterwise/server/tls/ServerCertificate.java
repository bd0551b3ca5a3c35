package io.meterwise.server.tls;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The key and certificate chain the HTTPS connector presents, in a key store under {@link #ALIAS} with
 * {@link #password()}; {@code localCa} is the generated CA file clients must trust, or null for an operator's
 * certificate.
 */
record ServerCertificate(KeyStore keyStore, char[] password, List<X509Certificate> chain,
        java.nio.file.@Nullable Path localCa, String source) {

    static final String ALIAS = "meterwise-https";
}
