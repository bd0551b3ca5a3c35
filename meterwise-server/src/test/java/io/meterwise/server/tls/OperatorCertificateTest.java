package io.meterwise.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's certificate, as PEM (chain and key) or PKCS#12, replaces the generated one. */
class OperatorCertificateTest {

    @TempDir
    Path dir;

    @Test
    void aPemChainWithItsKeyIsUsedAsGiven() throws Exception {
        ServerCertificate issued = issued();
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        Files.writeString(chain, Pem.encode(issued.chain().toArray()));
        Files.writeString(key, Pem.encode(issued.keyStore().getKey(ServerCertificate.ALIAS, issued.password())));

        ServerCertificate loaded = OperatorCertificate.load(chain, key, null);
        assertThat(loaded.chain()).isEqualTo(issued.chain());
        assertThat(loaded.localCa()).isNull();
        assertThat(loaded.keyStore().getKey(ServerCertificate.ALIAS, loaded.password()))
                .isEqualTo(issued.keyStore().getKey(ServerCertificate.ALIAS, issued.password()));
        assertThatThrownBy(() -> OperatorCertificate.load(chain, null, null))
                .hasMessageContaining("meterwise.tls.private-key");
    }

    @Test
    void aPkcs12FileOpensWithItsPassword() throws Exception {
        ServerCertificate issued = issued();
        Path p12 = pkcs12(issued, "s3cret");

        ServerCertificate loaded = OperatorCertificate.load(p12, null, "s3cret");
        assertThat(loaded.chain().get(0)).isEqualTo(issued.chain().get(0));
        assertThatThrownBy(() -> OperatorCertificate.load(p12, null, "n0t-the-passw0rd"))
                .isInstanceOf(IOException.class).hasMessageContaining("key-store-password")
                .hasMessageNotContaining("n0t-the-passw0rd");
        assertThatThrownBy(() -> OperatorCertificate.load(dir.resolve("missing.pem"), null, null))
                .hasMessageContaining("not a readable file");
    }

    /** A certificate made by a local CA in another directory: what an operator would bring. */
    ServerCertificate issued() throws IOException {
        return LocalCertificateAuthority.ensure(dir.resolve("elsewhere"), List.of("billing.example.com"),
                Clock.systemUTC());
    }

    Path pkcs12(ServerCertificate issued, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", (PrivateKey) issued.keyStore().getKey(ServerCertificate.ALIAS, issued.password()),
                password.toCharArray(), issued.chain().toArray(X509Certificate[]::new));
        Path file = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }
}
