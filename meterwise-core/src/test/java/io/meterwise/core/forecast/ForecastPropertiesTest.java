package io.meterwise.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.time.BillingPeriod;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class ForecastPropertiesTest {

    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 5);
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults();

    @Provide
    Arbitrary<List<Double>> histories() {
        Arbitrary<Double> day = Arbitraries.oneOf(Arbitraries.just(0.0),
                Arbitraries.doubles().between(0, 1000).ofScale(3));
        return day.list().ofMinSize(1).ofMaxSize(90);
    }

    @Property(tries = 300)
    void forecastsAreFiniteAndNeverNegative(@ForAll("histories") List<Double> history,
            @ForAll @IntRange(min = 1, max = 31) int horizon) {
        UsageModel.Forecast f = UsageModel.forecast(FIRST_DAY, toArray(history), horizon, SETTINGS);
        assertThat(f.expected()).hasSize(horizon);
        for (double v : f.expected()) {
            assertThat(v).isFinite().isGreaterThanOrEqualTo(0);
        }
        assertThat(f.totalSd()).isFinite().isGreaterThanOrEqualTo(0);
    }

    /** Counting usage in other units (hours or minutes, GB or MB) scales the forecast and nothing else. */
    @Property(tries = 200)
    void theForecastDoesNotDependOnTheUnit(@ForAll("histories") List<Double> history,
            @ForAll @DoubleRange(min = 0.01, max = 1000) double factor) {
        double[] base = toArray(history);
        double[] scaled = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            scaled[i] = base[i] * factor;
        }
        UsageModel.Forecast f = UsageModel.forecast(FIRST_DAY, base, 14, SETTINGS);
        UsageModel.Forecast g = UsageModel.forecast(FIRST_DAY, scaled, 14, SETTINGS);
        for (int h = 0; h < 14; h++) {
            assertThat(g.expected()[h]).isCloseTo(f.expected()[h] * factor,
                    org.assertj.core.data.Offset.offset(1e-6 * (1 + f.expected()[h] * factor)));
        }
        assertThat(g.totalSd()).isCloseTo(f.totalSd() * factor,
                org.assertj.core.data.Offset.offset(1e-6 * (1 + f.totalSd() * factor)));
    }

    /**
     * Without terms, usage to come can only add to the bill: every bound is at least what was spent, the bounds nest,
     * and the expected total lies within the 95 % interval.
     */
    @Property(tries = 40)
    void boundsNestAndNeverFallBelowTheSpendSoFar(@ForAll("histories") List<Double> vmHours,
            @ForAll("histories") List<Double> transferGb, @ForAll @IntRange(min = 1, max = 27) int cutoffDay) {
        UsageHistory history = new UsageHistory();
        LocalDate cutoff = LocalDate.of(2026, 3, 1).plusDays(cutoffDay);
        add(history, CatalogFixtures.VM_D2_HOURS, vmHours, cutoff);
        add(history, CatalogFixtures.DATA_TRANSFER_OUT_GB, transferGb, cutoff);
        BillForecast f = new BillForecaster(SETTINGS.withScenarios(60)).forecast(CatalogFixtures.usdPriceList(),
                CatalogFixtures.payAsYouGo(), BillingPeriod.of(2026, 3), cutoff, history);

        assertThat(f.actualToDate().compareAmount(f.lower95())).isLessThanOrEqualTo(0);
        assertThat(f.actualToDate().compareAmount(f.expected())).isLessThanOrEqualTo(0);
        assertThat(f.lower95().compareAmount(f.lower80())).isLessThanOrEqualTo(0);
        assertThat(f.lower80().compareAmount(f.upper80())).isLessThanOrEqualTo(0);
        assertThat(f.upper80().compareAmount(f.upper95())).isLessThanOrEqualTo(0);
    }

    /** The history ends the day before the cut-off. */
    private static void add(UsageHistory history, java.util.UUID meter, List<Double> days, LocalDate cutoff) {
        for (int i = 0; i < days.size(); i++) {
            history.add(meter, cutoff.minusDays(days.size() - i), BigDecimal.valueOf(days.get(i)));
        }
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
