package io.meterwise.server.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.server.testing.AzureSchemas;
import io.meterwise.server.testing.CommerceApiTestSupport;
import io.meterwise.server.testing.CommerceSchemas;
import tools.jackson.databind.JsonNode;

/**
 * Replays the Query examples of both Cost Management api-versions against a server holding matching data: the body
 * of each example is sent as is (at our subscription), the answer must conform to that version's {@code QueryResult}
 * schema (columns and properties closed) and carry the example's columns, in order, with values of their types.
 */
class CostManagementContractIT extends CommerceApiTestSupport {

    static AzureSchemas schemas(String version) {
        return new AzureSchemas("/azure-specs/costmanagement/" + version + "/costmanagement.json",
                List.of("QueryProperties", "QueryColumn"), List.of("QueryProperties.nextLink"));
    }

    @ParameterizedTest
    @CsvSource({"2023-03-01, SubscriptionQuery.json", "2023-03-01, SubscriptionQueryGrouping.json",
        "2022-10-01, SubscriptionQueryGrouping.json", "2022-10-01, ResourceGroupQuery.json"})
    void theSpecExamplesReplayAndConform(String version, String example) throws Exception {
        AzureSchemas schema = schemas(version);
        JsonNode spec = CommerceSchemas.read("/azure-specs/costmanagement/" + version + "/examples/" + example);
        JsonNode expected = spec.get("responses").get("200").get("body");
        assertThat(schema.violations("QueryResult", expected)).as("the example itself").isEmpty();

        UUID sub = subscription(UUID.randomUUID());
        UUID meter = meter(UUID.randomUUID(), "Example meter", "Bandwidth", "", "", "1 GB");
        catalog.addPriceVersion(new PriceListKey("MS-AZR-0003P", java.util.Currency.getInstance("USD"), "US"),
                MeterPrice.flat(meter, Instant.parse("2015-01-01T00:00:00Z"), new BigDecimal("0.0123456")));
        // the examples' data: resource group API in East US tagged UAT, this month and last month
        for (Instant at : List.of(Instant.parse("2017-12-31T10:00:00Z"), NOW)) {
            usage(sub, meter, "3.3", at, "/subscriptions/" + sub + "/resourceGroups/API/providers/Microsoft.Web/sites/a",
                    "East US", "{\"Environment\":\"UAT\"}", "{}", NOW);
            usage(sub, meter, "1.7", at, "/subscriptions/" + sub
                    + "/resourceGroups/ScreenSharingTest-peer/providers/Microsoft.Web/sites/b", "West Europe", "{}",
                    "{}", NOW);
        }
        String scope = spec.get("parameters").get("scope").asString()
                .replace(spec.get("parameters").get("scope").asString().split("/")[1], sub.toString());
        String body = spec.get("parameters").get("parameters").toString();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/" + scope
                + "/providers/Microsoft.CostManagement/query?api-version=" + version))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode actual = json(r);
        assertThat(schema.violations("QueryResult", actual)).isEmpty();
        List<String> expectedColumns = new ArrayList<>();
        expected.get("properties").get("columns").forEach(c -> expectedColumns.add(c.get("name").asString() + ":"
                + c.get("type").asString()));
        if (!spec.get("parameters").get("parameters").get("dataset").has("grouping")) {
            // SubscriptionQuery and ResourceGroupQuery answer a ResourceGroup column their request does not group by
            expectedColumns.remove("ResourceGroup:String");
        }
        expectedColumns.add("IsEstimated:Boolean");
        List<String> actualColumns = new ArrayList<>();
        actual.get("properties").get("columns").forEach(c -> actualColumns.add(c.get("name").asString() + ":"
                + c.get("type").asString()));
        assertThat(actualColumns).isEqualTo(expectedColumns);
        JsonNode rows = actual.get("properties").get("rows");
        if (!example.equals("ResourceGroupQuery.json")) {
            // ResourceGroupQuery filters ResourceGroup In [API] at the scope of another resource group: no rows
            assertThat(rows).isNotEmpty();
        }
        for (JsonNode row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String type = actualColumns.get(i).split(":")[1];
                switch (type) {
                    case "Number" -> assertThat(row.get(i).isNumber()).as(row.toString()).isTrue();
                    case "String" -> assertThat(row.get(i).isString()).as(row.toString()).isTrue();
                    default -> assertThat(row.get(i).isBoolean()).as(row.toString()).isTrue();
                }
            }
        }
        assertThat(actual.get("id").asString()).startsWith(scope + "/providers/Microsoft.CostManagement/query/");
    }

    @ParameterizedTest
    @CsvSource({"2023-03-01", "2022-10-01"})
    void errorsConformToTheErrorResponse(String version) throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/subscriptions/" + sub
                + "/providers/Microsoft.CostManagement/query?api-version=" + version))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"Usage\",\"timeframe\":\"Custom\",\"dataset\":{}}"))
                .build());
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = json(r);
        String definition = schemas(version).definition("ErrorResponseWithNestedDetails") != null
                ? "ErrorResponseWithNestedDetails" : "ErrorResponse";
        assertThat(schemas(version).violations(definition, error)).isEmpty();
    }
}
