package io.meterwise.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {

    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theFirstStartCreatesACaAndALocalhostCertificateWithOwnerOnlyKeys() throws Exception {
        ServerCertificate created = LocalCertificateAuthority.ensure(dir, List.of("billing.internal"), at(T0));

        for (String key : List.of(LocalCertificateAuthority.CA_KEY_FILE, LocalCertificateAuthority.SERVER_KEY_FILE)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))))
                    .isEqualTo("rw-------");
        }
        X509Certificate ca = Pem.certificates(dir.resolve(LocalCertificateAuthority.CA_FILE)).get(0);
        X509Certificate server = created.chain().get(0);
        server.verify(ca.getPublicKey());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getSubjectAlternativeNames()).extracting(n -> n.get(1).toString())
                .contains("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "billing.internal");
        assertThat(server.getNotAfter().toInstant()).isBetween(T0.plus(Duration.ofDays(364)),
                T0.plus(Duration.ofDays(366)));
        assertThat(created.localCa()).isEqualTo(dir.resolve(LocalCertificateAuthority.CA_FILE).toAbsolutePath());
        assertThat(created.keyStore().getKey(ServerCertificate.ALIAS, created.password())).isNotNull();
    }

    @Test
    void laterStartsKeepTheCaAndRenewTheServerCertificateOnlyWhenDueOrRenamed() throws Exception {
        X509Certificate first = LocalCertificateAuthority.ensure(dir, List.of(), at(T0)).chain().get(0);
        String ca = Files.readString(dir.resolve(LocalCertificateAuthority.CA_FILE));

        X509Certificate again = LocalCertificateAuthority.ensure(dir, List.of(), at(T0.plus(Duration.ofDays(100))))
                .chain().get(0);
        assertThat(again.getSerialNumber()).isEqualTo(first.getSerialNumber());

        X509Certificate renamed = LocalCertificateAuthority.ensure(dir, List.of("meterwise.lan"),
                at(T0.plus(Duration.ofDays(100)))).chain().get(0);
        assertThat(renamed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(renamed.getSubjectAlternativeNames()).extracting(n -> n.get(1).toString()).contains("meterwise.lan");

        X509Certificate renewed = LocalCertificateAuthority.ensure(dir, List.of("meterwise.lan"),
                at(T0.plus(Duration.ofDays(100 + 340)))).chain().get(0);
        assertThat(renewed.getSerialNumber()).isNotEqualTo(renamed.getSerialNumber());
        assertThat(Files.readString(dir.resolve(LocalCertificateAuthority.CA_FILE))).isEqualTo(ca);
        renewed.verify(Pem.certificates(dir.resolve(LocalCertificateAuthority.CA_FILE)).get(0).getPublicKey());
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
