package io.meterwise.server.budget;

import static io.meterwise.server.http.commerce.ArmErrorAssertions.assertArmError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Currency;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.server.testing.CommerceApiTestSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Budgets and usage alert rules over HTTP on a real server: create, read with current spend, list, replace with and
 * without eTag (a stale one is 412), delete; every kind of bad input is a 400 naming the field, nothing stored.
 * The clock stands at {@link #NOW} (2018-01-01T00:00Z): the current period of a monthly budget is December 2017's
 * successor, so usage of December 2017 counts in a budget whose period holds it (a quarterly one from October).
 */
class BudgetsIT extends CommerceApiTestSupport {

    private static final String VERSION = "2024-08-01";

    private UUID sub;
    private UUID meter;

    private void seed() {
        sub = subscription(UUID.randomUUID());
        meter = meter(UUID.randomUUID(), "D2 v3", "Virtual Machines", "Dv3 Series", "US East", "1 Hour");
        catalog.addPriceVersion(new PriceListKey("MS-AZR-0003P", Currency.getInstance("USD"), "US"),
                MeterPrice.flat(meter, Instant.parse("2015-01-01T00:00:00Z"), new BigDecimal("0.5")));
        // 100 hours in October and 60 in December 2017 on two resource groups, tagged env=prod / env=dev
        usage(sub, meter, "100", Instant.parse("2017-10-10T10:00:00Z"), rg("web", "a"), "eastus",
                "{\"env\":\"prod\"}", "{}", NOW);
        usage(sub, meter, "60", Instant.parse("2017-12-10T10:00:00Z"), rg("batch", "b"), "eastus",
                "{\"env\":\"dev\"}", "{}", NOW);
    }

    private String rg(String group, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + group + "/providers/Microsoft.Compute/virtualMachines/"
                + name;
    }

    private String budgets() {
        return "/subscriptions/" + sub + "/providers/Microsoft.Consumption/budgets";
    }

    static String budget(String grain, String amount, String extra) {
        return "{\"properties\":{\"category\":\"Cost\",\"amount\":" + amount + ",\"timeGrain\":\"" + grain + "\","
                + "\"timePeriod\":{\"startDate\":\"2017-10-01T00:00:00Z\",\"endDate\":\"2018-09-30T00:00:00Z\"},"
                + "\"notifications\":{\"Actual_GreaterThan_80_Percent\":{\"enabled\":true,\"operator\":\"GreaterThan\","
                + "\"threshold\":80,\"contactEmails\":[\"finance@contoso.com\"],\"contactRoles\":[\"Owner\"],"
                + "\"contactGroups\":[],\"thresholdType\":\"Actual\"}}" + extra + "}}";
    }

    private HttpResponse<String> put(String path, String body, String ifMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b.build());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).DELETE().build());
    }

    @Test
    void createReadListReplaceDelete() throws Exception {
        seed();
        String url = budgets() + "/quarter?api-version=" + VERSION;
        HttpResponse<String> created = put(url, budget("Quarterly", "100", ""), null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created);
        assertThat(body.get("id").asString()).isEqualTo(budgets() + "/quarter");
        assertThat(body.get("type").asString()).isEqualTo("Microsoft.Consumption/budgets");
        String eTag = body.get("eTag").asString();
        assertThat(created.headers().firstValue("ETag")).contains(eTag);

        // today is 2018-01-01: the quarter from January holds no usage yet; the budget started in October
        JsonNode got = json(get(url));
        assertThat(got.get("properties").get("currentSpend").get("amount").decimalValue()).isEqualByComparingTo("0");
        assertThat(got.get("properties").get("currentSpend").get("unit").asString()).isEqualTo("USD");
        assertThat(got.get("properties").get("amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(got.get("properties").get("notifications").get("Actual_GreaterThan_80_Percent")
                .get("contactEmails").get(0).asString()).isEqualTo("finance@contoso.com");

        // a budget that ended with December reports its last period: October to December, 160 hours at 0.5
        String ended = budget("Quarterly", "100", "").replace("2018-09-30", "2017-12-31");
        assertThat(put(budgets() + "/ended?api-version=" + VERSION, ended, null).statusCode()).isEqualTo(201);
        JsonNode endedBody = json(get(budgets() + "/ended?api-version=2021-10-01"));
        assertThat(endedBody.get("properties").get("currentSpend").get("amount").decimalValue())
                .isEqualByComparingTo("80.00");
        assertThat(endedBody.get("properties").get("forecastSpend").get("amount").decimalValue())
                .isEqualByComparingTo("80.00");

        JsonNode list = json(get(budgets() + "?api-version=" + VERSION));
        assertThat(list.get("value")).extracting(v -> v.get("name").asString()).containsExactly("ended", "quarter");

        // replace with the current eTag: 200 and a new eTag; with the old one: 412, nothing changed
        HttpResponse<String> replaced = put(url, budget("Quarterly", "250", ""), eTag);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        String newETag = json(replaced).get("eTag").asString();
        assertThat(newETag).isNotEqualTo(eTag);
        ObjectNode stale = (ObjectNode) JSON.readTree(budget("Quarterly", "999", ""));
        stale.put("eTag", eTag);
        assertArmError(put(url, stale.toString(), null), 412, "PreconditionFailed");
        assertArmError(put(url, budget("Quarterly", "999", ""), "\"0000\""), 412, "PreconditionFailed");
        assertThat(json(get(url)).get("properties").get("amount").decimalValue()).isEqualByComparingTo("250");
        // without an eTag the last writer wins
        assertThat(put(url, budget("Quarterly", "300", ""), null).statusCode()).isEqualTo(200);

        assertThat(delete(url).statusCode()).isEqualTo(200);
        assertThat(delete(url).statusCode()).isEqualTo(204);
        assertArmError(get(url), 404, "ResourceNotFound");
    }

    @Test
    void resourceGroupScopeAndFiltersCountOnlyTheirCharges() throws Exception {
        seed();
        String ended = budget("Quarterly", "100", ",\"filter\":{\"tags\":{\"name\":\"env\",\"operator\":\"In\","
                + "\"values\":[\"dev\"]}}").replace("2018-09-30", "2017-12-31");
        String rgUrl = "/subscriptions/" + sub + "/resourceGroups/web/providers/Microsoft.Consumption/budgets/web"
                + "?api-version=2021-10-01";
        assertThat(put(rgUrl, budget("Quarterly", "100", "").replace("2018-09-30", "2017-12-31"), null)
                .statusCode()).isEqualTo(201);
        assertThat(json(get(rgUrl)).get("properties").get("currentSpend").get("amount").decimalValue())
                .isEqualByComparingTo("50.00");
        assertThat(json(get(rgUrl)).get("id").asString())
                .isEqualTo("/subscriptions/" + sub + "/resourceGroups/web/providers/Microsoft.Consumption/budgets/web");
        String filtered = budgets() + "/dev?api-version=" + VERSION;
        assertThat(put(filtered, ended, null).statusCode()).isEqualTo(201);
        assertThat(json(get(filtered)).get("properties").get("currentSpend").get("amount").decimalValue())
                .isEqualByComparingTo("30.00");
        // the subscription's list holds its own budgets only, the resource group's its own
        assertThat(json(get(budgets() + "?api-version=" + VERSION)).get("value"))
                .extracting(v -> v.get("name").asString()).containsExactly("dev");
        assertThat(json(get("/subscriptions/" + sub + "/resourceGroups/WEB/providers/Microsoft.Consumption/budgets"
                + "?api-version=" + VERSION)).get("value")).extracting(v -> v.get("name").asString())
                .containsExactly("web");
    }

    @Test
    void usageRulesCountTheQuantityOfTheirMeter() throws Exception {
        seed();
        String rule = "{\"properties\":{\"category\":\"Usage\",\"meterId\":\"" + meter + "\",\"amount\":150,"
                + "\"timeGrain\":\"Quarterly\",\"timePeriod\":{\"startDate\":\"2017-10-01T00:00:00Z\","
                + "\"endDate\":\"2017-12-31T00:00:00Z\"},\"filter\":{\"dimensions\":{\"name\":\"ResourceId\","
                + "\"operator\":\"In\",\"values\":[\"" + rg("web", "a") + "\"]}},\"notifications\":{\"hours\":{"
                + "\"enabled\":true,\"operator\":\"GreaterThan\",\"threshold\":50,\"contactEmails\":[\"ops@contoso.com\"]}}}}";
        String url = "/subscriptions/" + sub + "/providers/Meterwise/usageAlertRules/vm-a-hours";
        HttpResponse<String> created = put(url, rule, null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode got = json(get(url));
        assertThat(got.get("type").asString()).isEqualTo("Meterwise/usageAlertRules");
        assertThat(got.get("properties").get("currentUsage").get("amount").decimalValue())
                .isEqualByComparingTo("100");
        assertThat(got.get("properties").get("currentUsage").get("unit").asString()).isEqualTo("1 Hour");
        assertArmError(put(url, rule.replace("\"hours\":{", "\"hours\":{\"thresholdType\":\"Forecasted\","), null),
                400, "InvalidRequest");
        assertArmError(put(url, rule.replace(meter.toString(), UUID.randomUUID().toString()), null), 400,
                "InvalidRequest");
        // a budget of the same name is another resource
        assertArmError(get(budgets() + "/vm-a-hours?api-version=" + VERSION), 404, "ResourceNotFound");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "zero amount|\"amount\":100|\"amount\":0|properties.amount",
        "negative amount|\"amount\":100|\"amount\":-5|properties.amount",
        "threshold 0|\"threshold\":80|\"threshold\":0|properties.notifications.Actual_GreaterThan_80_Percent.threshold",
        "threshold above 1000|\"threshold\":80|\"threshold\":1000.5|properties.notifications.Actual_GreaterThan_80_Percent.threshold",
        "end before start|2018-09-30T00|2017-09-30T00|properties.timePeriod.endDate",
        "start mid-month|2017-10-01T00|2017-10-15T00|properties.timePeriod.startDate",
        "unknown dimension|\"notifications\"|\"filter\":{\"dimensions\":{\"name\":\"Colour\",\"operator\":\"In\",\"values\":[\"red\"]}},\"notifications\"|properties.filter.dimensions.name",
        "unknown tag|\"notifications\"|\"filter\":{\"and\":[{\"tags\":{\"name\":\"env\",\"operator\":\"In\",\"values\":[\"dev\"]}},{\"tags\":{\"name\":\"nosuchtag\",\"operator\":\"In\",\"values\":[\"x\"]}}]},\"notifications\"|properties.filter.and[1].tags.name",
        "malformed e-mail|finance@contoso.com|finance-at-contoso|properties.notifications.Actual_GreaterThan_80_Percent.contactEmails",
        "webhook not http(s)|\"contactGroups\":[]|\"contactGroups\":[\"ftp://hooks.contoso.com/x\"]|properties.notifications.Actual_GreaterThan_80_Percent.contactGroups",
        "webhook URL instead of an endpoint|\"contactGroups\":[]|\"contactGroups\":[\"https://hooks.contoso.com/x\"]|properties.notifications.Actual_GreaterThan_80_Percent.contactGroups",
        "malformed webhook|\"contactGroups\":[]|\"contactGroups\":[\"not a/name\"]|properties.notifications.Actual_GreaterThan_80_Percent.contactGroups",
        "unknown role|\"Owner\"|\"Janitor\"|properties.notifications.Actual_GreaterThan_80_Percent.contactRoles",
        "unknown time grain|Quarterly|Fortnightly|properties.timeGrain",
        "category usage|\"Cost\"|\"Usage\"|properties.category",
        "unknown operator|GreaterThan\"|LessThan\"|properties.notifications.Actual_GreaterThan_80_Percent.operator",
        "unknown locale|\"Actual\"}|\"Actual\",\"locale\":\"xx-yy\"}|properties.notifications.Actual_GreaterThan_80_Percent.locale",
        "amount as text|\"amount\":100|\"amount\":\"100\"|properties.amount"})
    void badInputIsA400NamingTheFieldAndStoresNothing(String what, String from, String to, String target)
            throws Exception {
        seed();
        String url = budgets() + "/bad?api-version=" + VERSION;
        HttpResponse<String> r = put(url, budget("Quarterly", "100", "").replace(from, to), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).get("error").get("target").asString()).isEqualTo(target);
        assertArmError(get(url), 404, "ResourceNotFound");
    }

    @Test
    void moreThanFiveNotificationsAreRefused() throws Exception {
        seed();
        StringBuilder notifications = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
            notifications.append(i > 1 ? "," : "").append("\"n").append(i).append("\":{\"enabled\":true,")
                    .append("\"operator\":\"GreaterThan\",\"threshold\":").append(i * 10)
                    .append(",\"contactEmails\":[\"a@contoso.com\"]}");
        }
        String body = "{\"properties\":{\"category\":\"Cost\",\"amount\":10,\"timeGrain\":\"Monthly\","
                + "\"timePeriod\":{\"startDate\":\"2017-10-01T00:00:00Z\"},\"notifications\":{" + notifications
                + "}}}";
        String url = budgets() + "/six?api-version=" + VERSION;
        HttpResponse<String> r = put(url, body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).get("error").get("target").asString()).isEqualTo("properties.notifications");
        assertArmError(get(url), 404, "ResourceNotFound");
        // five are fine; without an end date the budget runs ten years
        HttpResponse<String> five = put(url, body.replaceAll(",\"n6\":\\{[^}]*\\}", ""), null);
        assertThat(five.statusCode()).as(five.body()).isEqualTo(201);
        assertThat(json(five).get("properties").get("timePeriod").get("endDate").asString())
                .isEqualTo("2027-09-30T00:00:00Z");
    }

    @Test
    void unsupportedApiVersionIsRefused() throws Exception {
        seed();
        assertArmError(get(budgets() + "?api-version=2019-10-01"), 400, "InvalidApiVersionParameter");
        assertArmError(get(budgets()), 400, "MissingApiVersionParameter");
    }
}
