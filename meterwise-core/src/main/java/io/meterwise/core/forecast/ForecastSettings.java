package io.meterwise.core.forecast;

/**
 * Tuning of the usage model and of the prediction intervals (ADR 0027). The defaults were chosen on the train and dev
 * series of the backtest only.
 *
 * @param trendWindowDays most recent days (of the current regime) the trend is fitted on
 * @param levelWindowDays most recent days the level at the cut-off is taken from
 * @param trendDamping per-day damping factor of the trend in (0, 1]; 1 extrapolates the trend undamped
 * @param stepThreshold how many noise standard deviations a level shift must exceed to count as a step change
 * @param intervalScale inflation of the model's standard error, calibrating the intervals' coverage
 * @param trendUncertainty relative uncertainty of the trend's contribution to the remaining total (how far the
 *     trend's shape may be off, beyond the slope's sampling error)
 * @param meterCorrelation correlation of the forecast errors of two meters of one subscription, in [0, 1]
 * @param minRelativeNoise lower bound of the daily noise, relative to the level, for series too short to measure it
 * @param scenarios number of simulated usage paths priced to read the intervals from
 * @param seed seed of the simulation, so a forecast is reproducible
 */
public record ForecastSettings(int trendWindowDays, int levelWindowDays, double trendDamping, double stepThreshold,
        double intervalScale, double trendUncertainty, double meterCorrelation, double minRelativeNoise, int scenarios,
        long seed) {

    public ForecastSettings {
        if (trendWindowDays < 2 || levelWindowDays < 1) {
            throw new IllegalArgumentException("trend window must be at least 2 days and level window at least 1");
        }
        if (!(trendDamping > 0 && trendDamping <= 1)) {
            throw new IllegalArgumentException("trendDamping must be in (0, 1], was " + trendDamping);
        }
        if (!(stepThreshold > 0) || !(intervalScale > 0) || !(minRelativeNoise >= 0)
                || !(trendUncertainty >= 0)) {
            throw new IllegalArgumentException("stepThreshold and intervalScale must be positive, the others not negative");
        }
        if (!(meterCorrelation >= 0 && meterCorrelation <= 1)) {
            throw new IllegalArgumentException("meterCorrelation must be in [0, 1], was " + meterCorrelation);
        }
        if (scenarios < 40) {
            throw new IllegalArgumentException("at least 40 scenarios are needed for a 95 % interval");
        }
    }

    public static ForecastSettings defaults() {
        return new ForecastSettings(21, 7, 0.95, 6.0, 1.0, 1.0, 0.5, 0.02, 400, 20261202L);
    }

    public ForecastSettings withTrendDamping(double damping) {
        return new ForecastSettings(trendWindowDays, levelWindowDays, damping, stepThreshold, intervalScale,
                trendUncertainty, meterCorrelation, minRelativeNoise, scenarios, seed);
    }

    public ForecastSettings withIntervalScale(double scale) {
        return new ForecastSettings(trendWindowDays, levelWindowDays, trendDamping, stepThreshold, scale,
                trendUncertainty, meterCorrelation, minRelativeNoise, scenarios, seed);
    }

    public ForecastSettings withTrendUncertainty(double uncertainty) {
        return new ForecastSettings(trendWindowDays, levelWindowDays, trendDamping, stepThreshold, intervalScale,
                uncertainty, meterCorrelation, minRelativeNoise, scenarios, seed);
    }

    public ForecastSettings withScenarios(int count) {
        return new ForecastSettings(trendWindowDays, levelWindowDays, trendDamping, stepThreshold, intervalScale,
                trendUncertainty, meterCorrelation, minRelativeNoise, count, seed);
    }

    public ForecastSettings withMeterCorrelation(double correlation) {
        return new ForecastSettings(trendWindowDays, levelWindowDays, trendDamping, stepThreshold, intervalScale,
                trendUncertainty, correlation, minRelativeNoise, scenarios, seed);
    }
}
