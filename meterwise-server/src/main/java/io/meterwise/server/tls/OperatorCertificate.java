package io.meterwise.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A certificate the operator supplies instead of the local CA's: a PEM chain (server certificate first) with a PEM
 * private key, or a PKCS#12 file ({@code .p12}/{@code .pfx}) holding one key entry. Failures name the file and what is
 * wrong, never a secret.
 */
final class OperatorCertificate {

    private OperatorCertificate() {
    }

    static ServerCertificate load(Path certificate, @Nullable Path privateKey, @Nullable String password)
            throws IOException {
        if (!Files.isReadable(certificate)) {
            throw new IOException("meterwise.tls.certificate " + certificate + " is not a readable file");
        }
        String name = certificate.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                return pkcs12(certificate, password);
            }
            if (privateKey == null) {
                throw new IOException("meterwise.tls.private-key must name the PEM key of " + certificate);
            }
            List<X509Certificate> chain = Pem.certificates(certificate);
            if (chain.isEmpty()) {
                throw new IOException("no PEM certificate in " + certificate);
            }
            PrivateKey key = Pem.privateKey(privateKey);
            char[] storePassword = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ServerCertificate.ALIAS, key, storePassword, chain.toArray(X509Certificate[]::new));
            return new ServerCertificate(store, storePassword, chain, null, certificate.toString());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the certificate " + certificate + ": " + e.getMessage(), e);
        }
    }

    private static ServerCertificate pkcs12(Path file, @Nullable String password)
            throws IOException, GeneralSecurityException {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        KeyStore source = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            source.load(in, secret);
        } catch (IOException e) {
            throw new IOException("cannot open " + file + " (is meterwise.tls.key-store-password right?)", e);
        }
        for (String alias : Collections.list(source.aliases())) {
            if (source.isKeyEntry(alias)) {
                Key key = source.getKey(alias, secret);
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : source.getCertificateChain(alias)) {
                    chain.add((X509Certificate) c);
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                char[] storePassword = new char[0];
                store.setKeyEntry(ServerCertificate.ALIAS, key, storePassword, chain.toArray(X509Certificate[]::new));
                return new ServerCertificate(store, storePassword, chain, null, file.toString());
            }
        }
        throw new IOException("no private key entry in " + file);
    }
}
