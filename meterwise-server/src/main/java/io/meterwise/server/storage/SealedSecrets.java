package io.meterwise.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets kept in the store sealed at rest (ADR 0051): AES-256-GCM under a key that lives in a file, never in the
 * database, with a random 96-bit nonce and associated data naming what the secret belongs to, so a sealed value copied
 * onto another record does not open. The stored form is {@code sealed:v1:{key id}:{base64(nonce | ciphertext | tag)}};
 * the key id (first 4 bytes of a SHA-256 of the key) tells a wrong key from a tampered value. A value without the
 * prefix is a secret stored in clear before sealing existed and is returned as it is.
 *
 * <p>The key file ({@code meterwise.secrets.key-file}, by default {@code {data-dir}/keys/secrets.key}: 32 random
 * bytes, owner-only) is created on the first seal. Opening never creates it: a server without the key says so.
 */
public final class SealedSecrets {

    /** The data directory's key file, when {@code meterwise.secrets.key-file} is not set. */
    public static final String DEFAULT_KEY_FILE = "keys/secrets.key";
    static final String PREFIX = "sealed:v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path keyFile;
    private volatile byte[] key;

    public SealedSecrets(Path keyFile) {
        this.keyFile = keyFile;
    }

    /** For tests: a key held in memory. */
    public static SealedSecrets withKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a secrets key has 32 bytes");
        }
        SealedSecrets secrets = new SealedSecrets(Path.of("(in memory)"));
        secrets.key = key.clone();
        return secrets;
    }

    /** A secret that cannot be opened here: no key, another key, or a value altered or moved to another record. */
    public static final class Unsealable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Unsealable(String message) {
            super(message);
        }
    }

    /** Whether a stored value is sealed (else it is a secret kept in clear by an earlier version). */
    public static boolean isSealed(String stored) {
        return stored.startsWith(PREFIX);
    }

    /** Seals {@code secret} for the record named {@code context}; creates the key file if there is none. */
    public String seal(String secret, String context) {
        byte[] k = key(true);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, k, nonce, context);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + keyId(k) + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The secret of a stored value sealed for {@code context}; a value kept in clear is returned as is. */
    public String open(String stored, String context) {
        if (!isSealed(stored)) {
            return stored;
        }
        String rest = stored.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        byte[] data;
        try {
            data = colon < 0 ? new byte[0] : Base64.getDecoder().decode(rest.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            data = new byte[0];
        }
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Unsealable("the sealed secret is malformed");
        }
        byte[] k = key(false);
        if (!keyId(k).equals(rest.substring(0, colon))) {
            throw new Unsealable("the secret was sealed with another secrets key (key id " + rest.substring(0, colon)
                    + ", this server's is " + keyId(k) + ")");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, k, Arrays.copyOf(data, NONCE_BYTES), context);
            return new String(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new Unsealable("the sealed secret does not open: altered, or moved from another record");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, String context)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(("meterwise:" + context).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static String keyId(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("meterwise secrets key id".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(sha.digest(key), 4));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key(boolean create) {
        byte[] k = key;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (key != null) {
                return key;
            }
            try {
                if (!Files.exists(keyFile)) {
                    if (!create) {
                        throw new Unsealable("this server has no secrets key (meterwise.secrets.key-file)");
                    }
                    byte[] fresh = new byte[KEY_BYTES];
                    RANDOM.nextBytes(fresh);
                    try {
                        OwnerOnlyFiles.create(keyFile, fresh);
                    } catch (FileAlreadyExistsException e) {
                        // created concurrently: use that one
                    }
                }
                OwnerOnlyFiles.restrict(keyFile);
                byte[] read = Files.readAllBytes(keyFile);
                if (read.length != KEY_BYTES) {
                    throw new Unsealable("the secrets key file (meterwise.secrets.key-file) must hold exactly 32 "
                            + "bytes, it holds " + read.length);
                }
                key = read;
                return read;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create the secrets key " + keyFile, e);
            }
        }
    }
}
