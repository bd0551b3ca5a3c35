package io.meterwise.core.estimate;

import java.math.BigDecimal;
import java.util.Objects;

/** Line {@code number} (1-based) of a workload: a meter and the quantity of a full month, in the meter's unit. */
public record WorkloadLine(int number, MeterSelector meter, BigDecimal monthlyQuantity) {
    public WorkloadLine {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(monthlyQuantity, "monthlyQuantity");
        if (monthlyQuantity.signum() < 0) {
            throw new IllegalArgumentException("line " + number + ": quantity must not be negative");
        }
    }
}
