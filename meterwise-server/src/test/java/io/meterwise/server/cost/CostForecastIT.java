package io.meterwise.server.cost;

import static io.meterwise.server.http.commerce.ArmErrorAssertions.assertArmError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.time.BillingPeriod;
import tools.jackson.databind.JsonNode;

/**
 * The Cost Management forecast on a real server (clock at 1 January 2018, usage in December 2017): actual rows are
 * the query's, the forecast of flat usage is that usage priced through the rating rules of January (a price version
 * and tiers that December did not have), intervals, groups, scopes and bad input.
 */
class CostForecastIT extends CostApiTestSupport {

    static String forecastPath(UUID sub, String version) {
        return "/subscriptions/" + sub + "/providers/Microsoft.CostManagement/forecast?api-version=" + version;
    }

    static String body(String from, String to, String extra, boolean actual, boolean fresh) {
        return "{\"type\":\"ActualCost\",\"timeframe\":\"Custom\",\"timePeriod\":{\"from\":\"" + from + "\",\"to\":\""
                + to + "\"},\"dataset\":{\"granularity\":\"Daily\",\"aggregation\":{\"totalCost\":{\"name\":\"Cost\","
                + "\"function\":\"Sum\"}}" + extra + "},\"includeActualCost\":" + actual + ",\"includeFreshPartialCost\":"
                + fresh + "}";
    }

    /** 24 VM hours a day in resource group web, 3 GB out a day in api (tagged env=prod), all of December. */
    UUID flatDecember() {
        UUID sub = costSubscription();
        for (int d = 1; d <= 31; d++) {
            Instant day = Instant.parse(String.format("2017-12-%02dT00:00:00Z", d));
            usage(sub, vmHours, "24", day, rid(sub, "web", "vm1"), "westeurope", "{}", "{}", REPORTED);
            usage(sub, egress, "3", day, rid(sub, "api", "gw"), "westeurope", "{\"env\":\"prod\"}", "{}", REPORTED);
        }
        return sub;
    }

    @ParameterizedTest
    @CsvSource({"2023-03-01", "2022-10-01"})
    void actualRowsAreTheQueryAndTheForecastIsFlatUsagePricedByJanuarysRules(String version) throws Exception {
        UUID sub = flatDecember();
        HttpResponse<String> r = post(forecastPath(sub, version), body("2017-12-01T00:00:00Z",
                "2018-01-31T23:59:59Z", "", true, false));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode props = json(r).get("properties");
        List<String> columns = new ArrayList<>();
        props.get("columns").forEach(c -> columns.add(c.get("name").asString()));
        assertThat(columns).containsExactly("Cost", "UsageDate", "CostStatus", "Currency", "CostLower80",
                "CostUpper80", "CostLower95", "CostUpper95");
        assertThat(props.get("nextLink").isNull()).isTrue();
        List<JsonNode> actual = new ArrayList<>();
        List<JsonNode> forecast = new ArrayList<>();
        props.get("rows").forEach(row -> (row.get(2).asString().equals("Actual") ? actual : forecast).add(row));

        List<JsonNode> query = rows(queryPath(sub), decemberBody("Daily", ""), new ArrayList<>());
        assertThat(actual).hasSameSizeAs(query);
        for (int i = 0; i < query.size(); i++) {
            assertThat(actual.get(i).get(0).decimalValue()).isEqualByComparingTo(query.get(i).get(0).decimalValue());
            assertThat(actual.get(i).get(1).asLong()).isEqualTo(query.get(i).get(1).asLong());
        }

        assertThat(forecast).hasSize(31);
        assertThat(forecast.get(0).get(1).asLong()).isEqualTo(20180101L);
        assertThat(forecast.get(30).get(1).asLong()).isEqualTo(20180131L);
        // independently: January's flat usage (744 VM hours, 93 GB) rated with January's price versions and terms
        Rater rater = Rater.forPeriod(catalog.priceList(new PriceListKey(OFFER, USD, "US")).orElseThrow(),
                catalog.offer(OFFER).orElseThrow(), new BillingPeriod(java.time.YearMonth.of(2018, 1)));
        rater.add(vmHours, Instant.parse("2018-01-01T00:00:00Z"), new BigDecimal("744"));
        rater.add(egress, Instant.parse("2018-01-01T00:00:00Z"), new BigDecimal("93"));
        BigDecimal january = rater.result().total().amount();
        assertThat(sum(forecast, 0)).isEqualByComparingTo(january.setScale(2, RoundingMode.HALF_UP));
        // not a line through December's amounts: December's last week at its daily rate would say otherwise
        BigDecimal runRate = actual.get(actual.size() - 1).get(0).decimalValue().multiply(new BigDecimal(31));
        assertThat(runRate).isNotEqualByComparingTo(sum(forecast, 0));
        // each column is rounded on its own (so that it adds up): within a row the order holds to the cent
        BigDecimal cent = new BigDecimal("0.01");
        for (JsonNode row : forecast) {
            assertThat(row.get(3).asString()).isEqualTo("USD");
            assertThat(row.get(6).decimalValue()).isLessThanOrEqualTo(row.get(4).decimalValue().add(cent));
            assertThat(row.get(4).decimalValue()).isLessThanOrEqualTo(row.get(0).decimalValue().add(cent));
            assertThat(row.get(0).decimalValue()).isLessThanOrEqualTo(row.get(5).decimalValue().add(cent));
            assertThat(row.get(5).decimalValue()).isLessThanOrEqualTo(row.get(7).decimalValue().add(cent));
        }
        assertThat(sum(forecast, 6)).isLessThanOrEqualTo(sum(forecast, 4));
        assertThat(sum(forecast, 4)).isLessThanOrEqualTo(sum(forecast, 0));
        assertThat(sum(forecast, 5)).isLessThanOrEqualTo(sum(forecast, 7));
        assertThat(sum(forecast, 7)).isGreaterThanOrEqualTo(sum(forecast, 0));
    }

    @Test
    void groupsFiltersAndTheResourceGroupScopeForecastTheirOwnUsage() throws Exception {
        UUID sub = flatDecember();
        String january = "2018-01-31T00:00:00Z";
        HttpResponse<String> grouped = post(forecastPath(sub, VERSION), body("2018-01-01T00:00:00Z", january,
                ",\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ResourceGroup\"}]", false, false));
        assertThat(grouped.statusCode()).as(grouped.body()).isEqualTo(200);
        JsonNode rows = json(grouped).get("properties").get("rows");
        assertThat(json(grouped).get("properties").get("columns").get(1).get("name").asString())
                .isEqualTo("ResourceGroup");
        BigDecimal web = BigDecimal.ZERO;
        BigDecimal api = BigDecimal.ZERO;
        for (JsonNode row : rows) {
            assertThat(row.get(3).asString()).isEqualTo("Forecast");
            if (row.get(1).asString().equals("web")) {
                web = web.add(row.get(0).decimalValue());
            } else {
                assertThat(row.get(1).asString()).isEqualTo("api");
                api = api.add(row.get(0).decimalValue());
            }
        }
        assertThat(rows).hasSize(62);
        assertThat(web).isPositive();
        assertThat(api).isPositive();

        HttpResponse<String> filtered = post(forecastPath(sub, VERSION), body("2018-01-01T00:00:00Z", january,
                ",\"filter\":{\"tags\":{\"name\":\"env\",\"operator\":\"In\",\"values\":[\"prod\"]}}", false, false));
        assertThat(filtered.statusCode()).as(filtered.body()).isEqualTo(200);
        // the same usage forecast at the same prices; rounding to cents spreads over all rows of an answer
        Offset<BigDecimal> cents = Offset.offset(new BigDecimal("0.16"));
        assertThat(sum(list(json(filtered).get("properties").get("rows")), 0)).isCloseTo(api, cents);

        HttpResponse<String> scoped = post("/subscriptions/" + sub + "/resourceGroups/web/providers/"
                + "Microsoft.CostManagement/forecast?api-version=2022-10-01", body("2018-01-01T00:00:00Z", january,
                "", false, false));
        assertThat(scoped.statusCode()).as(scoped.body()).isEqualTo(200);
        assertThat(json(scoped).get("id").asString()).startsWith("subscriptions/" + sub
                + "/resourceGroups/web/providers/Microsoft.CostManagement/query/");
        assertThat(sum(list(json(scoped).get("properties").get("rows")), 0)).isCloseTo(web, cents);
    }

    @Test
    void freshPartialCostMakesTodayActual() throws Exception {
        UUID sub = flatDecember();
        usage(sub, vmHours, "5", Instant.parse("2018-01-01T00:00:00Z"), rid(sub, "web", "vm1"), "westeurope", "{}",
                "{}", REPORTED);
        HttpResponse<String> r = post(forecastPath(sub, VERSION), body("2017-12-31T00:00:00Z", "2018-01-02T00:00:00Z",
                "", true, true));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> days = new ArrayList<>();
        json(r).get("properties").get("rows").forEach(row -> days.add(row.get(1).asLong() + " "
                + row.get(2).asString()));
        assertThat(days).containsExactly("20171231 Actual", "20180101 Actual", "20180102 Forecast");
    }

    @Test
    void badInputIsA400NamingTheField() throws Exception {
        UUID sub = flatDecember();
        String path = forecastPath(sub, VERSION);
        String good = body("2018-01-01T00:00:00Z", "2018-01-31T00:00:00Z", "", false, false);
        assertTarget(post(path, good.replace("\"Custom\"", "\"MonthToDate\"")), "timeframe");
        assertTarget(post(path, good.replace("\"Daily\"", "\"Monthly\"")), "dataset.granularity");
        assertTarget(post(path, good.replace("2018-01-31", "2018-02-01")), "timePeriod.to");
        assertTarget(post(path, good.replace("\"Cost\"", "\"UsageQuantity\"")), "dataset.aggregation");
        assertTarget(post(path, good.replace("\"includeActualCost\":false", "\"includeActualCost\":\"yes\"")),
                "includeActualCost");
        assertTarget(post(path, good.replace("\"totalCost\":{\"name\":\"Cost\",\"function\":\"Sum\"}", "")),
                "dataset.aggregation");
        assertTarget(post(path, good.replace("2018-01-01T00", "2018-02-01T00")), "timePeriod.from");
        assertTarget(post(path, ""), "parameters");
        assertArmError(post(forecastPath(sub, "2021-10-01"), good), 400, "InvalidApiVersionParameter");
        assertArmError(post("/providers/Microsoft.Billing/billingAccounts/1/providers/Microsoft.CostManagement/"
                + "forecast?api-version=" + VERSION, good), 400, "UnsupportedScope");
        assertArmError(post(forecastPath(UUID.randomUUID(), VERSION), good), 404, "SubscriptionNotFound");
    }

    private static void assertTarget(HttpResponse<String> r, String target) {
        assertArmError(r, 400, "BadRequest");
        assertThat(JSON.readTree(r.body()).get("error").get("target").asString()).as(r.body()).isEqualTo(target);
    }

    private static List<JsonNode> list(JsonNode rows) {
        List<JsonNode> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
    }
}
