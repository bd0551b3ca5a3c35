package io.meterwise.core.forecast;

import static io.meterwise.core.testing.CatalogFixtures.DATA_TRANSFER_OUT_GB;
import static io.meterwise.core.testing.CatalogFixtures.PRICES_FROM;
import static io.meterwise.core.testing.CatalogFixtures.USD;
import static io.meterwise.core.testing.CatalogFixtures.VM_D2_HOURS;
import static io.meterwise.core.testing.CatalogFixtures.tiers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.money.Money;
import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.time.BillingPeriod;

class BillForecasterTest {

    private static final BillingPeriod MARCH = BillingPeriod.of(2026, 3);
    private static final Instant MID_MARCH = Instant.parse("2026-03-15T00:00:00Z");
    private final BillForecaster forecaster = new BillForecaster(ForecastSettings.defaults());

    /**
     * 72 VM hours and 500 GB a day, every day: the forecast must be the invoice of the whole month, computed here by
     * hand. The VM price rises 25 % on 15 March (a price version still ahead at the cut-off), transfer crosses its
     * 10,240 GB tier after its 5 GB included, and a 100 USD credit is used up in the first days. The run-rate, seeing
     * a bill of zero after a week, says zero.
     */
    @Test
    void constantUsageIsForecastAsItsInvoiceWithTiersIncludedQuantityPriceChangesAndCredit() {
        PriceList prices = PriceList.of(CatalogFixtures.usdUs("MS-AZR-0023P"), List.of(
                MeterPrice.flat(VM_D2_HOURS, PRICES_FROM, new BigDecimal("0.096")),
                MeterPrice.flat(VM_D2_HOURS, MID_MARCH, new BigDecimal("0.12")),
                new MeterPrice(DATA_TRANSFER_OUT_GB, PRICES_FROM, new BigDecimal("5"),
                        tiers("0", "0.087", "10240", "0.083"))));
        Offer offer = CatalogFixtures.offerWith(new OfferTerm.MonetaryCredit(PRICES_FROM, Money.exact("1000", "USD"),
                Set.of()));
        UsageHistory history = new UsageHistory();
        for (LocalDate day = LocalDate.of(2026, 2, 1); day.isBefore(LocalDate.of(2026, 3, 8)); day = day.plusDays(1)) {
            history.add(VM_D2_HOURS, day, new BigDecimal("72"));
            history.add(DATA_TRANSFER_OUT_GB, day, new BigDecimal("500"));
        }

        BillForecast f = forecaster.forecast(prices, offer, MARCH, LocalDate.of(2026, 3, 8), history);

        // VM: 14 days x 72 h x 0.096 = 96.768 -> 96.77; 17 days x 72 h x 0.12 = 146.88
        // transfer: 15,500 GB, 5 included, billable 15,495: 10,240 x 0.087 = 890.88; 5,255 x 0.083 = 436.165 -> 436.17
        // usage 1,570.69, credit -1,000.00
        BigDecimal invoice = new BigDecimal("96.77").add(new BigDecimal("146.88")).add(new BigDecimal("890.88"))
                .add(new BigDecimal("436.17")).subtract(new BigDecimal("1000.00"));
        assertThat(f.expected().amount()).isEqualByComparingTo(invoice);
        assertThat(f.actualToDate().amount()).isEqualByComparingTo("0.00");
        assertThat(RunRate.of(f.actualToDate(), f.elapsedDays(), 31).amount()).isEqualByComparingTo("0.00");
        assertThat(f.remainingUsage().get(VM_D2_HOURS)).isEqualByComparingTo("1728");
    }

    @Test
    void dailyCostsAddUpAndTheIntervalsNest() {
        UsageHistory history = noisyHistory();
        BillForecast f = forecaster.forecast(CatalogFixtures.usdPriceList(), CatalogFixtures.offerWithTerms(), MARCH,
                LocalDate.of(2026, 3, 15), history);

        assertThat(f.dailyCost()).hasSize(17);
        Money sum = f.actualToDate();
        for (Money day : f.dailyCost()) {
            sum = sum.plus(day);
        }
        assertThat(sum).isEqualTo(f.expected());
        assertThat(f.lower95().compareAmount(f.lower80())).isLessThanOrEqualTo(0);
        assertThat(f.lower80().compareAmount(f.upper80())).isLessThan(0);
        assertThat(f.upper80().compareAmount(f.upper95())).isLessThanOrEqualTo(0);
        assertThat(f.lower80().compareAmount(f.expected())).isLessThanOrEqualTo(0);
        assertThat(f.expected().compareAmount(f.upper80())).isLessThanOrEqualTo(0);
    }

    @Test
    void theSameInputGivesTheSameForecast() {
        BillForecast first = forecaster.forecast(CatalogFixtures.usdPriceList(), CatalogFixtures.payAsYouGo(), MARCH,
                LocalDate.of(2026, 3, 10), noisyHistory());
        BillForecast second = forecaster.forecast(CatalogFixtures.usdPriceList(), CatalogFixtures.payAsYouGo(), MARCH,
                LocalDate.of(2026, 3, 10), noisyHistory());
        assertThat(second).isEqualTo(first);
    }

    @Test
    void usageOnOrAfterTheCutoffIsIgnored() {
        UsageHistory history = noisyHistory();
        BillForecast before = forecaster.forecast(CatalogFixtures.usdPriceList(), CatalogFixtures.payAsYouGo(), MARCH,
                LocalDate.of(2026, 3, 10), history);
        history.add(VM_D2_HOURS, LocalDate.of(2026, 3, 12), new BigDecimal("100000"));
        BillForecast after = forecaster.forecast(CatalogFixtures.usdPriceList(), CatalogFixtures.payAsYouGo(), MARCH,
                LocalDate.of(2026, 3, 10), history);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aCutoffOutsideThePeriodIsRefused() {
        assertThatThrownBy(() -> forecaster.forecast(CatalogFixtures.usdPriceList(), CatalogFixtures.payAsYouGo(),
                MARCH, LocalDate.of(2026, 2, 28), new UsageHistory())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> forecaster.forecast(CatalogFixtures.usdPriceList(), CatalogFixtures.payAsYouGo(),
                MARCH, LocalDate.of(2026, 4, 2), new UsageHistory())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atThePeriodStartTheWholePeriodIsForecastFromThePeriodsBefore() {
        UsageHistory february = new UsageHistory();
        for (LocalDate day = LocalDate.of(2026, 2, 1); day.isBefore(LocalDate.of(2026, 3, 1)); day = day.plusDays(1)) {
            february.add(VM_D2_HOURS, day, new BigDecimal("24"));
        }
        BillForecast f = forecaster.forecast(CatalogFixtures.usdPriceList(), CatalogFixtures.payAsYouGo(), MARCH,
                LocalDate.of(2026, 3, 1), february);
        assertThat(f.actualToDate().amount()).isZero();
        assertThat(f.dailyCost()).hasSize(31);
        assertThat(f.remainingUsage().get(VM_D2_HOURS)).isEqualByComparingTo("744");
        assertThat(f.averageUnitPrices().get(VM_D2_HOURS)).isPositive();
    }

    @Test
    void atThePeriodEndTheForecastIsTheActual() {
        BillForecast f = forecaster.forecast(CatalogFixtures.usdPriceList(), CatalogFixtures.payAsYouGo(), MARCH,
                LocalDate.of(2026, 4, 1), noisyHistory());
        assertThat(f.expected()).isEqualTo(f.actualToDate());
        assertThat(f.upper95()).isEqualTo(f.actualToDate());
        assertThat(f.lower95()).isEqualTo(f.actualToDate());
        assertThat(f.actualToDate().currency()).isEqualTo(USD);
    }

    @Test
    void runRateScalesSpendByElapsedDays() {
        assertThat(RunRate.of(Money.exact("70", "USD"), 7, 30)).isEqualTo(Money.exact("300", "USD"));
        assertThat(RunRate.of(Money.exact("10", "USD"), 3, 31)).isEqualTo(Money.exact("103.33", "USD"));
        assertThatThrownBy(() -> RunRate.of(Money.exact("10", "USD"), 0, 31))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static UsageHistory noisyHistory() {
        UsageHistory history = new UsageHistory();
        int i = 0;
        for (LocalDate day = LocalDate.of(2026, 2, 1); day.isBefore(LocalDate.of(2026, 4, 1)); day = day.plusDays(1)) {
            history.add(VM_D2_HOURS, day, BigDecimal.valueOf(40 + (i * 37) % 11));
            history.add(DATA_TRANSFER_OUT_GB, day, BigDecimal.valueOf(300 + (i * 53) % 97));
            i++;
        }
        return history;
    }
}
