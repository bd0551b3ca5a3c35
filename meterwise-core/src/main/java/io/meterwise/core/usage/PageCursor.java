package io.meterwise.core.usage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where a query stands between pages, carried (signed) in the continuation token. {@code snapshotSeq} pins the
 * ledger as of the first page: records ingested while a client pages are never seen by this query, so its pages
 * neither repeat nor skip a line. {@code firstBucket}/{@code lastBucket} bound the usage buckets (epoch micros) that
 * hold any record of the window; {@code key} is the last line served, absent before the first page. A key whose
 * columns (resource, tags, additional info) are long travels as their SHA-256 digest, so a token stays under
 * {@link #MAX_ENCODED_LENGTH} bytes whatever the data (ADR 0017).
 */
public record PageCursor(long snapshotSeq, long firstBucket, long lastBucket, @Nullable PageKey key) {

    /** Columns up to this many UTF-8 bytes travel as they are; longer ones as their digest. */
    public static final int MAX_INLINE_COLUMN_BYTES = 512;
    /** Longest payload: three longs, the key's bucket, arity and columns or digest. */
    public static final int MAX_ENCODED_LENGTH = 8 * 4 + 1 + 4 + MAX_INLINE_COLUMN_BYTES + 16 * 4;
    private static final int DIGEST_FORM = -1;

    /**
     * Keyset position: the bucket (epoch micros) and the grouping columns of the last line served; or, in digest form
     * ({@code columns} empty), the SHA-256 of those columns, which the reader resolves by finding the line in the
     * bucket.
     */
    public record PageKey(long bucket, List<String> columns, byte @Nullable [] digest) {
        public PageKey(long bucket, List<String> columns) {
            this(bucket, columns, null);
        }

        public PageKey {
            columns = List.copyOf(columns);
        }

        public boolean isDigest() {
            return digest != null;
        }

        /** True when this key names the line with these columns. */
        public boolean matches(List<String> lineColumns) {
            return digest != null ? java.security.MessageDigest.isEqual(digest, digestOf(lineColumns))
                    : columns.equals(lineColumns);
        }
    }

    public static byte[] digestOf(List<String> columns) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String column : columns) {
                byte[] utf8 = column.getBytes(StandardCharsets.UTF_8);
                sha.update(java.nio.ByteBuffer.allocate(4).putInt(utf8.length).array());
                sha.update(utf8);
            }
            return sha.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(snapshotSeq);
            out.writeLong(firstBucket);
            out.writeLong(lastBucket);
            out.writeBoolean(key != null);
            if (key != null) {
                out.writeLong(key.bucket());
                List<byte[]> utf8 = new ArrayList<>();
                int size = 0;
                for (String column : key.columns()) {
                    utf8.add(column.getBytes(StandardCharsets.UTF_8));
                    size += utf8.get(utf8.size() - 1).length;
                }
                if (key.isDigest() || size > MAX_INLINE_COLUMN_BYTES) {
                    out.writeInt(DIGEST_FORM);
                    out.write(key.isDigest() ? key.digest() : digestOf(key.columns()));
                } else {
                    out.writeInt(utf8.size());
                    for (byte[] column : utf8) {
                        out.writeInt(column.length);
                        out.write(column);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a payload that passed the token's MAC check; a malformed one is still refused. */
    public static PageCursor decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            long seq = in.readLong();
            long first = in.readLong();
            long last = in.readLong();
            PageKey key = null;
            if (in.readBoolean()) {
                long bucket = in.readLong();
                int n = in.readInt();
                if (n == DIGEST_FORM) {
                    byte[] digest = in.readNBytes(32);
                    if (digest.length != 32) {
                        throw new IllegalArgumentException("truncated digest");
                    }
                    return new PageCursor(seq, first, last, new PageKey(bucket, List.of(), digest));
                }
                if (n < 0 || n > 16) {
                    throw new IllegalArgumentException("bad key arity");
                }
                List<String> columns = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int len = in.readInt();
                    if (len < 0 || len > payload.length) {
                        throw new IllegalArgumentException("bad column length");
                    }
                    columns.add(new String(in.readNBytes(len), StandardCharsets.UTF_8));
                }
                key = new PageKey(bucket, columns);
            }
            return new PageCursor(seq, first, last, key);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated cursor", e);
        }
    }
}
