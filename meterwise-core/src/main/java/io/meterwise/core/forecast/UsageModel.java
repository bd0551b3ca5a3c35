package io.meterwise.core.forecast;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * The usage model of one meter's daily quantities (ADR 0027), in four steps:
 * <ol>
 * <li><b>Weekly seasonality.</b> Multiplicative day-of-week factors: the median (mean with fewer than three) ratio of a
 * day to the centred 7-day average around it, over the last eight weeks, shrunk towards 1 by {@code n / (n + 1)}
 * while fewer than four days {@code n} of that weekday were seen, normalised to average 1. A weekday whose ratio is
 * below 0.25 (a VM that runs on weekdays only) is not shrunk and is left out of the adjusted series: it says nothing
 * about the level. Dividing by the factors gives the adjusted series.</li>
 * <li><b>Step changes.</b> The adjusted series, detrended by its median day-to-day change, is searched for level shifts
 * (binary segmentation, latest regime first): a split whose mean difference over up to 7 days on each side exceeds
 * {@code stepThreshold} noise standard deviations (noise: MAD of day-to-day changes) and 5 % of the level starts a new
 * regime. Only the current regime is used from then on, so a resource created or deleted moves the forecast at once
 * and by its whole amount instead of being averaged over the month.</li>
 * <li><b>Level and damped trend.</b> The slope is the Theil-Sen median slope over the last {@code trendWindowDays} of
 * the regime (zero with fewer than 4 days); the level at the last day is the median of the last
 * {@code levelWindowDays} days moved to the last day along that slope. Day {@code h} ahead is
 * {@code (level + slope * (phi + ... + phi^h)) * seasonal(day)}, never below zero.</li>
 * <li><b>Uncertainty</b> of the remaining total: {@code sigma} the residual standard deviation around the fitted line
 * (at least {@code minRelativeNoise * level}); variance {@code H sigma^2} of the days themselves, plus
 * {@code (H sigma)^2 / k} for the level estimated from {@code k} days, plus the slope's standard error times the
 * summed damped steps, squared, plus {@code (trendUncertainty x the trend's contribution)^2} for a trend whose shape is
 * off (a ramp that levels out sooner or later than damped), plus the variance of step changes still to come at the
 * rate and size of those seen ({@link #futureStepVariance}); times {@code intervalScale^2}.</li>
 * </ol>
 */
final class UsageModel {

    private static final int SEASONAL_WEEKS = 8;
    private static final int STEP_SEARCH_DAYS = 56;
    private static final int STEP_SIDE_DAYS = 7;
    private static final double MIN_RELATIVE_STEP = 0.05;
    /** Weekdays this quiet (a VM that runs on weekdays only) carry no information on the level and are skipped. */
    private static final double MIN_INFORMATIVE_FACTOR = 0.25;

    private UsageModel() {
    }

    /** Expected quantity of each day ahead, and the standard deviation of their sum. */
    record Forecast(double[] expected, double totalSd) {
        double total() {
            double sum = 0;
            for (double v : expected) {
                sum += v;
            }
            return sum;
        }
    }

    /**
     * Forecasts {@code horizon} days after a history of daily quantities whose first day is {@code firstDay} (missing
     * days are zeros).
     */
    static Forecast forecast(LocalDate firstDay, double[] history, int horizon, ForecastSettings settings) {
        int n = history.length;
        if (horizon == 0) {
            return new Forecast(new double[0], 0);
        }
        if (n == 0) {
            return new Forecast(new double[horizon], 0);
        }
        double[] seasonal = weeklyFactors(firstDay, history);
        double[] adjusted = new double[n];
        int m = 0;
        for (int t = 0; t < n; t++) {
            double factor = seasonal[dayOfWeek(firstDay, t)];
            if (factor >= MIN_INFORMATIVE_FACTOR) {
                adjusted[m++] = history[t] / factor;
            }
        }
        if (m == 0) {
            return new Forecast(new double[horizon], 0);
        }
        adjusted = Arrays.copyOf(adjusted, m);
        n = m;
        int regimeStart = regimeStart(adjusted, settings.stepThreshold());
        int trendFrom = Math.max(regimeStart, n - settings.trendWindowDays());
        double[] window = Arrays.copyOfRange(adjusted, trendFrom, n);
        double slope = window.length >= 4 ? theilSenSlope(window) : 0;
        int k = Math.min(settings.levelWindowDays(), window.length);
        double[] movedToEnd = new double[k];
        for (int i = 0; i < k; i++) {
            int t = window.length - k + i;
            movedToEnd[i] = window[t] + slope * (window.length - 1 - t);
        }
        double level = median(movedToEnd);

        double phi = settings.trendDamping();
        double[] expected = new double[horizon];
        double damped = 0;
        double dampedSum = 0;
        double power = 1;
        for (int h = 0; h < horizon; h++) {
            power *= phi;
            damped += power;
            dampedSum += damped;
            double value = (level + slope * damped) * seasonal[dayOfWeek(firstDay, history.length + h)];
            expected[h] = Math.max(0, value);
        }

        double sse = 0;
        double sxx = 0;
        double centre = (window.length - 1) / 2.0;
        for (int t = 0; t < window.length; t++) {
            double fitted = level - slope * (window.length - 1 - t);
            sse += (window[t] - fitted) * (window[t] - fitted);
            sxx += (t - centre) * (t - centre);
        }
        double sigma = window.length > 2 ? Math.sqrt(sse / (window.length - 2)) : 0;
        sigma = Math.max(sigma, settings.minRelativeNoise() * Math.abs(level));
        double slopeSe = window.length >= 4 && sxx > 0 ? sigma / Math.sqrt(sxx) : 0;
        double trendShape = settings.trendUncertainty() * slope * dampedSum;
        double variance = horizon * sigma * sigma + (horizon * sigma) * (horizon * sigma) / k
                + (slopeSe * dampedSum) * (slopeSe * dampedSum) + trendShape * trendShape
                + futureStepVariance(adjusted, settings.stepThreshold(), horizon);
        double meanSeasonal = 0;
        for (int h = 0; h < horizon; h++) {
            meanSeasonal += seasonal[dayOfWeek(firstDay, history.length + h)] / horizon;
        }
        return new Forecast(expected, settings.intervalScale() * meanSeasonal * Math.sqrt(variance));
    }

    /**
     * Steps still to come: with {@code lambda} the share of past days that jumped (a day-to-day change beyond
     * {@code threshold} noise standard deviations) and {@code S^2} their mean squared size, a step on a uniformly
     * random remaining day moves every later day, so the total's variance is about
     * {@code lambda * S^2 * (1^2 + 2^2 + ... + H^2)}.
     */
    static double futureStepVariance(double[] adjusted, double threshold, int horizon) {
        int n = adjusted.length;
        if (n < 3) {
            return 0;
        }
        double[] diffs = new double[n - 1];
        for (int t = 1; t < n; t++) {
            diffs[t - 1] = adjusted[t] - adjusted[t - 1];
        }
        double drift = median(diffs.clone());
        double[] deviations = new double[diffs.length];
        for (int i = 0; i < diffs.length; i++) {
            deviations[i] = Math.abs(diffs[i] - drift);
        }
        double noise = 1.4826 * median(deviations.clone());
        double level = Math.abs(median(adjusted.clone()));
        int jumps = 0;
        double squares = 0;
        for (double deviation : deviations) {
            if (deviation > threshold * noise && deviation > MIN_RELATIVE_STEP * level) {
                jumps++;
                squares += deviation * deviation;
            }
        }
        if (jumps == 0) {
            return 0;
        }
        double rate = (double) jumps / diffs.length;
        double sumOfSquares = horizon * (horizon + 1.0) * (2 * horizon + 1.0) / 6;
        return rate * (squares / jumps) * sumOfSquares;
    }

    static int dayOfWeek(LocalDate firstDay, int offset) {
        return firstDay.plusDays(offset).getDayOfWeek().getValue() - 1;
    }

    /** Day-of-week factors (index 0 = Monday), averaging 1; all 1 when the history is too short to tell. */
    static double[] weeklyFactors(LocalDate firstDay, double[] y) {
        int n = y.length;
        int from = Math.max(3, n - 4 - 7 * SEASONAL_WEEKS);
        double[][] ratios = new double[7][SEASONAL_WEEKS + 2];
        int[] counts = new int[7];
        for (int t = from; t + 3 < n; t++) {
            double windowSum = 0;
            for (int i = t - 3; i <= t + 3; i++) {
                windowSum += y[i];
            }
            double average = windowSum / 7;
            int day = dayOfWeek(firstDay, t);
            if (average > 0 && counts[day] < ratios[day].length) {
                ratios[day][counts[day]++] = y[t] / average;
            }
        }
        double[] factors = new double[7];
        double sum = 0;
        for (int d = 0; d < 7; d++) {
            int c = counts[d];
            double raw = c == 0 ? 1 : c < 3 ? mean(ratios[d], c) : median(Arrays.copyOf(ratios[d], c));
            boolean quiet = c > 0 && raw < MIN_INFORMATIVE_FACTOR;
            factors[d] = quiet ? raw : Math.max(0, 1 + (raw - 1) * (c >= 4 ? 1 : c / (c + 1.0)));
            sum += factors[d];
        }
        for (int d = 0; d < 7; d++) {
            factors[d] = factors[d] * 7 / sum;
        }
        return factors;
    }

    /** The first day of the current regime: 0 unless a step change was found. */
    static int regimeStart(double[] adjusted, double threshold) {
        int n = adjusted.length;
        if (n < 3) {
            return 0;
        }
        double[] diffs = new double[n - 1];
        for (int t = 1; t < n; t++) {
            diffs[t - 1] = adjusted[t] - adjusted[t - 1];
        }
        double drift = median(diffs.clone());
        double[] deviations = new double[diffs.length];
        for (int i = 0; i < diffs.length; i++) {
            deviations[i] = Math.abs(diffs[i] - drift);
        }
        double largest = 0;
        for (double v : adjusted) {
            largest = Math.max(largest, Math.abs(v));
        }
        if (largest == 0) {
            return 0;
        }
        double noise = Math.max(1.4826 * median(deviations) / Math.sqrt(2), 1e-9 * largest);
        double[] detrended = new double[n];
        for (int t = 0; t < n; t++) {
            detrended[t] = adjusted[t] - drift * t;
        }
        int start = Math.max(0, n - STEP_SEARCH_DAYS);
        int regime = 0;
        while (true) {
            int best = -1;
            double bestScore = 0;
            for (int c = start + 2; c < n; c++) {
                int before = Math.min(STEP_SIDE_DAYS, c - start);
                int after = Math.min(STEP_SIDE_DAYS, n - c);
                double left = mean(detrended, c - before, c);
                double right = mean(detrended, c, c + after);
                double shift = Math.abs(right - left);
                double scale = Math.max(Math.abs(left), Math.abs(right));
                if (shift <= MIN_RELATIVE_STEP * scale) {
                    continue;
                }
                double score = shift / (noise * Math.sqrt(1.0 / before + 1.0 / after));
                if (score > threshold && score >= bestScore) {
                    best = c;
                    bestScore = score;
                }
            }
            if (best < 0) {
                return regime;
            }
            regime = best;
            start = best;
        }
    }

    static double theilSenSlope(double[] y) {
        int n = y.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int i = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                slopes[i++] = (y[b] - y[a]) / (b - a);
            }
        }
        return median(slopes);
    }

    static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static double mean(double[] values, int count) {
        return mean(values, 0, count);
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
