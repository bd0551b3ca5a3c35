package io.meterwise.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterwise.server.testing.AzureSchemas;
import io.meterwise.server.testing.CommerceApiTestSupport;
import io.meterwise.server.testing.CommerceSchemas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays the exports examples of both api-versions: each example's export (its request body, or the body a GET
 * answers) is PUT at our subscription with the one change Meterwise needs, a Directory destination in place of the
 * Azure storage account, keeping its container and rootFolderPath. The answers must carry the example's values
 * (schedule, format, definition, destination folder), conform to the 2022-10-01 Swagger ({@code Export},
 * {@code ExportListResult}, {@code ExportExecutionListResult}), run answers 200 with no body, and the run history
 * has the example's properties.
 */
class ExportsContractIT extends CommerceApiTestSupport {

    static final AzureSchemas SCHEMAS = new AzureSchemas("/azure-specs/costmanagement/2022-10-01/"
            + "costmanagement.exports.json", List.of(), List.of());

    @ParameterizedTest
    @CsvSource({"2022-10-01, ExportCreateOrUpdateByResourceGroup.json, 201",
        "2023-03-01, ExportCreateOrUpdateByResourceGroup.json, 201", "2022-10-01, ExportGetBySubscription.json, 200",
        "2023-03-01, ExportGetBySubscription.json, 200"})
    void theExamplesReplayWithADirectoryDestination(String version, String example, String status) throws Exception {
        JsonNode spec = CommerceSchemas.read("/azure-specs/costmanagement/" + version + "/examples/" + example);
        JsonNode expected = spec.get("responses").get(status).get("body");
        assertThat(SCHEMAS.violations("Export", expected)).as("the example itself").isEmpty();
        JsonNode request = spec.get("parameters").has("parameters") ? spec.get("parameters").get("parameters")
                : expected;
        ObjectNode body = JSON.createObjectNode();
        body.set("properties", request.get("properties").deepCopy());
        ObjectNode destination = (ObjectNode) body.at("/properties/deliveryInfo/destination");
        destination.remove("resourceId");
        destination.put("type", "Directory");

        UUID sub = subscription(UUID.randomUUID());
        String scope = "/" + spec.get("parameters").get("scope").asString().replace(
                "00000000-0000-0000-0000-000000000000", sub.toString());
        String export = scope + "/providers/Microsoft.CostManagement/exports/"
                + spec.get("parameters").get("exportName").asString();
        HttpResponse<String> created = send("PUT", export + "?api-version=" + version, body.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> replaced = send("PUT", export + "?api-version=" + version, body.toString());
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        JsonNode got = json(send("GET", export + "?api-version=" + version, null));

        for (JsonNode actual : List.of(json(created), json(replaced), got)) {
            assertThat(SCHEMAS.violations("Export", actual)).as(actual.toString()).isEmpty();
            assertThat(actual.get("id").asString()).isEqualTo("/" + expected.get("id").asString().replace(
                    "00000000-0000-0000-0000-000000000000", sub.toString()));
            assertThat(actual.get("name")).isEqualTo(expected.get("name"));
            assertThat(actual.get("type")).isEqualTo(expected.get("type"));
            assertThat(actual.get("eTag").asString()).isNotBlank();
            JsonNode p = actual.get("properties");
            JsonNode e = expected.get("properties");
            assertThat(p.get("format")).isEqualTo(e.get("format"));
            assertThat(p.get("definition")).isEqualTo(e.get("definition"));
            if (e.has("schedule")) {
                assertThat(p.get("schedule")).isEqualTo(e.get("schedule"));
            }
            assertThat(p.at("/deliveryInfo/destination/container"))
                    .isEqualTo(e.at("/deliveryInfo/destination/container"));
            assertThat(p.at("/deliveryInfo/destination/rootFolderPath"))
                    .isEqualTo(e.at("/deliveryInfo/destination/rootFolderPath"));
        }
        JsonNode list = json(send("GET", scope + "/providers/Microsoft.CostManagement/exports?api-version=" + version
                + "&$expand=runHistory", null));
        assertThat(SCHEMAS.violations("ExportListResult", list)).isEmpty();
        assertThat(list.get("value")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({"2022-10-01", "2023-03-01"})
    void runAnswers200WithoutBodyAndTheHistoryHasTheExamplesProperties(String version) throws Exception {
        JsonNode runExample = CommerceSchemas.read("/azure-specs/costmanagement/2022-10-01/examples/"
                + "ExportRunBySubscription.json");
        JsonNode historyExample = CommerceSchemas.read("/azure-specs/costmanagement/2022-10-01/examples/"
                + "ExportRunHistoryGetBySubscription.json").at("/responses/200/body");
        assertThat(SCHEMAS.violations("ExportExecutionListResult", historyExample)).as("the example itself").isEmpty();
        UUID sub = subscription(UUID.randomUUID());
        String export = "/subscriptions/" + sub + "/providers/Microsoft.CostManagement/exports/"
                + runExample.at("/parameters/exportName").asString();
        ObjectNode settings = (ObjectNode) historyExample.at("/value/0/properties/runSettings").deepCopy();
        // the example's Custom period (five months) exceeds the three months the spec itself allows: take three
        ((ObjectNode) settings.at("/definition/timePeriod")).put("to", "2020-08-31T00:00:00Z");
        ObjectNode body = JSON.createObjectNode();
        ObjectNode properties = body.putObject("properties");
        properties.set("format", settings.get("format"));
        properties.set("definition", settings.get("definition"));
        properties.putObject("deliveryInfo").putObject("destination").put("type", "Directory")
                .put("container", "exports").put("rootFolderPath", "contract");
        assertThat(send("PUT", export + "?api-version=" + version, body.toString()).statusCode()).isEqualTo(201);

        HttpResponse<String> run = send("POST", export + "/run?api-version=" + version, null);
        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(run.body()).isEmpty();
        JsonNode history = json(send("GET", export + "/runHistory?api-version=" + version, null));
        // run answers once the run is queued (ADR 0050): every state the history shows is the spec's
        for (int i = 0; i < 6000 && !history.at("/value/0/properties/status").asString().equals("Completed"); i++) {
            assertThat(SCHEMAS.violations("ExportExecutionListResult", history)).as(history.toString()).isEmpty();
            assertThat(history.at("/value/0/properties/status").asString()).isIn("Queued", "InProgress");
            Thread.sleep(20);
            history = json(send("GET", export + "/runHistory?api-version=" + version, null));
        }
        assertThat(SCHEMAS.violations("ExportExecutionListResult", history)).as(history.toString()).isEmpty();
        JsonNode actual = history.at("/value/0");
        assertThat(actual.get("id").asString()).matches(".*/exports/TestExport/Run/[0-9a-f-]{36}");
        List<String> expectedKeys = names(historyExample.at("/value/0/properties"));
        assertThat(names(actual.get("properties"))).containsAll(expectedKeys);
        assertThat(actual.at("/properties/status").asString()).isEqualTo("Completed");
        assertThat(actual.at("/properties/runSettings/definition")).isEqualTo(settings.get("definition"));
        JsonNode expanded = json(send("GET", export + "?api-version=" + version + "&$expand=runHistory", null));
        assertThat(expanded.at("/properties/runHistory/value/0/name")).isEqualTo(actual.get("name"));
    }

    static List<String> names(JsonNode object) {
        return object.propertyNames().stream().toList();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }
}
