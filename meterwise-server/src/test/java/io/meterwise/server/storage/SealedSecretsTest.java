package io.meterwise.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing at rest (ADR 0051): AES-256-GCM bound to its record, a key file that opening never creates. */
class SealedSecretsTest {

    static final String CONTEXT = "cost-export/sub/rg/monthly/secretAccessKey";

    @TempDir
    Path dir;

    static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void aSealedSecretOpensForItsRecordAndNeverShowsTheSecret() {
        SealedSecrets secrets = SealedSecrets.withKey(randomKey());
        String sealed = secrets.seal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", CONTEXT);
        assertThat(sealed).startsWith("sealed:v1:").doesNotContain("wJalrXUtnFEMI").doesNotContain("EXAMPLEKEY");
        assertThat(SealedSecrets.isSealed(sealed)).isTrue();
        assertThat(secrets.open(sealed, CONTEXT)).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        // a random nonce: the same secret seals differently each time, and both open
        String again = secrets.seal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", CONTEXT);
        assertThat(again).isNotEqualTo(sealed);
        assertThat(secrets.open(again, CONTEXT)).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertThat(secrets.open(secrets.seal("", CONTEXT), CONTEXT)).isEmpty();
        assertThat(secrets.open(secrets.seal("sécret ✓", CONTEXT), CONTEXT)).isEqualTo("sécret ✓");
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        SealedSecrets secrets = SealedSecrets.withKey(randomKey());
        String sealed = secrets.seal("the secret", CONTEXT);
        String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        byte[] data = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        for (int i = 0; i < data.length; i++) { // every byte: nonce, ciphertext, tag
            byte[] altered = data.clone();
            altered[i] ^= 0x01;
            String tampered = prefix + Base64.getEncoder().encodeToString(altered);
            assertThatThrownBy(() -> secrets.open(tampered, CONTEXT)).as("byte " + i)
                    .isInstanceOf(SealedSecrets.Unsealable.class).hasMessageContaining("altered");
        }
        assertThatThrownBy(() -> secrets.open(sealed.substring(0, sealed.length() - 8), CONTEXT))
                .isInstanceOf(SealedSecrets.Unsealable.class);
        assertThatThrownBy(() -> secrets.open("sealed:v1:", CONTEXT)).isInstanceOf(SealedSecrets.Unsealable.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void aValueMovedToAnotherRecordDoesNotOpen() {
        SealedSecrets secrets = SealedSecrets.withKey(randomKey());
        String sealed = secrets.seal("the secret", CONTEXT);
        assertThatThrownBy(() -> secrets.open(sealed, "cost-export/sub/rg/other/secretAccessKey"))
                .isInstanceOf(SealedSecrets.Unsealable.class).hasMessageContaining("moved from another record");
    }

    @Test
    void anotherKeyIsToldApartFromATamperedValue() {
        String sealed = SealedSecrets.withKey(randomKey()).seal("the secret", CONTEXT);
        assertThatThrownBy(() -> SealedSecrets.withKey(randomKey()).open(sealed, CONTEXT))
                .isInstanceOf(SealedSecrets.Unsealable.class).hasMessageContaining("another secrets key");
    }

    @Test
    void aSecretStoredInClearBeforeSealingReadsAsItIs() {
        assertThat(SealedSecrets.isSealed("plain-old-secret")).isFalse();
        assertThat(SealedSecrets.withKey(randomKey()).open("plain-old-secret", CONTEXT)).isEqualTo("plain-old-secret");
    }

    @Test
    void theKeyFileIsCreatedOwnerOnlyOnTheFirstSealAndNeverByOpening() throws Exception {
        Path file = dir.resolve("data/keys/secrets.key");
        SealedSecrets first = new SealedSecrets(file);
        assertThatThrownBy(() -> first.open("sealed:v1:00000000:" + Base64.getEncoder().encodeToString(new byte[40]),
                CONTEXT)).isInstanceOf(SealedSecrets.Unsealable.class).hasMessageContaining("no secrets key");
        assertThat(file).doesNotExist();
        String sealed = first.seal("the secret", CONTEXT);
        assertThat(file).exists();
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // another server given the same file opens it; a copy of the file is the key
        Path copy = Files.copy(file, dir.resolve("copy.key"));
        assertThat(new SealedSecrets(copy).open(sealed, CONTEXT)).isEqualTo("the secret");
        Files.write(copy, new byte[16], java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        assertThatThrownBy(() -> new SealedSecrets(copy).open(sealed, CONTEXT))
                .isInstanceOf(SealedSecrets.Unsealable.class).hasMessageContaining("exactly 32 bytes");
    }
}
