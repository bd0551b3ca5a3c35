package io.meterwise.server.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.meterwise.server.storage.OwnerOnlyFiles;

/**
 * A certificate authority of this installation only, so HTTPS works on first start without an operator's
 * certificate: {@code <data-dir>/tls/ca.pem} (what clients trust) and its owner-only key sign a server certificate for
 * {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the configured host names. The CA lives ten years; the server
 * certificate one year and is re-issued at start when it expires within 30 days or names other hosts, so clients
 * keep trusting the same CA. ECDSA P-256 throughout.
 */
final class LocalCertificateAuthority {

    static final String CA_FILE = "ca.pem";
    static final String CA_KEY_FILE = "ca-key.pem";
    static final String SERVER_FILE = "server.pem";
    static final String SERVER_KEY_FILE = "server-key.pem";
    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    private static final Duration SERVER_LIFETIME = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Pattern IP = Pattern.compile("[0-9.]+|.*:.*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalCertificateAuthority() {
    }

    /** Loads the CA and server certificate from {@code dir}, creating or renewing what is missing or due. */
    static ServerCertificate ensure(Path dir, Collection<String> extraHostNames, Clock clock) throws IOException {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(extraHostNames);
        Instant now = clock.instant();
        try {
            Path caFile = dir.resolve(CA_FILE);
            Path caKeyFile = dir.resolve(CA_KEY_FILE);
            X509Certificate ca;
            PrivateKey caKey;
            if (Files.exists(caFile) && Files.exists(caKeyFile)) {
                ca = Pem.certificates(caFile).get(0);
                caKey = Pem.privateKey(caKeyFile);
            } else {
                KeyPair keys = newKeyPair();
                ca = caCertificate(keys, now);
                caKey = keys.getPrivate();
                Files.deleteIfExists(caFile);
                Files.deleteIfExists(caKeyFile);
                Files.deleteIfExists(dir.resolve(SERVER_FILE));
                OwnerOnlyFiles.create(caKeyFile, Pem.encode(keys.getPrivate()).getBytes(StandardCharsets.US_ASCII));
                Files.createDirectories(dir);
                Files.writeString(caFile, Pem.encode(ca), StandardCharsets.US_ASCII);
            }
            Path serverFile = dir.resolve(SERVER_FILE);
            Path serverKeyFile = dir.resolve(SERVER_KEY_FILE);
            X509Certificate server = null;
            PrivateKey serverKey = null;
            if (Files.exists(serverFile) && Files.exists(serverKeyFile)) {
                List<X509Certificate> chain = Pem.certificates(serverFile);
                if (!chain.isEmpty() && current(chain.get(0), ca, names, now)) {
                    server = chain.get(0);
                    serverKey = Pem.privateKey(serverKeyFile);
                }
            }
            if (server == null) {
                KeyPair keys = newKeyPair();
                server = serverCertificate(keys, ca, caKey, names, now);
                serverKey = keys.getPrivate();
                Files.deleteIfExists(serverKeyFile);
                OwnerOnlyFiles.create(serverKeyFile, Pem.encode(serverKey).getBytes(StandardCharsets.US_ASCII));
                Files.writeString(serverFile, Pem.encode(server, ca), StandardCharsets.US_ASCII);
            }
            List<X509Certificate> chain = List.of(server, ca);
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ServerCertificate.ALIAS, serverKey, password, chain.toArray(X509Certificate[]::new));
            return new ServerCertificate(store, password, chain, caFile.toAbsolutePath(), "local CA " + caFile);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the local TLS certificates in " + dir, e);
        }
    }

    private static boolean current(X509Certificate server, X509Certificate ca, Set<String> names, Instant now)
            throws GeneralSecurityException {
        try {
            server.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        if (server.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
            return false;
        }
        Set<String> present = new LinkedHashSet<>();
        Collection<List<?>> sans = server.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                present.add(canonical(String.valueOf(san.get(1))));
            }
        }
        return present.containsAll(names.stream().map(LocalCertificateAuthority::canonical).toList());
    }

    private static String canonical(String name) {
        if (IP.matcher(name).matches()) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (IOException e) {
                return name;
            }
        }
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair keys, Instant now)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        X500Name name = new X500Name("CN=Meterwise local CA " + now.getEpochSecond() + ",O=Meterwise");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_LIFETIME)), name, keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(builder, keys.getPrivate());
    }

    private static X509Certificate serverCertificate(KeyPair keys, X509Certificate ca, PrivateKey caKey,
            Set<String> names, Instant now) throws GeneralSecurityException, OperatorCreationException,
            CertIOException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_LIFETIME)),
                new X500Name("CN=" + names.iterator().next()), keys.getPublic());
        List<GeneralName> alternatives = new ArrayList<>();
        for (String n : names) {
            alternatives.add(new GeneralName(IP.matcher(n).matches() ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(alternatives.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
        return sign(builder, caKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
