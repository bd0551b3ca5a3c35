package io.meterwise.bench;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.time.BillingPeriod;

/**
 * Throughput of {@link Rater} ({@code add} for every record, then {@code result}) against a bare BigDecimal loop that
 * prices each record on its own over the same tiers, single-threaded, on the same deterministic month of usage.
 *
 * <p>Arguments (all optional): {@code records meters iterations}. Default: 3,000,000 records, 240 meters, 5 timed
 * iterations after 3 warm-up iterations of each.
 */
public final class RatingBench {

    private static final BillingPeriod MARCH = BillingPeriod.of(2026, 3);
    private static final Instant PRICES_FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant PRICE_CHANGE = Instant.parse("2026-03-15T12:00:00Z");
    private static final Offer OFFER = new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of());

    private final PriceList prices;
    private final UUID[] meterIds;
    private final Instant[] starts;
    private final BigDecimal[] quantities;

    private RatingBench(int records, int meters) {
        Random random = new Random(20260301L);
        UUID[] meterPool = new UUID[meters];
        List<MeterPrice> versions = new ArrayList<>();
        for (int m = 0; m < meters; m++) {
            meterPool[m] = new UUID(0x4d455445_52000000L + m, 0x8000_0000_0000_0000L | random.nextLong() >>> 1);
            boolean tiered = m % 40 == 0; // a few tiered meters (3-4 tiers, some included quantity)
            versions.add(price(meterPool[m], PRICES_FROM, tiered, m, random));
            if (m % 20 == 0) { // a mid-month price change for one meter in twenty
                versions.add(price(meterPool[m], PRICE_CHANGE, tiered, m, random));
            }
        }
        prices = PriceList.of(new PriceListKey("MS-AZR-0003P", Currency.getInstance("USD"), "US"), versions);

        Instant[] hours = new Instant[(int) ChronoUnit.HOURS.between(MARCH.start(), MARCH.end())];
        for (int h = 0; h < hours.length; h++) {
            hours[h] = MARCH.start().plus(h, ChronoUnit.HOURS);
        }
        BigDecimal[] quantityPool = new BigDecimal[1 << 16];
        for (int q = 0; q < quantityPool.length; q++) {
            int scale = random.nextInt(7); // 0..6 decimals, as meters report hours, GB, counts
            quantityPool[q] = BigDecimal.valueOf(random.nextInt(50_000_000), scale);
        }
        meterIds = new UUID[records];
        starts = new Instant[records];
        quantities = new BigDecimal[records];
        for (int r = 0; r < records; r++) {
            // ledger order: by usage hour, meters interleaved (a skewed mix: low meter ids are busier)
            starts[r] = hours[(int) ((long) r * hours.length / records)];
            int m = (int) (Math.pow(random.nextDouble(), 2) * meters);
            meterIds[r] = meterPool[m];
            quantities[r] = quantityPool[random.nextInt(quantityPool.length)];
        }
    }

    private static MeterPrice price(UUID meter, Instant from, boolean tiered, int m, Random random) {
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, BigDecimal.valueOf(1 + random.nextInt(100_000), 5));
        BigDecimal included = BigDecimal.ZERO;
        if (tiered) {
            int count = 3 + m % 2;
            for (int t = 1; t < count; t++) {
                tiers.put(BigDecimal.valueOf(t * 50_000L), BigDecimal.valueOf(1 + random.nextInt(50_000), 5));
            }
            included = BigDecimal.valueOf(1_000);
        }
        return new MeterPrice(meter, from, included, tiers);
    }

    RatedPeriod rateWithRater() {
        Rater rater = Rater.forPeriod(prices, OFFER, MARCH);
        for (int r = 0; r < meterIds.length; r++) {
            rater.add(meterIds[r], starts[r], quantities[r]);
        }
        return rater.result();
    }

    /** The baseline: each record priced on its own with BigDecimal, cumulative per meter, no rounding. */
    BigDecimal rateWithBareBigDecimals() {
        Map<UUID, BaselineMeter> meters = new HashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int r = 0; r < meterIds.length; r++) {
            BaselineMeter meter = meters.computeIfAbsent(meterIds[r], id -> new BaselineMeter(prices.versions(id)));
            total = total.add(meter.charge(starts[r], quantities[r]));
        }
        return total;
    }

    private static final class BaselineMeter {
        private final List<MeterPrice> versions;
        private final BigDecimal[][] thresholds;
        private final BigDecimal[][] unitPrices;
        private BigDecimal cumulative = BigDecimal.ZERO;

        BaselineMeter(List<MeterPrice> versions) {
            this.versions = versions;
            thresholds = new BigDecimal[versions.size()][];
            unitPrices = new BigDecimal[versions.size()][];
            for (int v = 0; v < versions.size(); v++) {
                NavigableMap<BigDecimal, BigDecimal> tiers = versions.get(v).tiers();
                thresholds[v] = tiers.keySet().toArray(BigDecimal[]::new);
                unitPrices[v] = tiers.values().toArray(BigDecimal[]::new);
            }
        }

        BigDecimal charge(Instant start, BigDecimal quantity) {
            int v = versions.size() - 1;
            while (versions.get(v).effectiveFrom().isAfter(start)) {
                v--;
            }
            BigDecimal included = versions.get(v).includedQuantity();
            BigDecimal from = cumulative.subtract(included).max(BigDecimal.ZERO);
            cumulative = cumulative.add(quantity);
            BigDecimal to = cumulative.subtract(included);
            BigDecimal amount = BigDecimal.ZERO;
            BigDecimal[] lower = thresholds[v];
            for (int t = 0; t < lower.length && to.compareTo(lower[t]) > 0; t++) {
                BigDecimal end = t + 1 < lower.length ? to.min(lower[t + 1]) : to;
                BigDecimal part = end.subtract(from.max(lower[t]));
                if (part.signum() > 0) {
                    amount = amount.add(part.multiply(unitPrices[v][t]));
                }
            }
            return amount;
        }
    }

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        int meters = args.length > 1 ? Integer.parseInt(args[1]) : 240;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        RatingBench bench = new RatingBench(records, meters);
        System.out.printf(Locale.ROOT, "Rating bench: %,d records, %d meters (%d tiered, %d with a mid-month price "
                + "change), single thread, Java %s%n", records, meters, (meters + 39) / 40, (meters + 19) / 20,
                Runtime.version());

        Object sink = null;
        for (int i = 0; i < 3; i++) {
            sink = bench.rateWithRater();
            sink = bench.rateWithBareBigDecimals();
        }
        long[] raterNanos = new long[iterations];
        long[] baselineNanos = new long[iterations];
        RatedPeriod rated = null;
        BigDecimal baselineTotal = null;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            rated = bench.rateWithRater();
            long t1 = System.nanoTime();
            baselineTotal = bench.rateWithBareBigDecimals();
            long t2 = System.nanoTime();
            raterNanos[i] = t1 - t0;
            baselineNanos[i] = t2 - t1;
        }
        double raterRate = records / (median(raterNanos) / 1e9);
        double baselineRate = records / (median(baselineNanos) / 1e9);
        System.out.printf(Locale.ROOT, "Rater (add + result):   %,12.0f records/s (median of %d; best %,.0f)%n",
                raterRate, iterations, records / (min(raterNanos) / 1e9));
        System.out.printf(Locale.ROOT, "Bare BigDecimal loop:   %,12.0f records/s (median of %d; best %,.0f)%n",
                baselineRate, iterations, records / (min(baselineNanos) / 1e9));
        System.out.printf(Locale.ROOT, "Ratio Rater / baseline: %.2f%n", raterRate / baselineRate);
        System.out.printf(Locale.ROOT, "Check: rater total %s, %d charge lines; baseline unrounded total %s%n",
                rated.total(), rated.meterCharges().size(), baselineTotal.toPlainString());
        if (sink == null) {
            throw new IllegalStateException();
        }
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(long[] nanos) {
        return Arrays.stream(nanos).min().orElseThrow();
    }
}
