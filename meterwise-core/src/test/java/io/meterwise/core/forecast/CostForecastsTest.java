package io.meterwise.core.forecast;

import static io.meterwise.core.testing.CatalogFixtures.DATA_TRANSFER_OUT_GB;
import static io.meterwise.core.testing.CatalogFixtures.USD;
import static io.meterwise.core.testing.CatalogFixtures.VM_D2_HOURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.cost.CostFilter;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.CostQuery;
import io.meterwise.core.cost.CostTable;
import io.meterwise.core.cost.Dimension;
import io.meterwise.core.cost.Grouping;
import io.meterwise.core.cost.InvalidCostQuery;
import io.meterwise.core.cost.Metric;
import io.meterwise.core.cost.PeriodCharges;
import io.meterwise.core.cost.PeriodUsage;
import io.meterwise.core.cost.TimeGrain;
import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.testing.InMemoryCatalogStore;
import io.meterwise.core.testing.UsageRecords;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;

class CostForecastsTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Instant FEBRUARY = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant TODAY = Instant.parse("2026-03-10T00:00:00Z");
    private static final Instant MARCH_END = Instant.parse("2026-04-01T00:00:00Z");
    private static final UUID PAYG = UUID.fromString("5b0e1f7a-0000-4000-8000-0000000000f1");
    private static final UUID TERMS = UUID.fromString("5b0e1f7a-0000-4000-8000-0000000000f2");

    private final InMemoryCatalogStore catalog = new InMemoryCatalogStore();
    private final List<UsageRecord> records = new ArrayList<>();
    private final BillForecaster forecaster = new BillForecaster(ForecastSettings.defaults());
    private CostQueries queries;
    private CostForecasts forecasts;

    @BeforeEach
    void setUp() {
        CatalogFixtures.meters().forEach(catalog::putMeter);
        catalog.putOffer(CatalogFixtures.payAsYouGo());
        catalog.putOffer(CatalogFixtures.offerWithTerms());
        for (String offer : List.of(CatalogFixtures.PAY_AS_YOU_GO_ID, CatalogFixtures.DEV_TEST_ID)) {
            var prices = CatalogFixtures.priceList(CatalogFixtures.usdUs(offer));
            for (UUID meter : prices.meterIds()) {
                for (MeterPrice price : prices.versions(meter)) {
                    catalog.addPriceVersion(CatalogFixtures.usdUs(offer), price);
                }
            }
        }
        catalog.putSubscription(new Subscription(PAYG, "payg", SubscriptionState.ENABLED,
                CatalogFixtures.PAY_AS_YOU_GO_ID, USD, "US", "t"));
        catalog.putSubscription(new Subscription(TERMS, "terms", SubscriptionState.ENABLED,
                CatalogFixtures.DEV_TEST_ID, USD, "US", "t"));
        PeriodUsage usage = new ListUsage(records);
        queries = new CostQueries(catalog, new PeriodCharges(catalog, new NoInvoices(), usage));
        forecasts = new CostForecasts(catalog, usage, queries, forecaster);
        // web: 10 VM hours a day and 200 GB out; api: 30 VM hours a day; from 1 February to yesterday
        for (UUID sub : List.of(PAYG, TERMS)) {
            for (Instant day = FEBRUARY; day.isBefore(TODAY); day = day.plusSeconds(86_400)) {
                records.add(record(sub, "web", VM_D2_HOURS, "10", day));
                records.add(record(sub, "web", DATA_TRANSFER_OUT_GB, "200", day));
                records.add(record(sub, "api", VM_D2_HOURS, "30", day));
            }
        }
    }

    @Test
    void actualRowsAreTheQueryRowsAndActualPlusForecastIsTheForecastBillTermsIncluded() {
        CostTable table = forecasts.forecast(request(TERMS, null, List.of(), null, true, false), NOW);
        assertThat(table.columns().stream().map(CostTable.Column::name)).containsExactly("Cost", "UsageDate",
                "CostStatus", "Currency", "CostLower80", "CostUpper80", "CostLower95", "CostUpper95");
        List<List<Object>> actual = table.rows().stream().filter(r -> r.get(2).equals("Actual")).toList();
        List<List<Object>> forecast = table.rows().stream().filter(r -> r.get(2).equals("Forecast")).toList();
        assertThat(actual).hasSize(9);
        assertThat(forecast).hasSize(22);
        assertThat(forecast.get(0).get(1)).isEqualTo(20260310L);
        assertThat(forecast.get(21).get(1)).isEqualTo(20260331L);

        CostTable query = queries.run(new CostQuery(TERMS, null, Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-10T00:00:00Z"), TimeGrain.DAILY, List.of(Metric.COST), List.of(), null));
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).get(0)).isEqualTo(query.rows().get(i).get(0));
            assertThat(actual.get(i).get(1)).isEqualTo(query.rows().get(i).get(1));
        }

        BillForecast bill = forecaster.forecast(CatalogFixtures.priceList(CatalogFixtures.usdUs(
                CatalogFixtures.DEV_TEST_ID)), CatalogFixtures.offerWithTerms(), BillingPeriod.of(2026, 3),
                LocalDate.of(2026, 3, 10), history(TERMS));
        assertThat(sum(actual, 0)).isEqualByComparingTo(bill.actualToDate().amount());
        assertThat(sum(actual, 0).add(sum(forecast, 0))).isEqualByComparingTo(bill.expected().amount());
        assertThat(sum(actual, 0).add(sum(forecast, 4))).isEqualByComparingTo(bill.lower80().amount());
        assertThat(sum(actual, 0).add(sum(forecast, 7))).isEqualByComparingTo(bill.upper95().amount());
        // each column is rounded on its own (so that it adds up): within a row the order holds to the cent
        BigDecimal cent = new BigDecimal("0.01");
        for (List<Object> row : forecast) {
            BigDecimal cost = (BigDecimal) row.get(0);
            assertThat((BigDecimal) row.get(6)).isLessThanOrEqualTo(((BigDecimal) row.get(4)).add(cent));
            assertThat((BigDecimal) row.get(4)).isLessThanOrEqualTo(cost.add(cent));
            assertThat(cost).isLessThanOrEqualTo(((BigDecimal) row.get(5)).add(cent));
            assertThat((BigDecimal) row.get(5)).isLessThanOrEqualTo(((BigDecimal) row.get(7)).add(cent));
        }
        for (List<Object> row : actual) {
            assertThat(row.subList(4, 8)).containsOnly(row.get(0));
        }
    }

    @Test
    void fromThePeriodsFirstDayTheForecastRowsAreTheWholeForecastBillRecurringChargeIncluded() {
        Instant firstOfMarch = Instant.parse("2026-03-01T08:00:00Z");
        CostTable table = forecasts.forecast(request(TERMS, null, List.of(), null, false, false), firstOfMarch);
        assertThat(table.rows()).hasSize(31);
        UsageHistory february = new UsageHistory();
        records.stream().filter(r -> r.subscriptionId().equals(TERMS) && r.usageStart().isBefore(
                Instant.parse("2026-03-01T00:00:00Z"))).forEach(february::add);
        BillForecast bill = forecaster.forecast(CatalogFixtures.priceList(CatalogFixtures.usdUs(
                CatalogFixtures.DEV_TEST_ID)), CatalogFixtures.offerWithTerms(), BillingPeriod.of(2026, 3),
                LocalDate.of(2026, 3, 1), february);
        assertThat(bill.actualToDate().amount()).isEqualByComparingTo("10");
        assertThat(sum(table.rows(), 0)).isEqualByComparingTo(bill.expected().amount());
        assertThat(sum(table.rows(), 7)).isEqualByComparingTo(bill.upper95().amount());
    }

    @Test
    void groupsAreForecastFromTheirOwnUsageAtTheMetersForecastAveragePrice() {
        CostTable table = forecasts.forecast(request(PAYG, null, List.of(new Grouping.ByDimension(
                Dimension.RESOURCE_GROUP)), null, false, false), NOW);
        assertThat(table.columns().stream().map(CostTable.Column::name)).startsWith("Cost", "ResourceGroup",
                "UsageDate", "CostStatus", "Currency");
        Map<String, BigDecimal> perGroup = new HashMap<>();
        table.rows().forEach(r -> perGroup.merge((String) r.get(1), (BigDecimal) r.get(0), BigDecimal::add));
        // 22 days of 30 hours at 0.096
        assertThat(perGroup.get("api")).isEqualByComparingTo("63.36");
        // flat usage, so each group's usage forecast is exact; but groups are priced at the period's average unit
        // price, in which the 5 GB included quantity used up on 1 March is spread over the month, while the
        // subscription's forecast days are priced at the margin: 5 GB x 0.087 x 22/31 = 0.31 apart
        BigDecimal total = sum(forecasts.forecast(request(PAYG, null, List.of(), null, false, false), NOW).rows(), 0);
        assertThat(total.subtract(perGroup.get("api").add(perGroup.get("web")))).isEqualByComparingTo("0.31");

        CostFilter web = new CostFilter.DimensionIn(Dimension.RESOURCE_GROUP, Set.of("WEB"));
        BigDecimal filtered = sum(forecasts.forecast(request(PAYG, null, List.of(), web, false, false), NOW).rows(),
                0);
        assertThat(filtered).isEqualByComparingTo(perGroup.get("web"));
        BigDecimal scoped = sum(forecasts.forecast(request(PAYG, "web", List.of(), null, false, false), NOW).rows(),
                0);
        assertThat(scoped).isEqualByComparingTo(perGroup.get("web"));
    }

    @Test
    void freshPartialCostReportsTodayAsActual() {
        records.add(record(PAYG, "api", VM_D2_HOURS, "5", Instant.parse("2026-03-10T01:00:00Z")));
        CostTable table = forecasts.forecast(new CostForecastRequest(PAYG, null, Instant.parse(
                "2026-03-09T00:00:00Z"), Instant.parse("2026-03-12T00:00:00Z"), List.of(Metric.PRE_TAX_COST),
                List.of(), null, true, true), NOW);
        assertThat(table.rows().stream().map(r -> r.get(1) + " " + r.get(2))).containsExactly("20260309 Actual",
                "20260310 Actual", "20260311 Forecast");
        CostTable today = queries.run(new CostQuery(PAYG, null, Instant.parse("2026-03-10T00:00:00Z"),
                Instant.parse("2026-03-11T00:00:00Z"), TimeGrain.DAILY, List.of(Metric.PRE_TAX_COST), List.of(),
                null));
        assertThat(table.rows().get(1).get(0)).isEqualTo(today.rows().get(0).get(0));
    }

    @Test
    void badInputNamesTheField() {
        assertThatThrownBy(() -> forecasts.forecast(new CostForecastRequest(PAYG, null, NOW, Instant.parse(
                "2026-04-02T00:00:00Z"), List.of(Metric.COST), List.of(), null, false, false), NOW))
                .isInstanceOfSatisfying(InvalidCostQuery.class, e -> assertThat(e.field()).isEqualTo("timePeriod.to"));
        assertThatThrownBy(() -> forecasts.forecast(new CostForecastRequest(PAYG, null, NOW, MARCH_END,
                List.of(Metric.USAGE_QUANTITY), List.of(), null, false, false), NOW))
                .isInstanceOfSatisfying(InvalidCostQuery.class,
                        e -> assertThat(e.field()).isEqualTo("dataset.aggregation"));
        assertThatThrownBy(() -> forecasts.forecast(new CostForecastRequest(UUID.randomUUID(), null, NOW, MARCH_END,
                List.of(Metric.COST), List.of(), null, false, false), NOW))
                .isInstanceOfSatisfying(InvalidCostQuery.class, e -> assertThat(e.field()).isEqualTo("scope"));
        assertThatThrownBy(() -> forecasts.forecast(new CostForecastRequest(PAYG, null, MARCH_END, NOW,
                List.of(Metric.COST), List.of(), null, false, false), NOW))
                .isInstanceOfSatisfying(InvalidCostQuery.class, e -> assertThat(e.field()).isEqualTo("timePeriod"));
    }

    private static CostForecastRequest request(UUID sub, String resourceGroup, List<Grouping> groupings,
            CostFilter filter, boolean actual, boolean fresh) {
        return new CostForecastRequest(sub, resourceGroup, Instant.parse("2026-03-01T00:00:00Z"), MARCH_END,
                List.of(Metric.COST), groupings, filter, actual, fresh);
    }

    private UsageHistory history(UUID sub) {
        UsageHistory history = new UsageHistory();
        records.stream().filter(r -> r.subscriptionId().equals(sub)).forEach(history::add);
        return history;
    }

    private static BigDecimal sum(List<List<Object>> rows, int column) {
        return rows.stream().map(r -> (BigDecimal) r.get(column)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static UsageRecord record(UUID sub, String group, UUID meter, String quantity, Instant at) {
        return UsageRecords.aUsageRecord().subscription(sub).forMeter(meter).quantity(quantity).at(at)
                .resource("/subscriptions/" + sub + "/resourceGroups/" + group + "/providers/Microsoft.Compute/"
                        + "virtualMachines/vm").build();
    }

    /** The ledger as a list: every record is stored at position 1. */
    private record ListUsage(List<UsageRecord> records) implements PeriodUsage {
        @Override
        public long position() {
            return 1;
        }

        @Override
        public void records(UUID subscriptionId, BillingPeriod period, long upTo, Consumer<UsageRecord> sink) {
            records.stream().filter(r -> r.subscriptionId().equals(subscriptionId) && period.contains(r.usageStart()))
                    .sorted(Comparator.comparing(UsageRecord::meterId).thenComparing(UsageRecord::usageStart)
                            .thenComparing(UsageRecord::recordId))
                    .forEach(sink);
        }
    }

    private static final class NoInvoices implements Invoices {
        @Override
        public Optional<Invoice> find(UUID subscriptionId, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Invoice> forPeriod(UUID subscriptionId, BillingPeriod period) {
            return Optional.empty();
        }

        @Override
        public List<Invoice> ofSubscription(UUID subscriptionId) {
            return List.of();
        }

        @Override
        public List<Issued> issueAll(List<Request> requests) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<UUID> invoicedFor(BillingPeriod period) {
            return Set.of();
        }
    }
}
