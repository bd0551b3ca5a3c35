package io.meterwise.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.server.testing.AzureSchemas;
import io.meterwise.server.testing.CommerceApiTestSupport;
import io.meterwise.server.testing.CommerceSchemas;
import tools.jackson.databind.JsonNode;

/**
 * Replays the budget examples of both Consumption api-versions: the CreateOrUpdateBudget request is sent as is (at
 * our subscription, and at the example's resource group), the answers to PUT, GET and list conform to that version's
 * schemas (properties closed) and echo the example's definition; DeleteBudget answers 200. Errors conform to the
 * version's ErrorResponse.
 */
class BudgetContractIT extends CommerceApiTestSupport {

    static AzureSchemas schemas(String version) {
        return new AzureSchemas("/azure-specs/consumption/" + version + "/consumption.json",
                List.of("BudgetProperties", "BudgetTimePeriod", "BudgetFilter", "BudgetFilterProperties",
                        "BudgetComparisonExpression", "CurrentSpend", "ForecastSpend", "Notification"), List.of());
    }

    private static JsonNode example(String version, String name) {
        return CommerceSchemas.read("/azure-specs/consumption/" + version + "/examples/" + name);
    }

    private UUID seeded() {
        UUID sub = subscription(UUID.randomUUID());
        UUID meter = meter(UUID.randomUUID(), "D2 v3", "Virtual Machines", "Dv3 Series", "US East", "1 Hour");
        catalog.addPriceVersion(new PriceListKey("MS-AZR-0003P", Currency.getInstance("USD"), "US"),
                MeterPrice.flat(meter, Instant.parse("2015-01-01T00:00:00Z"), new BigDecimal("0.5")));
        // the example filters on the tags category and department
        usage(sub, meter, "10", Instant.parse("2017-12-10T10:00:00Z"), "/subscriptions/" + sub
                + "/resourceGroups/MYDEVTESTRG/providers/Microsoft.Compute/virtualMachines/MSVM2", "eastus",
                "{\"category\":\"Dev\",\"department\":\"engineering\"}", "{}", NOW);
        return sub;
    }

    @ParameterizedTest
    @CsvSource({"2021-10-01, ''", "2024-08-01, ''", "2021-10-01, /resourceGroups/MYDEVTESTRG",
        "2024-08-01, /resourceGroups/MYDEVTESTRG"})
    void createOrUpdateGetListAndDeleteReplayTheExamples(String version, String scopeSuffix) throws Exception {
        AzureSchemas schema = schemas(version);
        JsonNode spec = example(version, "CreateOrUpdateBudget.json");
        JsonNode request = spec.get("parameters").get("parameters");
        JsonNode expected = spec.get("responses").get("201").get("body");
        assertThat(schema.violations("Budget", expected)).as("the example itself").isEmpty();
        assertThat(schema.violations("Budget", request)).as("the example request").isEmpty();

        UUID sub = seeded();
        String scope = "/subscriptions/" + sub + scopeSuffix;
        String url = scope + "/providers/Microsoft.Consumption/budgets/TestBudget?api-version=" + version;
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base() + url))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(request.toString())).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created);
        assertThat(schema.violations("Budget", body)).isEmpty();
        assertThat(body.get("id").asString()).isEqualTo(scope + "/providers/Microsoft.Consumption/budgets/TestBudget");
        assertThat(body.get("name").asString()).isEqualTo(expected.get("name").asString());
        assertThat(body.get("type").asString()).isEqualTo(expected.get("type").asString());
        assertThat(body.get("eTag").asString()).matches("\"[0-9a-f]{15}\"");
        JsonNode p = body.get("properties");
        JsonNode e = expected.get("properties");
        for (String field : List.of("category", "timeGrain", "timePeriod", "filter")) {
            assertThat(p.get(field)).as(field).isEqualTo(e.get(field));
        }
        assertThat(p.get("amount").decimalValue()).isEqualByComparingTo(e.get("amount").decimalValue());
        JsonNode notification = p.get("notifications").get("Actual_GreaterThan_80_Percent");
        JsonNode expectedNotification = e.get("notifications").get("Actual_GreaterThan_80_Percent");
        expectedNotification.properties().forEach(f -> assertThat(f.getKey().equals("threshold")
                ? notification.get("threshold").decimalValue().compareTo(f.getValue().decimalValue()) == 0
                : notification.get(f.getKey()).equals(f.getValue())).as(f.getKey()).isTrue());
        // today (2018-01-01) is in the monthly period of January: nothing spent yet; the tagged December usage was
        assertThat(p.get("currentSpend").get("amount").decimalValue()).isEqualByComparingTo("0");
        assertThat(p.get("currentSpend").get("unit").asString()).isEqualTo("USD");

        HttpResponse<String> got = get(url);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(schema.violations("Budget", json(got))).isEmpty();
        assertThat(json(got).get("eTag")).isEqualTo(body.get("eTag"));

        HttpResponse<String> list = get(scope + "/providers/Microsoft.Consumption/budgets?api-version=" + version);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(schema.violations("BudgetsListResult", json(list))).isEmpty();
        assertThat(json(list).get("value")).hasSize(1);

        // the example request carries an eTag that was never ours: replacing with it is refused
        HttpResponse<String> stale = send(HttpRequest.newBuilder(URI.create(base() + url))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(request.toString())).build());
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(schema.violations("ErrorResponse", json(stale))).isEmpty();

        JsonNode delete = example(version, "DeleteBudget.json");
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(base() + url)).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(delete.get("responses").get("200") != null ? 200 : -1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2021-10-01", "2024-08-01"})
    void theGetExampleConformsAndErrorsConformToTheErrorResponse(String version) throws Exception {
        AzureSchemas schema = schemas(version);
        assertThat(schema.violations("Budget", example(version, "Budget.json").get("responses").get("200")
                .get("body"))).isEmpty();
        UUID sub = seeded();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/subscriptions/" + sub
                + "/providers/Microsoft.Consumption/budgets/bad?api-version=" + version))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"properties\":{\"category\":\"Cost\",\"amount\":-1,"
                        + "\"timeGrain\":\"Monthly\",\"timePeriod\":{\"startDate\":\"2018-01-01T00:00:00Z\"}}}"))
                .build());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(schema.violations("ErrorResponse", json(r))).isEmpty();
        HttpResponse<String> missing = get("/subscriptions/" + sub + "/providers/Microsoft.Consumption/budgets/none"
                + "?api-version=" + version);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(schema.violations("ErrorResponse", json(missing))).isEmpty();
    }
}
