package io.meterwise.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class UsageModelTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults();

    @Test
    void aConstantSeriesStaysConstantWithANarrowSpread() {
        double[] history = filled(35, 24);
        UsageModel.Forecast f = UsageModel.forecast(MONDAY, history, 10, SETTINGS);
        assertThat(f.expected()).containsOnly(24.0);
        assertThat(f.totalSd()).isLessThan(0.1 * f.total());
    }

    @Test
    void weekendsKeepTheirOwnLevel() {
        double[] history = new double[56];
        for (int t = 0; t < history.length; t++) {
            history[t] = isWeekend(MONDAY.plusDays(t)) ? 50 : 100;
        }
        UsageModel.Forecast f = UsageModel.forecast(MONDAY, history, 14, SETTINGS);
        for (int h = 0; h < 14; h++) {
            double expected = isWeekend(MONDAY.plusDays(56 + h)) ? 50 : 100;
            assertThat(f.expected()[h]).as("day %d", h).isCloseTo(expected, within(expected * 0.04));
        }
    }

    @Test
    void aResourceCreatedAFewDaysAgoCountsWhollyFromNowOn() {
        double[] history = filled(33, 10);
        Arrays.fill(history, 30, 33, 34);
        UsageModel.Forecast f = UsageModel.forecast(MONDAY, history, 10, SETTINGS);
        for (double v : f.expected()) {
            assertThat(v).isCloseTo(34, within(0.5));
        }
    }

    @Test
    void aDeletedResourceIsForecastAtZero() {
        double[] history = filled(30, 24);
        Arrays.fill(history, 27, 30, 0);
        UsageModel.Forecast f = UsageModel.forecast(MONDAY, history, 10, SETTINGS);
        assertThat(f.total()).isLessThan(1e-6);
        assertThat(UsageModel.regimeStart(history, SETTINGS.stepThreshold())).isEqualTo(27);
    }

    @Test
    void aTrendContinuesDamped() {
        double[] history = new double[28];
        for (int t = 0; t < history.length; t++) {
            history[t] = 100 + 2 * t + ((t * 7) % 5 - 2) * 0.5;
        }
        UsageModel.Forecast f = UsageModel.forecast(MONDAY, history, 10, SETTINGS);
        double last = 100 + 2 * 27;
        assertThat(f.expected()[0]).isCloseTo(last + 2 * SETTINGS.trendDamping(), within(1.5));
        assertThat(f.expected()[9]).isGreaterThan(f.expected()[0]).isLessThan(last + 2 * 10);
    }

    @Test
    void machinesThatRunOnWeekdaysOnlyKeepTheirLevelAfterAWeekend() {
        double[] history = new double[27]; // Monday 2 March to Saturday-Sunday 28-29 March: ends on a Sunday
        for (int t = 0; t < history.length; t++) {
            history[t] = isWeekend(MONDAY.plusDays(t)) ? 0 : 12;
        }
        UsageModel.Forecast f = UsageModel.forecast(MONDAY, history, 7, SETTINGS);
        for (int h = 0; h < 7; h++) {
            LocalDate day = MONDAY.plusDays(27 + h);
            assertThat(f.expected()[h]).as(day.toString()).isCloseTo(isWeekend(day) ? 0 : 12, within(1.5));
        }
    }

    @Test
    void noHistoryForecastsNothing() {
        UsageModel.Forecast f = UsageModel.forecast(MONDAY, new double[0], 5, SETTINGS);
        assertThat(f.expected()).containsOnly(0);
        assertThat(f.totalSd()).isZero();
    }

    private static double[] filled(int days, double value) {
        double[] values = new double[days];
        Arrays.fill(values, value);
        return values;
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
