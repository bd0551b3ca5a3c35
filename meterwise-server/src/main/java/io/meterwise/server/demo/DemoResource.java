package io.meterwise.server.demo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.meterwise.core.catalog.Meter;

/**
 * A resource of the demo cloud (VM, disk or storage account), alive in {@code [created, deleted)} and running in the
 * hours its {@link Schedule} allows. It emits one usage record per hour for each of its {@link Series}.
 */
record DemoResource(DemoSubscription owner, String name, String resourceUri, String location, Schedule schedule,
        Instant created, Instant deleted, Map<String, String> tags, Map<String, String> additionalInfo,
        List<Series> series, long hash) {

    DemoResource {
        tags = Map.copyOf(tags);
        additionalInfo = Map.copyOf(additionalInfo);
        series = List.copyOf(series);
    }

    /** The part of the hour starting at {@code hour} in which the resource exists and runs, in minutes (0..60). */
    long runningMinutes(Instant hour, LocalDateTime utc) {
        if (!schedule.runs(utc)) {
            return 0;
        }
        long from = Math.max(hour.getEpochSecond(), created.getEpochSecond());
        long to = Math.min(hour.getEpochSecond() + 3600, deleted.getEpochSecond());
        return to <= from ? 0 : (to - from) / 60;
    }

    /** A meter this resource consumes, how the quantity is shaped, and its base rate per hour. */
    record Series(Meter meter, Usage usage, double baseRate) {
    }

    enum Usage {
        /** VM hours: the running fraction of the hour. */
        RUNTIME_HOURS,
        /** A {@code 1/Month} meter (a managed disk): the hour's share of the month. */
        MONTHLY_UNITS,
        /** A {@code 1 GB/Month} meter: stored GB times the hour's share of the month; grows with the resource's age. */
        GB_MONTHS,
        /** A {@code 10K} meter: operations in the hour (daily and weekly rhythm), in units of 10,000. */
        OPERATIONS_10K,
        /** A {@code 1 GB} meter: GB transferred in the hour (daily and weekly rhythm). */
        TRAFFIC_GB
    }

    enum Schedule {
        ALWAYS,
        /** Developer machines: weekdays 07:00-19:00 UTC. */
        OFFICE_HOURS,
        /** Batch work: weekdays only. */
        WEEKDAYS,
        /** Autoscale extras: weekdays 08:00-20:00, weekends 11:00-17:00 UTC. */
        PEAK_HOURS;

        boolean runs(LocalDateTime utc) {
            boolean weekend = isWeekend(utc);
            int hour = utc.getHour();
            return switch (this) {
                case ALWAYS -> true;
                case OFFICE_HOURS -> !weekend && hour >= 7 && hour < 19;
                case WEEKDAYS -> !weekend;
                case PEAK_HOURS -> weekend ? hour >= 11 && hour < 17 : hour >= 8 && hour < 20;
            };
        }

        static boolean isWeekend(LocalDateTime utc) {
            DayOfWeek day = utc.getDayOfWeek();
            return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
        }
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    }
}
