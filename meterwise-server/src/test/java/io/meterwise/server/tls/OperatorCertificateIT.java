package io.meterwise.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.server.testing.TestDataDirs;

/**
 * With {@code meterwise.tls.certificate} set (here a PKCS#12 file with a password), HTTPS presents the operator's
 * certificate and no local CA is created; a client trusting only that certificate's CA connects, one that does not is
 * refused the handshake.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "meterwise.billing.scheduler-enabled=false")
class OperatorCertificateIT {

    static final Path DATA_DIR = TestDataDirs.create("meterwise-operator-tls");
    static final Path OPERATOR_DIR = TestDataDirs.create("meterwise-operator-cert");
    static ServerCertificate operator;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        operator = LocalCertificateAuthority.ensure(OPERATOR_DIR, List.of(), Clock.systemUTC());
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("meterwise", (PrivateKey) operator.keyStore().getKey(ServerCertificate.ALIAS,
                operator.password()), "changeit".toCharArray(), operator.chain().toArray(X509Certificate[]::new));
        Path file = OPERATOR_DIR.resolve("meterwise.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            p12.store(out, "changeit".toCharArray());
        }
        registry.add("meterwise.data-dir", DATA_DIR::toString);
        registry.add("meterwise.tls.certificate", file::toString);
        registry.add("meterwise.tls.key-store-password", () -> "changeit");
    }

    @Autowired
    HttpsConnector https;

    @Test
    void httpsPresentsTheOperatorsCertificateAndNoLocalCaIsMade() throws Exception {
        HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(operator.chain().get(1))).build();
        HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + https.port() + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"token_endpoint\":\"https://localhost:" + https.port() + "/oauth2/token\"");
        assertThat(health.sslSession()).get().satisfies(s -> assertThat(s.getPeerCertificates()[0])
                .isEqualTo(operator.chain().get(0)));
        assertThat(https.localCa()).isNull();
        assertThat(DATA_DIR.resolve("tls")).doesNotExist();

        X509Certificate stranger = LocalCertificateAuthority.ensure(OPERATOR_DIR.resolve("other"), List.of(),
                Clock.systemUTC()).chain().get(1);
        HttpClient other = HttpClient.newBuilder().sslContext(trusting(stranger)).build();
        assertThatThrownBy(() -> other.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + https.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    private static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
