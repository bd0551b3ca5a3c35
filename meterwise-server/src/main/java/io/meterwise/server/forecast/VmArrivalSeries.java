package io.meterwise.server.forecast;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.forecast.UsageHistory;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.demo.DemoHistory;

/**
 * Subscription-like series derived from the Azure VM arrival trace of 2017 ({@code shared/data/azure-vm-arrivals-2017},
 * CC BY 4.0, Cortez et al., "Resource Central", SOSP 2017, as processed by huaweicloud/trace_generation_rnn).
 * <ul>
 * <li>Every tenant request (a {@code |}-separated batch) goes to one of {@code subscriptions} subscriptions by a hash
 * of its position; subscription {@code i} belongs to group train, dev or test by {@code i mod 3} and to pay-as-you-go
 * (even) or monetary commitment (odd), in USD.</li>
 * <li>A VM runs from its arrival for its lifetime: the lifetime bin of the dev and test lifetime files, drawn uniformly
 * within the bin; a VM still running at the file's cut-off or in the last bin (20 days or more) runs to the end of the
 * trace. The train split has no lifetime file: its VMs draw a lifetime bin from the dev and test VMs of the same
 * flavour.</li>
 * <li>A flavour (vCPU, memory) is priced as a current Linux VM size in West Europe of the demo rate card: F-series v2
 * below 1.9 GB per vCPU, E-series v5 from 6 GB per vCPU, D-series v5 between; the smallest size with at least its
 * vCPUs, the quantity scaled by vCPUs / size vCPUs (a 1-vCPU VM counts half a 2-vCPU hour, a 16-vCPU E counts two
 * E8s hours).</li>
 * <li>The 30 days of the trace are the billing period November 2026 (trace second 0 is 2026-11-01T00:00Z).</li>
 * </ul>
 */
final class VmArrivalSeries {

    static final BillingPeriod MONTH = BillingPeriod.of(2026, 11);
    private static final long TRACE_SECONDS = 30L * 86_400;
    private static final String REGION = "westeurope";
    private static final String[] GROUPS = {"train", "dev", "test"};

    private VmArrivalSeries() {
    }

    record Flavour(int vcpus, double memoryGb) {
        String size() {
            double perCpu = memoryGb / vcpus;
            String family = perCpu < 1.9 ? "F" : perCpu < 6 ? "D" : "E";
            int[] sizes = family.equals("D") ? new int[] {2, 4, 8, 16} : new int[] {2, 4, 8};
            int size = sizes[sizes.length - 1];
            for (int s : sizes) {
                if (s >= vcpus) {
                    size = s;
                    break;
                }
            }
            return family + size + "s " + (family.equals("F") ? "v2" : "v5");
        }

        double factor() {
            String size = size();
            int sizeCpus = Integer.parseInt(size.substring(1, size.indexOf('s')));
            return (double) vcpus / sizeCpus;
        }
    }

    static List<BacktestSeries> build(Path dir, DemoHistory rates, int subscriptions, long seed) throws IOException {
        Map<Character, Flavour> flavours = flavours(dir.resolve("maps/flav_map.txt"));
        long[] binStart = binStarts(dir.resolve("maps/v1.interval_map.txt"));
        Map<Character, Integer> meterIndex = new LinkedHashMap<>();
        List<UUID> meters = new ArrayList<>();
        List<Double> factors = new ArrayList<>();
        Map<String, Integer> bySize = new HashMap<>();
        for (var f : flavours.entrySet()) {
            String size = f.getValue().size();
            Integer index = bySize.get(size + f.getValue().factor());
            if (index == null) {
                Meter meter = rates.vmMeter(REGION, size, false)
                        .orElseThrow(() -> new IllegalStateException("demo rate card has no " + size + " in " + REGION));
                index = meters.size();
                meters.add(meter.meterId());
                factors.add(f.getValue().factor());
                bySize.put(size + f.getValue().factor(), index);
            }
            meterIndex.put(f.getKey(), index);
        }
        double[][][] hours = new double[subscriptions][meters.size()][30];

        List<List<String>> dev = lines(dir.resolve("traces/v1.dev.txt"));
        List<List<String>> devLife = lines(dir.resolve("traces/v1.dev.c2100000.txt"));
        List<List<String>> test = lines(dir.resolve("traces/v1.test.txt"));
        List<List<String>> testLife = lines(dir.resolve("traces/v1.test.c2591400.txt"));
        Map<Character, List<String>> lifetimePool = new HashMap<>();
        pool(dev, devLife, lifetimePool);
        pool(test, testLife, lifetimePool);

        SplittableRandom random = new SplittableRandom(seed);
        replay(lines(dir.resolve("traces/v1.train.txt")), null, 0, lifetimePool, binStart, meterIndex, factors, hours,
                random, seed);
        replay(dev, devLife, 1, lifetimePool, binStart, meterIndex, factors, hours, random, seed);
        replay(test, testLife, 2, lifetimePool, binStart, meterIndex, factors, hours, random, seed);

        var usd = Currency.getInstance("USD");
        List<BacktestSeries> series = new ArrayList<>();
        for (int s = 0; s < subscriptions; s++) {
            String offer = s % 2 == 0 ? "MS-AZR-0003P" : "MS-AZR-0044P";
            UsageHistory history = new UsageHistory();
            for (int m = 0; m < meters.size(); m++) {
                for (int d = 0; d < 30; d++) {
                    if (hours[s][m][d] > 0) {
                        history.add(meters.get(m), MONTH.startDate().plusDays(d),
                                BigDecimal.valueOf(hours[s][m][d]).setScale(6, RoundingMode.HALF_UP));
                    }
                }
            }
            series.add(new BacktestSeries("vm-trace", GROUPS[s % 3], "vm-sub-" + s + " (" + offer + ")",
                    rates.priceList(new PriceListKey(offer, usd, "US")), rates.offer(offer), history,
                    List.of(MONTH)));
        }
        return series;
    }

    private static void replay(List<List<String>> arrivals, List<List<String>> lifetimes, int split,
            Map<Character, List<String>> pool, long[] binStart, Map<Character, Integer> meterIndex,
            List<Double> factors, double[][][] hours, SplittableRandom random, long seed) {
        int subscriptions = hours.length;
        for (int line = 0; line < arrivals.size(); line++) {
            List<String> tokens = arrivals.get(line);
            if (lifetimes != null && lifetimes.get(line).size() != tokens.size()) {
                throw new IllegalStateException("lifetime line " + (line + 1) + " does not match its arrival line");
            }
            long time = Long.parseLong(tokens.get(0));
            int batch = 0;
            for (int i = 1; i < tokens.size(); i++) {
                String token = tokens.get(i);
                if (token.equals("|")) {
                    batch++;
                    continue;
                }
                char flavour = token.charAt(0);
                String life = lifetimes != null ? lifetimes.get(line).get(i) : draw(pool.get(flavour), random);
                long end = end(time, life, binStart, random);
                int sub = Math.floorMod(mix(seed ^ ((long) split << 40) ^ ((long) line << 16) ^ batch), subscriptions);
                int meter = meterIndex.get(flavour);
                double factor = factors.get(meter);
                for (long from = time; from < end; ) {
                    int day = (int) (from / 86_400);
                    long to = Math.min(end, (day + 1) * 86_400L);
                    hours[sub][meter][day] += (to - from) / 3600.0 * factor;
                    from = to;
                }
            }
        }
    }

    private static String draw(List<String> pool, SplittableRandom random) {
        return pool == null || pool.isEmpty() ? "C" : pool.get(random.nextInt(pool.size()));
    }

    private static long end(long arrival, String life, long[] binStart, SplittableRandom random) {
        if (life.startsWith("C")) {
            return TRACE_SECONDS;
        }
        int bin = Integer.parseInt(life.substring(1));
        if (bin + 1 >= binStart.length) {
            return TRACE_SECONDS;
        }
        long lifetime = binStart[bin] + (long) (random.nextDouble() * (binStart[bin + 1] - binStart[bin]));
        return Math.min(TRACE_SECONDS, arrival + Math.max(lifetime, 60));
    }

    private static void pool(List<List<String>> arrivals, List<List<String>> lifetimes, Map<Character, List<String>> pool) {
        for (int line = 0; line < arrivals.size(); line++) {
            List<String> tokens = arrivals.get(line);
            for (int i = 1; i < tokens.size(); i++) {
                if (!tokens.get(i).equals("|")) {
                    pool.computeIfAbsent(tokens.get(i).charAt(0), c -> new ArrayList<>()).add(lifetimes.get(line).get(i));
                }
            }
        }
    }

    /** Each line as its time followed by its comma-separated tokens. */
    private static List<List<String>> lines(Path file) throws IOException {
        List<List<String>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            List<String> tokens = new ArrayList<>();
            tokens.add(line.substring(0, space));
            for (String t : line.substring(space + 1).split(",")) {
                if (!t.isEmpty()) {
                    tokens.add(t);
                }
            }
            lines.add(tokens);
        }
        return lines;
    }

    private static Map<Character, Flavour> flavours(Path file) throws IOException {
        Map<Character, Flavour> flavours = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("[ ,]");
            flavours.put(parts[2].charAt(0), new Flavour(Integer.parseInt(parts[0]), Double.parseDouble(parts[1])));
        }
        return flavours;
    }

    /** {@code result[k]} is the shortest lifetime in seconds of bin {@code k}. */
    private static long[] binStarts(Path file) throws IOException {
        List<Long> starts = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            int bin = Integer.parseInt(parts[1]);
            while (starts.size() <= bin) {
                starts.add(Long.parseLong(parts[0]));
            }
        }
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
