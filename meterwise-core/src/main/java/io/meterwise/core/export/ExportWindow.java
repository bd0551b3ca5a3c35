package io.meterwise.core.export;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import io.meterwise.core.time.BillingPeriod;

/**
 * The time range [from, to) a run covers and the billing periods it touches (one partition each). Month timeframes
 * cover whole billing periods; {@code WeekToDate} and {@code Custom} cut usage rows by their charge period start, and
 * keep a period's whole-period rows (offer terms, prior-period corrections) only when the range covers that period.
 */
public record ExportWindow(Instant from, Instant to, boolean wholePeriods, List<BillingPeriod> periods) {

    /** The longest Custom range, as Azure allows (three months). */
    public static final Duration MAX_CUSTOM = Duration.ofDays(92);

    public static ExportWindow of(CostExport export, Instant now) {
        BillingPeriod current = BillingPeriod.containing(now);
        return switch (export.timeframe()) {
            case MonthToDate, BillingMonthToDate -> whole(current);
            case TheLastMonth, TheLastBillingMonth -> whole(current.previous());
            case WeekToDate -> {
                LocalDate monday = now.atOffset(ZoneOffset.UTC).toLocalDate()
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield range(monday.atStartOfDay().toInstant(ZoneOffset.UTC), now);
            }
            case Custom -> range(export.customFrom().truncatedTo(ChronoUnit.DAYS),
                    export.customTo().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)));
        };
    }

    private static ExportWindow whole(BillingPeriod period) {
        return new ExportWindow(period.start(), period.end(), true, List.of(period));
    }

    private static ExportWindow range(Instant from, Instant to) {
        List<BillingPeriod> periods = new ArrayList<>();
        for (BillingPeriod p = BillingPeriod.containing(from); p.start().isBefore(to); p = p.next()) {
            periods.add(p);
        }
        return new ExportWindow(from, to, false, periods);
    }

    /** Whether the window covers the whole period, so that its whole-period rows belong to it. */
    boolean covers(BillingPeriod period) {
        return wholePeriods || (!period.start().isBefore(from) && !period.end().isAfter(to));
    }

    /** The partition folder name of a period, Azure's {@code yyyyMMdd-yyyyMMdd} (first and last day). */
    public static String partitionName(BillingPeriod period) {
        return period.startDate().toString().replace("-", "") + "-"
                + period.endDate().minusDays(1).toString().replace("-", "");
    }
}
