package io.meterwise.server.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM files: certificates and unencrypted private keys (PKCS#8, or the PKCS#1 RSA / SEC1 EC forms OpenSSL writes). */
final class Pem {

    private Pem() {
    }

    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> result = new ArrayList<>();
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    result.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (CertificateException e) {
            throw new IOException("not a valid certificate in " + file, e);
        }
        return result;
    }

    static PrivateKey privateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return privateKey(reader, file.toString());
        }
    }

    static PrivateKey privateKey(String pem) throws IOException {
        return privateKey(new StringReader(pem), "the key");
    }

    private static PrivateKey privateKey(Reader reader, String where) throws IOException {
        try (PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    // SEC1 EC keys may come without their public half, which getKeyPair would need
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        }
        throw new IOException("no unencrypted private key in " + where);
    }

    /** PEM of certificates, and of private keys as PKCS#8 ({@code PRIVATE KEY}), the form every TLS stack reads. */
    static String encode(Object... objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey key) {
                    writer.writeObject(new JcaPKCS8Generator(key, null));
                } else {
                    writer.writeObject(o);
                }
            }
        }
        return out.toString();
    }
}
