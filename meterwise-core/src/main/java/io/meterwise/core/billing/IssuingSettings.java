package io.meterwise.core.billing;

import java.time.Duration;
import java.util.Objects;

/** How invoices are issued: {@code grace} after a period's end before it is invoiced (the late-usage window). */
public record IssuingSettings(Duration grace) {

    public IssuingSettings {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
    }
}
