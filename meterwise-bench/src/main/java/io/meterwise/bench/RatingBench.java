package io.meterwise.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
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
 * Rating throughput, single thread: {@link Rater} against a bare BigDecimal loop that prices each record against the
 * same tiers and price versions (cumulative per meter, tier split, multiply, accumulate). Both see the same records in
 * the same order in the same run; the ratio is what to compare across machines.
 *
 * <p>Usage: {@code bench/run RatingBench [records] [meters]} (defaults: 3,000,000 records, 300 meters).
 */
public final class RatingBench {

    private static final BillingPeriod PERIOD = BillingPeriod.of(2026, 10);
    private static final Currency USD = Currency.getInstance("USD");

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
        int meterCount = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Random random = new Random(42);
        UUID[] meters = new UUID[meterCount];
        List<MeterPrice> prices = new ArrayList<>();
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant change = Instant.parse("2026-10-15T00:00:00Z");
        for (int m = 0; m < meterCount; m++) {
            meters[m] = new UUID(0x5EED, m);
            int tiers = m % 10 == 0 ? 4 : m % 3 == 0 ? 2 : 1;
            prices.add(price(meters[m], from, tiers, random, m % 7 == 0 ? "5" : "0"));
            if (m % 20 == 0) {
                prices.add(price(meters[m], change, tiers, random, "5"));
            }
        }
        PriceList priceList = PriceList.of(new PriceListKey("MS-AZR-0003P", USD, "US"), prices);
        Offer offer = new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of());

        UUID[] meterOf = new UUID[records];
        Instant[] startOf = new Instant[records];
        BigDecimal[] quantityOf = new BigDecimal[records];
        long hours = 31L * 24;
        for (int i = 0; i < records; i++) {
            long hour = (long) i * hours / records;
            meterOf[i] = meters[random.nextInt(meterCount)];
            startOf[i] = PERIOD.start().plusSeconds(hour * 3600);
            quantityOf[i] = BigDecimal.valueOf(random.nextInt(2_000_000_000), 6 + random.nextInt(4));
        }
        System.out.printf("Rating benchmark: %,d records, %d meters, %d price versions, period %s%n", records,
                meterCount, prices.size(), PERIOD.month());

        BigDecimal raterTotal = null;
        BigDecimal loopTotal = null;
        double[] raterRates = new double[5];
        double[] loopRates = new double[5];
        for (int round = -3; round < 5; round++) {
            long t0 = System.nanoTime();
            Rater rater = Rater.forPeriod(priceList, offer, PERIOD);
            for (int i = 0; i < records; i++) {
                rater.add(meterOf[i], startOf[i], quantityOf[i]);
            }
            RatedPeriod rated = rater.result();
            long t1 = System.nanoTime();
            BigDecimal naive = bareLoop(priceList, meters, meterOf, startOf, quantityOf);
            long t2 = System.nanoTime();
            raterTotal = rated.total().amount();
            loopTotal = naive;
            if (round >= 0) {
                raterRates[round] = records / ((t1 - t0) / 1e9);
                loopRates[round] = records / ((t2 - t1) / 1e9);
            }
        }
        Arrays.sort(raterRates);
        Arrays.sort(loopRates);
        double rater = raterRates[2];
        double loop = loopRates[2];
        System.out.printf("Rater (add + result)         : %,14.0f records/s (median of 5)%n", rater);
        System.out.printf("bare BigDecimal tier loop    : %,14.0f records/s (median of 5)%n", loop);
        System.out.printf("ratio Rater / bare loop      : %.2f%n", rater / loop);
        System.out.printf("totals: Rater %s, bare loop (unrounded) %s%n", raterTotal.toPlainString(),
                loopTotal.setScale(2, RoundingMode.HALF_UP).toPlainString());
    }

    private static MeterPrice price(UUID meter, Instant from, int tiers, Random random, String included) {
        NavigableMap<BigDecimal, BigDecimal> rates = new TreeMap<>();
        BigDecimal price = BigDecimal.valueOf(50 + random.nextInt(5000), 4);
        for (int t = 0; t < tiers; t++) {
            rates.put(BigDecimal.valueOf(t * 10_000L), price);
            price = price.multiply(new BigDecimal("0.9")).setScale(6, RoundingMode.HALF_UP);
        }
        return new MeterPrice(meter, from, new BigDecimal(included), rates);
    }

    /** The naive way: every record is priced on its own against the tiers at its cumulative position. */
    private static BigDecimal bareLoop(PriceList prices, UUID[] meters, UUID[] meterOf, Instant[] startOf,
            BigDecimal[] quantityOf) {
        Map<UUID, BigDecimal> cumulative = new HashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < meterOf.length; i++) {
            MeterPrice price = prices.priceAt(meterOf[i], startOf[i]).orElseThrow();
            BigDecimal before = cumulative.getOrDefault(meterOf[i], BigDecimal.ZERO);
            BigDecimal after = before.add(quantityOf[i]);
            cumulative.put(meterOf[i], after);
            BigDecimal low = before.max(price.includedQuantity()).subtract(price.includedQuantity());
            BigDecimal high = after.subtract(price.includedQuantity());
            if (high.signum() <= 0) {
                continue;
            }
            Map.Entry<BigDecimal, BigDecimal> tier = price.tiers().floorEntry(low);
            while (tier != null && tier.getKey().compareTo(high) < 0) {
                BigDecimal next = price.tiers().higherKey(tier.getKey());
                BigDecimal to = next == null ? high : high.min(next);
                total = total.add(to.subtract(low.max(tier.getKey())).multiply(tier.getValue()));
                tier = next == null ? null : price.tiers().ceilingEntry(next);
            }
        }
        return total;
    }
}
