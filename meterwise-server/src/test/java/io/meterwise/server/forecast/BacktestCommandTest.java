package io.meterwise.server.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.meterwise.core.forecast.BillForecaster;
import io.meterwise.core.forecast.ForecastSettings;

class BacktestCommandTest {

    @Test
    void printsMapeAndCoverageOfModelAndRunRatePerCutoffDay() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BacktestCommand.run(new String[] {"backtest", "--demo-scale", "0.05", "--scenarios", "60"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("MAPE model", "MAPE rrate", "cov80 mod", "cov95 mod", "cov80 rr", "cov95 rr");
        assertThat(printed.lines().filter(l -> l.startsWith("demo ")).map(l -> l.split("\\s+")[2]).toList())
                .containsExactly("7", "14", "21");
    }

    @Test
    void eachForecastIsComparedWithTheRatedTotalOfItsWholePeriod() {
        List<BacktestSeries> series = BacktestCommand.demoSeries(0.05).subList(0, 3);
        List<Backtest.Outcome> outcomes = new Backtest(new BillForecaster(ForecastSettings.defaults()
                .withScenarios(60))).run(series);

        assertThat(outcomes).hasSize(3 * 3 * 3);
        for (Backtest.Outcome o : outcomes) {
            var rated = io.meterwise.core.rating.Rater.forPeriod(seriesNamed(series, o.series()).prices(),
                    seriesNamed(series, o.series()).offer(), o.period());
            var history = seriesNamed(series, o.series()).history();
            for (var meter : history.meterIds()) {
                history.days(meter, o.period().startDate(), o.period().endDate()).forEach((day, q) -> rated.add(meter,
                        day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), q));
            }
            assertThat(o.actual()).isEqualByComparingTo(rated.result().total().amount());
            assertThat(o.model().cutoff()).isEqualTo(o.period().startDate().plusDays(o.cutoffDay()));
        }
        List<Backtest.Summary> summaries = Backtest.summarize(outcomes);
        assertThat(summaries).extracting(Backtest.Summary::cutoffDay).containsExactly(7, 14, 21);
        assertThat(summaries).allSatisfy(s -> assertThat(s.forecasts()).isEqualTo(9));
    }

    @Test
    void refusesUnknownArguments() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BacktestCommand.run(new String[] {"backtest", "--bogus"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--bogus'", "usage: backtest");
    }

    private static BacktestSeries seriesNamed(List<BacktestSeries> series, String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
