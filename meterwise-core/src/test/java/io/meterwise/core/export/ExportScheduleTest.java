package io.meterwise.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.meterwise.core.time.BillingPeriod;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The schedule's occurrences, and the window and partition names of each timeframe. */
class ExportScheduleTest {

    static final Instant FROM = Instant.parse("2026-01-31T09:00:00Z");

    @Test
    void monthlyOccurrencesKeepTheDayWhereTheMonthHasIt() {
        ExportSchedule monthly = new ExportSchedule(true, ExportSchedule.Recurrence.Monthly, FROM, null);
        assertThat(monthly.latestDue(Instant.parse("2026-01-31T08:59:59Z"))).isNull();
        assertThat(monthly.latestDue(FROM)).isEqualTo(FROM);
        assertThat(monthly.latestDue(Instant.parse("2026-03-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-02-28T09:00:00Z"));
        assertThat(monthly.nextAfter(Instant.parse("2026-03-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-31T09:00:00Z"));
    }

    @Test
    void nothingIsDueAfterTheRecurrencePeriodNorNextWhenInactive() {
        ExportSchedule daily = new ExportSchedule(true, ExportSchedule.Recurrence.Daily, FROM,
                Instant.parse("2026-02-02T00:00:00Z"));
        assertThat(daily.latestDue(Instant.parse("2026-02-10T00:00:00Z"))).isNull();
        assertThat(daily.latestDue(Instant.parse("2026-02-01T23:00:00Z")))
                .isEqualTo(Instant.parse("2026-02-01T09:00:00Z"));
        assertThat(daily.nextAfter(Instant.parse("2026-02-01T23:00:00Z"))).isNull();
        assertThat(new ExportSchedule(false, ExportSchedule.Recurrence.Daily, FROM, null).nextAfter(FROM)).isNull();
        assertThatThrownBy(() -> new ExportSchedule(true, ExportSchedule.Recurrence.Daily, FROM, FROM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void theLatestDueIsAtOrBeforeNowAndTheNextOneAfterIt(@ForAll ExportSchedule.Recurrence recurrence,
            @ForAll @LongRange(min = 0, max = 20L * 366 * 86_400) long secondsAfter) {
        ExportSchedule schedule = new ExportSchedule(true, recurrence, FROM, null);
        Instant now = FROM.plusSeconds(secondsAfter);
        Instant due = schedule.latestDue(now);
        Instant next = schedule.nextAfter(now);
        assertThat(due).isNotNull().isBeforeOrEqualTo(now);
        assertThat(next).isAfter(now);
        assertThat(schedule.nextAfter(due)).isEqualTo(next);
        assertThat(schedule.latestDue(next)).isEqualTo(next);
        assertThat(schedule.latestDue(next.minusNanos(1))).isEqualTo(due);
    }

    @Test
    void windowsCoverWholePeriodsOrCutAtTheirRange() {
        Instant now = Instant.parse("2026-10-07T12:00:00Z");
        ExportWindow last = ExportWindow.of(export(Timeframe.TheLastMonth, null, null), now);
        assertThat(last.periods()).containsExactly(BillingPeriod.of(2026, 9));
        assertThat(last.wholePeriods()).isTrue();
        ExportWindow week = ExportWindow.of(export(Timeframe.WeekToDate, null, null), now);
        assertThat(week.from()).isEqualTo(Instant.parse("2026-10-05T00:00:00Z"));
        assertThat(week.to()).isEqualTo(now);
        ExportWindow custom = ExportWindow.of(export(Timeframe.Custom, Instant.parse("2026-08-15T00:00:00Z"),
                Instant.parse("2026-09-30T00:00:00Z")), now);
        assertThat(custom.periods()).containsExactly(BillingPeriod.of(2026, 8), BillingPeriod.of(2026, 9));
        assertThat(custom.to()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(custom.covers(BillingPeriod.of(2026, 9))).isTrue();
        assertThat(custom.covers(BillingPeriod.of(2026, 8))).isFalse();
        assertThat(ExportWindow.partitionName(BillingPeriod.of(2026, 2))).isEqualTo("20260201-20260228");
    }

    static CostExport export(Timeframe timeframe, Instant from, Instant to) {
        return new CostExport(new ExportScope(java.util.UUID.randomUUID(), null), "e", ExportType.FocusCost,
                timeframe, from, to, ExportFormat.Csv, false, List.of(), new Destination.Directory("c", ""), null,
                Instant.EPOCH, Instant.EPOCH);
    }
}
