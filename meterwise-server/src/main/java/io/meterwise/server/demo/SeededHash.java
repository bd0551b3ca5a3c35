package io.meterwise.server.demo;

import java.nio.charset.StandardCharsets;

/**
 * Stable pseudo-random numbers as pure functions of a seed and a key (FNV-1a then SplitMix64), so that every demo value
 * is the same on every JVM and every load, whatever else was generated before it.
 */
final class SeededHash {

    private SeededHash() {
    }

    static long of(long seed, String key) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    static long of(long base, long value) {
        return mix(base ^ mix(value + 0x9e3779b97f4a7c15L));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A number in [0, 1). */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** An integer in [from, to]. */
    static int between(long hash, int from, int to) {
        return from + (int) Math.floorMod(hash, (long) (to - from + 1));
    }
}
