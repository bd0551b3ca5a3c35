package io.meterwise.server.storage.duckdb;

/**
 * A Bloom filter of record-id fingerprints, held in memory by the DuckDB ledger so that a batch of new record ids
 * needs no look at the key table at all (ADR 0040). It answers "maybe stored" or "certainly not stored": a fingerprint
 * once added is never removed, so a stored record is never missed; a false "maybe" costs only the exact probe.
 * Not thread-safe: the ledger uses it under its writer lock.
 */
final class FingerprintFilter {

    /** How a filter is sized: for at least {@code minCapacity} records, {@code headroom} times the stored count. */
    record Sizing(long minCapacity, double headroom, int bitsPerRecord, int hashes) {

        /**
         * 24 bits and 16 hashes per record of capacity: a false "maybe" at full capacity for about 1 in 100 000 ids,
         * about 1 in 10 million at the 2/3 fill a rebuild starts with. The per-batch odds are what matter (20 000 ids
         * × 10⁻⁵ = one batch in five probing at full capacity); 3 bytes per record, × 1.5 headroom: 90 MB at 20 M.
         */
        static final Sizing DEFAULT = new Sizing(1 << 20, 1.5, 24, 16);

        long capacityFor(long stored) {
            return Math.max(minCapacity, (long) Math.ceil(stored * headroom));
        }
    }

    private final long[] words;
    private final long bits;
    private final long capacity;
    private final int hashes;
    private long count;

    FingerprintFilter(long capacity, Sizing sizing) {
        this.capacity = capacity;
        this.hashes = sizing.hashes();
        long wanted = Math.max(64, capacity * sizing.bitsPerRecord());
        long length = (wanted + 63) >>> 6;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a fingerprint filter for " + capacity + " records is too large");
        }
        this.words = new long[(int) length];
        this.bits = length << 6;
    }

    /** Records that fingerprint {@code fingerprint} is (or may be) stored; one record more against the capacity. */
    void add(long fingerprint) {
        long h1 = mix(fingerprint);
        long h2 = mix(h1 ^ 0x9E3779B97F4A7C15L) | 1;
        for (int i = 0; i < hashes; i++) {
            long bit = Long.remainderUnsigned(h1 + i * h2, bits);
            words[(int) (bit >>> 6)] |= 1L << bit;
        }
        count++;
    }

    /** False only if no record with this fingerprint was ever added. */
    boolean mightContain(long fingerprint) {
        long h1 = mix(fingerprint);
        long h2 = mix(h1 ^ 0x9E3779B97F4A7C15L) | 1;
        for (int i = 0; i < hashes; i++) {
            long bit = Long.remainderUnsigned(h1 + i * h2, bits);
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether more records were added than the filter was sized for, so it should be rebuilt larger. */
    boolean full() {
        return count > capacity;
    }

    long capacity() {
        return capacity;
    }

    long count() {
        return count;
    }

    long bytes() {
        return words.length * 8L;
    }

    /** The finaliser of SplitMix64: the fingerprint is already uniform, but two independent index hashes are needed. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
