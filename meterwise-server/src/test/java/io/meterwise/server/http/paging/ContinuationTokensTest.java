package io.meterwise.server.http.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.storage.FileSecrets;

class ContinuationTokensTest {

    private static final byte[] PAYLOAD = "offset=1000".getBytes(StandardCharsets.UTF_8);
    private final ContinuationTokens tokens = ContinuationTokens.withKey(new byte[32]);
    private final String fingerprint = ContinuationTokens.fingerprint("2015-06-01-preview", "Daily", "2026-11-01");
    private final String token = tokens.mint("alice", "/subscriptions/a", fingerprint, PAYLOAD);

    @Test
    void aTokenReturnsItsPayloadToWhomItWasMintedFor() {
        assertThat(tokens.verify(token, "alice", "/subscriptions/a", fingerprint)).isEqualTo(PAYLOAD);
        assertThat(token).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void anotherPrincipalScopeOrQueryIsRefused() {
        assertInvalid(() -> tokens.verify(token, "mallory", "/subscriptions/a", fingerprint));
        assertInvalid(() -> tokens.verify(token, "alice", "/subscriptions/b", fingerprint));
        assertInvalid(() -> tokens.verify(token, "alice", "/subscriptions/a",
                ContinuationTokens.fingerprint("2015-06-01-preview", "Hourly", "2026-11-01")));
    }

    @Test
    void aTokenFromAnotherKeyIsRefused() {
        byte[] other = new byte[32];
        other[0] = 1;
        String foreign = ContinuationTokens.withKey(other).mint("alice", "/subscriptions/a", fingerprint, PAYLOAD);
        assertInvalid(() -> tokens.verify(foreign, "alice", "/subscriptions/a", fingerprint));
    }

    @Test
    void everyAlteredByteIsDetected() {
        byte[] raw = Base64.getUrlDecoder().decode(token);
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 0x01;
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            assertInvalid(() -> tokens.verify(tampered, "alice", "/subscriptions/a", fingerprint));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "AQ", "not base64 at all"})
    void garbageIsRefused(String garbage) {
        assertInvalid(() -> tokens.verify(garbage, "alice", "/subscriptions/a", fingerprint));
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        String shifted = tokens.mint("ali", "ce/subscriptions/a", fingerprint, PAYLOAD);
        assertInvalid(() -> tokens.verify(shifted, "alice", "/subscriptions/a", fingerprint));
        assertThat(ContinuationTokens.fingerprint("ab", "c")).isNotEqualTo(ContinuationTokens.fingerprint("a", "bc"));
    }

    @Test
    void theKeyIsCreatedOwnerOnlyAndReused(@TempDir Path dataDir) throws Exception {
        ContinuationTokens first = ContinuationTokens.withKey(new FileSecrets(dataDir).secret(ContinuationTokens.KEY_FILE));
        String minted = first.mint("alice", "/", "q", PAYLOAD);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(ContinuationTokens.KEY_FILE)))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(ContinuationTokens.withKey(new FileSecrets(dataDir).secret(ContinuationTokens.KEY_FILE)).verify(minted, "alice", "/", "q")).isEqualTo(PAYLOAD);
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ArmException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("InvalidContinuationToken");
        });
    }
}
