package io.meterwise.core.access;

/**
 * Random keys that sign what a server hands out and takes back later (continuation tokens, download links). A key is
 * created on first use and then never changes; every server of one store reads the same key, so a token minted by
 * one replica is accepted by another.
 */
public interface SharedSecrets {

    /** Minimum key length in bytes (256 bits). */
    int MIN_LENGTH = 32;

    /** The key named {@code name}, at least {@link #MIN_LENGTH} random bytes, created on first use. */
    byte[] secret(String name);
}
