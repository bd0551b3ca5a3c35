package io.meterwise.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import io.meterwise.server.storage.OwnerOnlyFiles;

/**
 * The built-in issuer's RS256 key pair, created on first start in {@code <dataDir>/keys/token-signing-key.json}
 * (owner-only). Deleting the file rotates the key on the next start and invalidates every token issued before.
 */
public final class SigningKey {

    static final String FILE = "keys/token-signing-key.json";

    private final RSAKey key;

    private SigningKey(RSAKey key) {
        this.key = key;
    }

    public static SigningKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                SigningKey created = generate();
                OwnerOnlyFiles.create(file,
                        new JWKSet(created.key).toString(false).getBytes(StandardCharsets.UTF_8));
                return created;
            }
            OwnerOnlyFiles.restrict(file);
            JWKSet set = JWKSet.parse(Files.readString(file));
            if (set.getKeys().size() != 1 || !(set.getKeys().get(0) instanceof RSAKey rsa) || !rsa.isPrivate()) {
                throw new IllegalStateException(file + " must hold exactly one private RSA key");
            }
            return new SigningKey(rsa);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token signing key " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the token signing key " + file + " is not a valid JWK set", e);
        }
    }

    /** A fresh key held in memory only (tests, benchmarks). */
    public static SigningKey generate() {
        try {
            return new SigningKey(new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    RSAKey privateKey() {
        return key;
    }

    /** The public half, as served at the JWKS endpoint. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    public String keyId() {
        return key.getKeyID();
    }
}
