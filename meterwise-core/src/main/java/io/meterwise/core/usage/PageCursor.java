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
 * hold any record of the window; {@code key} is the last line served, absent before the first page.
 */
public record PageCursor(long snapshotSeq, long firstBucket, long lastBucket, @Nullable PageKey key) {

    /** Keyset position: the bucket (epoch micros) and the grouping columns of the last line served. */
    public record PageKey(long bucket, List<String> columns) {
        public PageKey {
            columns = List.copyOf(columns);
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
                out.writeInt(key.columns().size());
                for (String column : key.columns()) {
                    byte[] utf8 = column.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
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
