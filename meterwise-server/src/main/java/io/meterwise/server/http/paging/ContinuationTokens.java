package io.meterwise.server.http.paging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.meterwise.server.config.MeterwiseProperties;
import io.meterwise.server.http.error.ArmException;

/**
 * Opaque, tamper-evident continuation tokens: {@code base64url(payload) "." base64url(HMAC-SHA256)}, the MAC taken
 * over the principal, the scope (e.g. the subscription), the fingerprint of the query and the payload. A token minted
 * for another caller, scope or query, or changed in any byte, fails {@link #verify} with a 400
 * {@code InvalidContinuationToken}. The key ({@value #KEY_FILE} in the data dir, 32 random bytes, owner-only
 * permissions) is created on first use; deleting it invalidates every outstanding token.
 */
@Component
public class ContinuationTokens {

    static final String KEY_FILE = "continuation-token.key";
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte FORMAT = 1;

    private final SecretKeySpec key;

    public ContinuationTokens(MeterwiseProperties properties) {
        this.key = new SecretKeySpec(loadOrCreateKey(properties.dataDir().resolve(KEY_FILE)), ALGORITHM);
    }

    public String mint(String principalId, String scope, String queryFingerprint, byte[] payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] body = new byte[payload.length + 1];
        body[0] = FORMAT;
        System.arraycopy(payload, 0, body, 1, payload.length);
        return b64.encodeToString(body) + "." + b64.encodeToString(mac(principalId, scope, queryFingerprint, body));
    }

    /** The payload of a token minted by {@link #mint} with the same principal, scope and fingerprint. */
    public byte[] verify(String token, String principalId, String scope, String queryFingerprint) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw invalid();
        }
        byte[] body;
        byte[] tag;
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            body = b64.decode(token.substring(0, dot));
            tag = b64.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (body.length == 0 || body[0] != FORMAT
                || !MessageDigest.isEqual(tag, mac(principalId, scope, queryFingerprint, body))) {
            throw invalid();
        }
        return Arrays.copyOfRange(body, 1, body.length);
    }

    private static ArmException invalid() {
        return new ArmException(HttpStatus.BAD_REQUEST, "InvalidContinuationToken",
                "The continuation token is not valid for this query: it was changed, belongs to another caller or "
                        + "query, or the server key was rotated. Restart the query without continuationToken.",
                "continuationToken");
    }

    private byte[] mac(String principalId, String scope, String fingerprint, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            for (String field : new String[] {principalId, scope, fingerprint}) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            mac.update(body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static byte[] loadOrCreateKey(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), KEY_FILE, ".tmp");
                ownerOnly(tmp);
                Files.write(tmp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] stored = Files.readAllBytes(file);
            if (stored.length < 32) {
                throw new IllegalStateException("continuation token key " + file + " is shorter than 32 bytes");
            }
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the continuation token key " + file, e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the data dir's own ACL protects the key.
        }
    }
}
