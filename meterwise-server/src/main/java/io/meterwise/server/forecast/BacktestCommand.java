package io.meterwise.server.forecast;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.forecast.BillForecaster;
import io.meterwise.core.forecast.ForecastSettings;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.demo.DemoHistory;

/**
 * {@code backtest [--trace-dir <azure-vm-arrivals-2017>] [--groups train,dev,test] [--vm-subscriptions 60]
 * [--demo-scale 1.0] [--no-demo] [--damping x] [--interval-scale x] [--trend-uncertainty x] [--correlation x]
 * [--scenarios n] [--verbose]}: replays the
 * demo subscriptions (September to November 2026) and, with {@code --trace-dir}, series derived from the Azure VM
 * arrival trace, forecasting each period's total at cut-off days 7, 14 and 21; prints MAPE and interval coverage of the
 * model and of the run-rate baseline per cut-off day. Needs no store and no server.
 */
public final class BacktestCommand {

    static final long DEMO_SEED = 20261129L;
    static final Instant DEMO_NOW = Instant.parse("2026-12-05T00:00:00Z");
    static final List<BillingPeriod> DEMO_PERIODS = List.of(BillingPeriod.of(2026, 9), BillingPeriod.of(2026, 10),
            BillingPeriod.of(2026, 11));

    private BacktestCommand() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && args[0].equals("backtest");
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path traceDir = null;
        Set<String> groups = Set.of("train", "dev", "test");
        int vmSubscriptions = 60;
        double demoScale = 1.0;
        boolean verbose = false;
        boolean demo = true;
        ForecastSettings settings = ForecastSettings.defaults();
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                boolean hasValue = i + 1 < args.length;
                switch (a) {
                    case "--trace-dir" -> traceDir = Path.of(value(args, ++i, a));
                    case "--groups" -> groups = Set.of(value(args, ++i, a).split(","));
                    case "--vm-subscriptions" -> vmSubscriptions = Integer.parseInt(value(args, ++i, a));
                    case "--demo-scale" -> demoScale = Double.parseDouble(value(args, ++i, a));
                    case "--no-demo" -> demo = false;
                    case "--damping" -> settings = settings.withTrendDamping(Double.parseDouble(value(args, ++i, a)));
                    case "--interval-scale" ->
                        settings = settings.withIntervalScale(Double.parseDouble(value(args, ++i, a)));
                    case "--correlation" ->
                        settings = settings.withMeterCorrelation(Double.parseDouble(value(args, ++i, a)));
                    case "--trend-uncertainty" ->
                        settings = settings.withTrendUncertainty(Double.parseDouble(value(args, ++i, a)));
                    case "--scenarios" -> settings = settings.withScenarios(Integer.parseInt(value(args, ++i, a)));
                    case "--verbose" -> verbose = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'"
                            + (hasValue ? "" : ""));
                }
            }
            if (traceDir != null && !Files.isDirectory(traceDir.resolve("traces"))) {
                throw new IllegalArgumentException(traceDir + " has no traces/ folder");
            }
            if (vmSubscriptions < 3 || !(demoScale > 0 && demoScale <= 1)) {
                throw new IllegalArgumentException("--vm-subscriptions must be at least 3, --demo-scale in (0, 1]");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage: backtest [--trace-dir <dir>] [--groups train,dev,test] [--vm-subscriptions n] "
                    + "[--demo-scale x] [--no-demo] [--damping x] [--interval-scale x] [--trend-uncertainty x] "
                    + "[--correlation x] [--scenarios n] [--verbose]");
            return 2;
        }
        try {
            List<BacktestSeries> series = new ArrayList<>();
            if (demo) {
                series.addAll(demoSeries(demoScale));
            }
            if (traceDir != null) {
                DemoHistory rates = DemoHistory.rateCardsOnly(DEMO_SEED, DEMO_NOW, 3);
                for (BacktestSeries s : VmArrivalSeries.build(traceDir, rates, vmSubscriptions, DEMO_SEED)) {
                    if (groups.contains(s.group())) {
                        series.add(s);
                    }
                }
            }
            List<Backtest.Outcome> outcomes = new Backtest(new BillForecaster(settings)).run(series);
            print(settings, outcomes, verbose, out);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("backtest failed: " + e);
            return 1;
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    static List<BacktestSeries> demoSeries(double scale) {
        DemoHistory demo = DemoHistory.generate(DEMO_SEED, DEMO_NOW, 3, scale);
        List<BacktestSeries> series = new ArrayList<>();
        for (var entry : demo.usage().entrySet()) {
            Subscription sub = entry.getKey();
            series.add(new BacktestSeries("demo", "all", sub.displayName() + " (" + sub.offerDurableId() + ", "
                    + sub.currency() + ")", demo.priceList(sub.priceListKey()), demo.offer(sub.offerDurableId()),
                    entry.getValue(), DEMO_PERIODS));
        }
        return series;
    }

    static void print(ForecastSettings settings, List<Backtest.Outcome> outcomes, boolean verbose, PrintStream out) {
        out.printf(Locale.ROOT, "Backtest: cut-off day D = usage of days 1..D known; forecast of the period total "
                + "against its rated actual.%nModel settings: damping %.2f, interval scale %.2f, trend uncertainty %.2f, "
                + "meter correlation %.2f, %d scenarios%n", settings.trendDamping(), settings.intervalScale(),
                settings.trendUncertainty(), settings.meterCorrelation(), settings.scenarios());
        if (verbose) {
            for (Backtest.Outcome o : outcomes) {
                var f = o.model();
                out.printf(Locale.ROOT, "%-8s %-5s %-55s %s day %2d actual %12s model %12s [%s, %s] run-rate %12s%n",
                        o.set(), o.group(), o.series(), o.period().month(), o.cutoffDay(), o.actual().toPlainString(),
                        f.expected().amount().toPlainString(), f.lower80().amount().toPlainString(),
                        f.upper80().amount().toPlainString(), o.runRate().point().toPlainString());
            }
        }
        out.printf(Locale.ROOT, "%-8s %-5s %6s %5s | %10s %10s %9s | %9s %9s | %9s %9s%n", "set", "group", "cutoff",
                "n", "MAPE model", "MAPE rrate", "reduction", "cov80 mod", "cov95 mod", "cov80 rr", "cov95 rr");
        for (Backtest.Summary s : Backtest.summarize(outcomes)) {
            out.printf(Locale.ROOT, "%-8s %-5s %6d %5d | %9.2f%% %9.2f%% %8.1f%% | %8.1f%% %8.1f%% | %8.1f%% %8.1f%%%n",
                    s.set(), s.group(), s.cutoffDay(), s.forecasts(), s.modelMape(), s.runRateMape(), s.reduction(),
                    s.modelCoverage80(), s.modelCoverage95(), s.runRateCoverage80(), s.runRateCoverage95());
        }
    }
}
