package io.meterwise.server.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.meterwise.core.usage.UsageRecord;
import io.meterwise.server.demo.DemoResource.Series;

/**
 * Hourly usage of the demo fleet from the window start to the current hour, in usage-time order, produced lazily.
 * Each record is a pure function of (seed, subscription, resource, meter, hour): its id is
 * {@code demo-{sub8}-{resource}-{meter8}-{yyyyMMddHH}}, and a record whose report time is still in the future is
 * left out (a later load adds it). Most usage is reported within the hour after it ends; on about 4% of the days of a
 * subscription its reporting pipeline is 1 to 3 days late.
 */
final class DemoUsageGenerator {

    static final int QUANTITY_SCALE = 9;
    private static final DateTimeFormatter HOUR_ID = DateTimeFormatter.ofPattern("yyyyMMddHH");
    private static final double LATE_DAY_SHARE = 0.04;

    private final long seed;
    private final List<DemoResource> fleet;
    private final Instant start;
    private final Instant endHour;
    private final Instant now;

    DemoUsageGenerator(DemoCatalog catalog, DemoProperties settings, Instant now) {
        this.seed = settings.seed();
        this.now = now;
        this.start = catalog.windowStart();
        this.endHour = now.truncatedTo(ChronoUnit.HOURS);
        this.fleet = DemoFleet.build(catalog, settings.seed(), settings.scale(), start, endHour);
    }

    List<DemoResource> fleet() {
        return fleet;
    }

    Stream<UsageRecord> records() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(new HourlyRecords(), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    /** The records in batches of at most {@code size}, in usage-time order. */
    Iterator<List<UsageRecord>> batches(int size) {
        Iterator<UsageRecord> records = new HourlyRecords();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public List<UsageRecord> next() {
                if (!records.hasNext()) {
                    throw new NoSuchElementException();
                }
                List<UsageRecord> batch = new ArrayList<>(size);
                while (batch.size() < size && records.hasNext()) {
                    batch.add(records.next());
                }
                return batch;
            }
        };
    }

    /** Walks the hours; fills a buffer with one hour's records at a time. */
    private final class HourlyRecords implements Iterator<UsageRecord> {
        private Instant hour = start;
        private final List<UsageRecord> buffer = new ArrayList<>();
        private int position;

        @Override
        public boolean hasNext() {
            while (position >= buffer.size()) {
                if (!hour.plus(Duration.ofHours(1)).isAfter(endHour)) {
                    buffer.clear();
                    position = 0;
                    generateHour(hour, buffer);
                    hour = hour.plus(Duration.ofHours(1));
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public UsageRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.get(position++);
        }
    }

    private void generateHour(Instant hour, List<UsageRecord> out) {
        LocalDateTime utc = DemoResource.utc(hour);
        Instant hourEnd = hour.plus(Duration.ofHours(1));
        String hourId = HOUR_ID.format(utc);
        long hourIndex = hour.getEpochSecond() / 3600;
        double load = load(utc, hour);
        double hoursInMonth = YearMonth.from(utc).lengthOfMonth() * 24.0;
        for (DemoResource resource : fleet) {
            long minutes = resource.runningMinutes(hour, utc);
            if (minutes == 0) {
                continue;
            }
            DemoSubscription sub = resource.owner();
            long dayHash = SeededHash.of(SeededHash.of(seed, sub.shortId() + "/late"), hourIndex / 24);
            boolean lateDay = SeededHash.unit(dayHash) < LATE_DAY_SHARE;
            for (Series series : resource.series()) {
                long seriesHash = SeededHash.of(resource.hash() ^ series.meter().meterId().getMostSignificantBits(),
                        hourIndex);
                BigDecimal quantity = quantity(resource, series, hour, minutes, load, hoursInMonth, seriesHash);
                if (quantity.signum() <= 0) {
                    continue;
                }
                Duration delay = lateDay
                        ? Duration.ofMinutes(24 * 60 + (long) (47 * 60 * SeededHash.unit(SeededHash.mix(dayHash))))
                        : Duration.ofSeconds(60 + (long) (54 * 60 * SeededHash.unit(SeededHash.mix(seriesHash))));
                Instant reportedAt = hourEnd.plus(delay);
                if (reportedAt.isAfter(now)) {
                    continue;
                }
                String meterId = series.meter().meterId().toString();
                String recordId = "demo-" + sub.shortId() + "-" + resource.name() + "-" + meterId.substring(0, 8) + "-"
                        + hourId;
                out.add(new UsageRecord(recordId, sub.subscription().subscriptionId(), series.meter().meterId(),
                        quantity, hour, hourEnd, resource.resourceUri(), resource.location(), resource.tags(),
                        resource.additionalInfo(), reportedAt));
            }
        }
    }

    private static BigDecimal quantity(DemoResource resource, Series series, Instant hour, long minutes, double load,
            double hoursInMonth, long hash) {
        double running = minutes / 60.0;
        double noise = 0.85 + 0.3 * SeededHash.unit(hash);
        return switch (series.usage()) {
            case RUNTIME_HOURS -> minutes == 60 ? BigDecimal.ONE : scaled(running, QUANTITY_SCALE);
            case MONTHLY_UNITS -> scaled(running / hoursInMonth, QUANTITY_SCALE);
            case GB_MONTHS -> {
                double ageDays = Duration.between(resource.created(), hour).toHours() / 24.0;
                double gb = series.baseRate() * (1 + 0.002 * Math.min(ageDays, 1000)) * growth(hour);
                yield scaled(gb * running / hoursInMonth, QUANTITY_SCALE);
            }
            case OPERATIONS_10K -> BigDecimal.valueOf(Math.round(series.baseRate() * load * noise * running), 4);
            case TRAFFIC_GB -> scaled(series.baseRate() * load * noise * running, 6);
        };
    }

    /** Daily rhythm (low at 03:00, high at 15:00 UTC), weekends at 55%, and growth. */
    private static double load(LocalDateTime utc, Instant hour) {
        double daily = 0.45 + 0.55 * (0.5 - 0.5 * StrictMath.cos(2 * Math.PI * (utc.getHour() - 3) / 24.0));
        double weekly = DemoResource.Schedule.isWeekend(utc) ? 0.55 : 1.0;
        return daily * weekly * growth(hour);
    }

    /** Business grows 3% a month from 2026-01-01. */
    private static double growth(Instant hour) {
        double months = Duration.between(DemoFleet.GROWTH_SINCE, hour).toHours() / (24 * 30.44);
        return 1 + 0.03 * Math.max(0, months);
    }

    private static BigDecimal scaled(double value, int scale) {
        BigDecimal result = BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros();
        return result.scale() < 0 ? result.setScale(0) : result;
    }
}
