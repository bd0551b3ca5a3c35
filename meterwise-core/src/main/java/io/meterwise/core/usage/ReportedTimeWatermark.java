package io.meterwise.core.usage;

import java.time.Instant;

/**
 * The reported time up to which the ledger is complete: every record with a reported time before the watermark is
 * committed. The ledger stamps reported times under its writer lock and reads this under the same lock.
 */
@FunctionalInterface
public interface ReportedTimeWatermark {

    Instant watermark();
}
