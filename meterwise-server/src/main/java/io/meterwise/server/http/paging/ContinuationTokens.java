package io.meterwise.server.http.paging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import io.meterwise.server.config.MeterwiseProperties;
import io.meterwise.server.http.error.ArmException;

/**
 * Opaque continuation tokens ({@code $skiptoken}, {@code continuationToken}): a payload bound to the caller, the
 * resource scope and the query that produced it, HMAC-SHA256 signed, base64url. The key is
 * {@code continuation-tokens.key} in the data directory (owner-only). A token replayed by another principal, on
 * another scope or query, or changed in any byte is refused with 400 {@code InvalidContinuationToken}.
 */
@Component
public class ContinuationTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key;

    public ContinuationTokens(MeterwiseProperties properties) throws IOException {
        this.key = loadOrCreateKey(properties.dataDir().resolve("continuation-tokens.key"));
    }

    public String mint(String principalId, String scope, String queryFingerprint, String payload) {
        String body = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + sign(principalId, scope, queryFingerprint, body);
    }

    /** The payload of a token this server minted for the same principal, scope and query. */
    public String verify(String token, String principalId, String scope, String queryFingerprint) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            throw invalid();
        }
        String body = token.substring(0, dot);
        byte[] expected = sign(principalId, scope, queryFingerprint, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw invalid();
        }
        try {
            return new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ArmException invalid() {
        return new ArmException(org.springframework.http.HttpStatus.BAD_REQUEST, "InvalidContinuationToken",
                "The continuation token is not valid for this request: use the nextLink exactly as returned, with "
                        + "the same query and credentials.", "$skiptoken");
    }

    private String sign(String principalId, String scope, String queryFingerprint, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String text = principalId + "\n" + scope + "\n" + queryFingerprint + "\n" + body;
            return ENCODER.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] loadOrCreateKey(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] existing = Files.readAllBytes(file);
            if (existing.length >= 32) {
                return existing;
            }
        }
        Files.createDirectories(file.getParent());
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, fresh);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the data directory's permissions
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return fresh;
    }
}
