package io.meterwise.server.http.consumption;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.PeriodUsage;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.http.error.ArmException;

/**
 * The signed payload of a usage details {@code $skiptoken} (ADR 0049): the ledger position the listing reads as of
 * (its watermark, so pages stay stable while batches arrive), how many items were listed, and the keyset of the last
 * one (period, then the usage record's meter, usage start, ledger sequence and record id, or the number of terms).
 */
record UsageDetailsToken(long upTo, int listed, CostQueries.Cursor cursor) {

    byte[] encode() {
        PeriodUsage.Position p = cursor.usage();
        byte[] id = p == null ? new byte[0] : p.recordId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + 4 + 1 + (p == null ? 0 : 16 + 8 + 8 + 4 + id.length));
        b.putLong(upTo).putInt(listed).putInt(cursor.period().month().getYear() * 100
                + cursor.period().month().getMonthValue()).putInt(cursor.terms());
        b.put((byte) (p == null ? 0 : 1));
        if (p != null) {
            b.putLong(p.meterId().getMostSignificantBits()).putLong(p.meterId().getLeastSignificantBits());
            b.putLong(ChronoUnit.MICROS.between(Instant.EPOCH, p.usageStart())).putLong(p.ingestSeq());
            b.putInt(id.length).put(id);
        }
        return b.array();
    }

    /** The payload of a token whose signature was verified; a malformed one is a 400 all the same. */
    static UsageDetailsToken decode(byte[] payload) {
        try {
            ByteBuffer b = ByteBuffer.wrap(payload);
            long upTo = b.getLong();
            int listed = b.getInt();
            int month = b.getInt();
            int terms = b.getInt();
            PeriodUsage.@Nullable Position position = null;
            if (b.get() == 1) {
                UUID meter = new UUID(b.getLong(), b.getLong());
                Instant start = Instant.EPOCH.plus(b.getLong(), ChronoUnit.MICROS);
                long seq = b.getLong();
                byte[] id = new byte[b.getInt()];
                b.get(id);
                position = new PeriodUsage.Position(meter, start, seq, new String(id, StandardCharsets.UTF_8));
            }
            return new UsageDetailsToken(upTo, listed, new CostQueries.Cursor(
                    new BillingPeriod(YearMonth.of(month / 100, month % 100)), position, terms));
        } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException
                | java.time.DateTimeException e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidContinuationToken",
                    "The $skiptoken is not valid for this request.", "$skiptoken");
        }
    }
}
