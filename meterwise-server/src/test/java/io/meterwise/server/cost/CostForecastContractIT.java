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
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays the Forecast example of the specs (BillingAccountForecast, the only one; 2023-03-01) at subscription and
 * resource-group scope with both api-versions: its body as is but for the time period (moved to the current month,
 * as a forecast looks ahead), the answer must conform to that version's {@code ForecastResult} schema (properties and
 * columns closed) and carry the example's columns, in order, then the interval columns of the Meterwise extension.
 */
class CostForecastContractIT extends CommerceApiTestSupport {

    private static final String EXAMPLE = "/azure-specs/costmanagement/2023-03-01/examples/BillingAccountForecast.json";

    static AzureSchemas schemas(String version) {
        return new AzureSchemas("/azure-specs/costmanagement/" + version + "/costmanagement.json",
                List.of("ForecastProperties", "ForecastColumn"), List.of("ForecastProperties.nextLink"));
    }

    @ParameterizedTest
    @CsvSource({"2023-03-01, ''", "2023-03-01, /resourceGroups/API", "2022-10-01, ''",
        "2022-10-01, /resourceGroups/API"})
    void theSpecExampleReplaysAndConforms(String version, String resourceGroup) throws Exception {
        AzureSchemas schema = schemas(version);
        JsonNode spec = CommerceSchemas.read(EXAMPLE);
        JsonNode expected = spec.get("responses").get("200").get("body");
        assertThat(schema.violations("ForecastResult", expected)).as("the example itself").isEmpty();

        UUID sub = subscription(UUID.randomUUID());
        UUID meter = meter(UUID.randomUUID(), "Example meter", "Bandwidth", "", "", "1 GB");
        catalog.addPriceVersion(new PriceListKey("MS-AZR-0003P", java.util.Currency.getInstance("USD"), "US"),
                MeterPrice.flat(meter, Instant.parse("2015-01-01T00:00:00Z"), new BigDecimal("0.0123456")));
        // the example's filter keeps resource group API in East US tagged UAT: December, day by day
        for (int d = 1; d <= 31; d++) {
            Instant at = Instant.parse(String.format("2017-12-%02dT10:00:00Z", d));
            usage(sub, meter, "3.3", at, "/subscriptions/" + sub + "/resourceGroups/API/providers/Microsoft.Web/sites/a",
                    "East US", "{\"Environment\":\"UAT\"}", "{}", NOW);
            usage(sub, meter, "1.7", at, "/subscriptions/" + sub + "/resourceGroups/other/providers/Microsoft.Web/"
                    + "sites/b", "West Europe", "{}", "{}", NOW);
        }
        ObjectNode body = (ObjectNode) spec.get("parameters").get("parameters").deepCopy();
        ObjectNode period = (ObjectNode) body.get("timePeriod");
        period.put("from", "2018-01-01T00:00:00+00:00");
        period.put("to", "2018-01-31T23:59:59+00:00");
        String scope = "subscriptions/" + sub + resourceGroup;
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/" + scope
                + "/providers/Microsoft.CostManagement/forecast?api-version=" + version))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode actual = json(r);
        assertThat(schema.violations("ForecastResult", actual)).isEmpty();
        List<String> expectedColumns = new ArrayList<>();
        expected.get("properties").get("columns").forEach(c -> expectedColumns.add(c.get("name").asString() + ":"
                + c.get("type").asString()));
        expectedColumns.addAll(List.of("CostLower80:Number", "CostUpper80:Number", "CostLower95:Number",
                "CostUpper95:Number"));
        List<String> actualColumns = new ArrayList<>();
        actual.get("properties").get("columns").forEach(c -> actualColumns.add(c.get("name").asString() + ":"
                + c.get("type").asString()));
        assertThat(actualColumns).isEqualTo(expectedColumns);
        JsonNode rows = actual.get("properties").get("rows");
        assertThat(rows).hasSize(31);
        for (JsonNode row : rows) {
            assertThat(row.get(2).asString()).isEqualTo("Forecast");
            // 3.3 GB a day at 0.0123456
            assertThat(row.get(0).decimalValue()).isBetween(new BigDecimal("0.04"), new BigDecimal("0.05"));
            for (int i = 0; i < row.size(); i++) {
                String type = actualColumns.get(i).split(":")[1];
                assertThat(type.equals("Number") ? row.get(i).isNumber() : row.get(i).isString()).as(row.toString())
                        .isTrue();
            }
        }
        assertThat(actual.get("id").asString()).startsWith(scope + "/providers/Microsoft.CostManagement/query/");
    }

    @ParameterizedTest
    @CsvSource({"2023-03-01", "2022-10-01"})
    void errorsConformToTheErrorResponse(String version) throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/subscriptions/" + sub
                + "/providers/Microsoft.CostManagement/forecast?api-version=" + version))
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
