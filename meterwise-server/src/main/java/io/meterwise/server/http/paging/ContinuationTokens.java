package io.meterwise.server.http.paging;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.HttpStatus;

import io.meterwise.server.http.error.ArmException;

/**
 * Opaque continuation tokens (for {@code $skiptoken} and {@code nextLink}) that only work for the caller, scope and
 * query they were minted for. A token is base64url of {@code version | payload | HMAC-SHA256}, the MAC covering the
 * principal id, the scope, the query fingerprint and the payload; so a token cannot be forged, altered, or replayed by
 * another principal, on another subscription or with another query. The payload is signed, not encrypted: put
 * positions in it, never data the caller may not see.
 */
public final class ContinuationTokens {

    public static final String KEY_FILE = "keys/continuation-token.key";
    private static final byte VERSION = 1;
    private static final int MAC_LENGTH = 32;
    private static final int MAX_TOKEN_LENGTH = 4096;

    private final SecretKeySpec key;

    private ContinuationTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("continuation token key must have at least 256 bits");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** For tests and benchmarks: a fixed key of at least 32 bytes. */
    public static ContinuationTokens withKey(byte[] key) {
        return new ContinuationTokens(key);
    }

    /** A stable fingerprint of the query parts that must not change between pages (filter, api-version, ...). */
    public static String fingerprint(String... queryParts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : queryParts) {
                byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String mint(String principalId, String scope, String queryFingerprint, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + MAC_LENGTH + 1);
        out.write(VERSION);
        out.writeBytes(payload);
        out.writeBytes(mac(principalId, scope, queryFingerprint, payload));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * The payload of a token minted for exactly this principal, scope and query.
     *
     * @throws ArmException 400 {@code InvalidContinuationToken} when the token is malformed, altered or foreign
     */
    public byte[] verify(String token, String principalId, String scope, String queryFingerprint) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (raw.length < 1 + MAC_LENGTH || raw[0] != VERSION) {
            throw invalid();
        }
        byte[] payload = Arrays.copyOfRange(raw, 1, raw.length - MAC_LENGTH);
        byte[] given = Arrays.copyOfRange(raw, raw.length - MAC_LENGTH, raw.length);
        if (!MessageDigest.isEqual(given, mac(principalId, scope, queryFingerprint, payload))) {
            throw invalid();
        }
        return payload;
    }

    private byte[] mac(String principalId, String scope, String queryFingerprint, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (String part : new String[] {principalId, scope, queryFingerprint}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            mac.update(payload);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ArmException invalid() {
        return new ArmException(HttpStatus.BAD_REQUEST, "InvalidContinuationToken",
                "The continuation token is not valid for this request. Repeat the request without it to start again.");
    }
}
