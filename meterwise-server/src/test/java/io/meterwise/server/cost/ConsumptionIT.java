package io.meterwise.server.cost;

import static io.meterwise.server.http.commerce.ArmErrorAssertions.assertArmError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.testing.AzureSchemas;
import io.meterwise.server.testing.CommerceSchemas;
import tools.jackson.databind.JsonNode;

/**
 * Consumption usage details and price sheets, and Cost Management dimensions, on a real server: usage details add up
 * to the Query and the invoice, filters, expansions, paging, schemas of both api-versions, bad input.
 */
class ConsumptionIT extends CostApiTestSupport {

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static AzureSchemas consumption(String version) {
        return new AzureSchemas("/azure-specs/consumption/" + version + "/consumption.json",
                List.of("MeterDetailsResponse", "PriceSheetModel"), List.of());
    }

    List<JsonNode> items(String path) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String next = path;
        while (next != null) {
            HttpResponse<String> r = get(next);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = json(r);
            body.get("value").forEach(items::add);
            next = body.hasNonNull("nextLink") ? body.get("nextLink").asString() : null;
        }
        return items;
    }

    static BigDecimal costs(List<JsonNode> items) {
        return items.stream().map(i -> i.get("properties").get("cost").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @ParameterizedTest
    @CsvSource({"2021-10-01", "2024-08-01"})
    void usageDetailsOfAnIssuedMonthAddUpToItsInvoiceAndConform(String version) throws Exception {
        UUID sub = costSubscription();
        december(sub, 7);
        invoiceService.issue(YearMonth.of(2017, 12), sub);
        Invoice invoice = invoices.forPeriod(sub, new BillingPeriod(YearMonth.of(2017, 12))).orElseThrow();

        List<JsonNode> all = items("/subscriptions/" + sub + "/providers/Microsoft.Billing/billingPeriods/201712"
                + "/providers/Microsoft.Consumption/usageDetails?api-version=" + version
                + "&$expand=properties/meterDetails,properties/additionalInfo&metric=actualcost");
        assertThat(all).hasSize(120 + 2);
        assertThat(costs(all)).isEqualByComparingTo(invoice.total().amount());
        AzureSchemas schema = consumption(version);
        JsonNode page = json(get("/subscriptions/" + sub + "/providers/Microsoft.Consumption/usageDetails?api-version="
                + version + "&$top=3&$filter=" + enc("properties/usageStart ge '2017-12-01' and properties/usageEnd le "
                        + "'2017-12-31'")));
        assertThat(page.get("value")).hasSize(3);
        assertThat(schema.violations("UsageDetailsListResult", page)).isEmpty();
        JsonNode first = all.get(0);
        assertThat(schema.violations("LegacyUsageDetail", first)).isEmpty();
        assertThat(first.get("kind").asString()).isEqualTo("legacy");
        assertThat(first.get("properties").get("meterDetails").get("meterName").asString()).isNotBlank();
        assertThat(first.get("properties").get("isEstimated").asBoolean()).isFalse();

        List<JsonNode> web = items("/subscriptions/" + sub + "/providers/Microsoft.Consumption/usageDetails?api-version="
                + version + "&$filter=" + enc("properties/usageStart ge '2017-12-01' and properties/usageEnd le "
                        + "'2017-12-31' and properties/resourceGroup eq 'web' and tags eq 'env:prod'"));
        assertThat(web).isNotEmpty().allSatisfy(i -> {
            assertThat(i.get("properties").get("resourceGroup").asString()).isEqualTo("web");
            assertThat(i.get("tags").get("env").asString()).isEqualTo("prod");
        });
        List<String> columns = new ArrayList<>();
        List<JsonNode> rows = rows(queryPath(sub), decemberBody("None", ",\"filter\":{\"and\":[{\"dimensions\":{"
                + "\"name\":\"ResourceGroup\",\"operator\":\"In\",\"values\":[\"web\"]}},{\"tags\":{\"name\":\"env\","
                + "\"operator\":\"In\",\"values\":[\"prod\"]}}]}"), columns);
        assertThat(costs(web).setScale(2, java.math.RoundingMode.HALF_UP)).isEqualByComparingTo(
                rows.get(0).get(0).decimalValue());
    }

    @Test
    void usageDetailsPageWithTopAndSkipToken() throws Exception {
        UUID sub = costSubscription();
        jdbc.update("INSERT INTO usage_record SELECT (SELECT coalesce(max(ingest_seq), 0) FROM usage_record) + i, "
                + "'d' || i || ?, ?::UUID, ?::UUID, 0.5, TIMESTAMP '2018-01-01 00:00:00', "
                + "TIMESTAMP '2018-01-01 01:00:00', ? || i, 'eastus', '{}', '{}', TIMESTAMP '2018-01-01 00:00:00' "
                + "FROM generate_series(1, 1200) t(i)", sub.toString(), sub.toString(), egress.toString(), rid(sub, "p", "vm"));
        String path = "/subscriptions/" + sub + "/providers/Microsoft.Consumption/usageDetails?api-version=2021-10-01";
        List<JsonNode> all = items(path);
        assertThat(all).hasSize(1202);
        assertThat(all.stream().map(i -> i.get("name").asString()).distinct()).hasSize(1202);
        assertThat(all.get(0).get("properties").get("isEstimated").asBoolean()).isTrue();
        assertThat(items(path + "&$top=7")).hasSize(7);
        JsonNode firstPage = json(get(path));
        assertArmError(get(firstPage.get("nextLink").asString().replace("2021-10-01", "2024-08-01")), 400,
                "InvalidContinuationToken");
    }

    @ParameterizedTest
    @CsvSource({"2021-10-01", "2024-08-01"})
    void priceSheetsShowTheSubscriptionsTiersAndIncludedQuantities(String version) throws Exception {
        UUID sub = costSubscription();
        JsonNode december = json(get("/subscriptions/" + sub + "/providers/Microsoft.Billing/billingPeriods/201712"
                + "/providers/Microsoft.Consumption/pricesheets/default?api-version=" + version
                + "&$expand=properties/meterDetails"));
        AzureSchemas schema = consumption(version);
        List<JsonNode> vm = new ArrayList<>();
        december.get("properties").get("pricesheets").forEach(p -> {
            if (p.get("meterId").asString().equals(vmHours.toString())) {
                vm.add(p);
            }
        });
        // two versions in force in December, two tiers each
        assertThat(vm).hasSize(4);
        assertThat(vm).extracting(p -> p.get("unitPrice").decimalValue().toPlainString())
                .containsExactly("0.1234", "0.0987", "0.1111", "0.0777");
        assertThat(vm.get(0).get("includedQuantity").decimalValue()).isEqualByComparingTo("10");
        assertThat(vm.get(1).get("tierMinimumUnits").decimalValue()).isEqualByComparingTo("200");
        assertThat(vm.get(0).get("meterDetails").get("meterName").asString()).isEqualTo("D2 v3");
        assertThat(schema.violations("PriceSheetResult", december)).isEmpty();

        JsonNode current = json(get("/subscriptions/" + sub + "/providers/Microsoft.Consumption/pricesheets/default"
                + "?api-version=" + version + "&$top=2"));
        assertThat(current.get("properties").get("pricesheets")).hasSize(2);
    }

    @Test
    void dimensionsListValuesOfTheWindow() throws Exception {
        UUID sub = costSubscription();
        december(sub, 3);
        String path = "/subscriptions/" + sub + "/providers/Microsoft.CostManagement/dimensions?api-version=2023-03-01"
                + "&$expand=properties/data&$filter=" + enc("properties/category eq 'ResourceGroup' and "
                        + "properties/usageStart ge '2017-12-01' and properties/usageEnd le '2017-12-31'");
        JsonNode body = json(get(path));
        assertThat(body.get("value")).hasSize(1);
        JsonNode props = body.get("value").get(0).get("properties");
        List<String> data = new ArrayList<>();
        props.get("data").forEach(d -> data.add(d.asString()));
        assertThat(data).containsExactly("API", "batch", "web");
        assertThat(props.get("total").asInt()).isEqualTo(3);
        assertThat(new AzureSchemas("/azure-specs/costmanagement/2023-03-01/costmanagement.json",
                List.of("DimensionProperties"), List.of()).violations("DimensionsListResult", body)).isEmpty();

        JsonNode all = json(get("/subscriptions/" + sub + "/resourceGroups/web/providers/Microsoft.CostManagement/"
                + "dimensions?api-version=2022-10-01&$top=1&$expand=properties/data&$filter="
                + enc("properties/usageStart ge '2017-12-01' and properties/usageEnd le '2017-12-31'")));
        assertThat(all.get("value").size()).isGreaterThan(10);
        all.get("value").forEach(d -> assertThat(d.get("properties").get("data").size()).isLessThanOrEqualTo(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "usageDetails?api-version=2021-10-01&metric=profit|400|InvalidMetric",
        "usageDetails?api-version=2021-10-01&$expand=properties/everything|400|InvalidExpand",
        "usageDetails?api-version=2021-10-01&$top=0|400|InvalidTop",
        "usageDetails?api-version=2021-10-01&$filter=properties%2FresourceGroup%20eq%20'a'%20or%20tags%20eq%20'a:b'|400|InvalidFilter",
        "usageDetails?api-version=2021-10-01&$filter=tags%20eq%20'novalue'|400|InvalidFilter",
        "usageDetails?api-version=2021-10-01&$filter=properties%2Fcolour%20eq%20'red'|400|InvalidFilter",
        "usageDetails?api-version=2019-10-01|400|InvalidApiVersionParameter",
        "pricesheets/default?api-version=2024-08-01&$top=5000|400|InvalidTop",
        "pricesheets/default|400|MissingApiVersionParameter",
    })
    void badConsumptionRequests(String pathAndQuery, int status, String code) throws Exception {
        UUID sub = costSubscription();
        assertArmError(get("/subscriptions/" + sub + "/providers/Microsoft.Consumption/" + pathAndQuery), status, code);
    }

    @Test
    void theUsageDetailsExampleConforms() {
        for (String version : List.of("2021-10-01", "2024-08-01")) {
            JsonNode example = CommerceSchemas.read("/azure-specs/consumption/" + version
                    + "/examples/UsageDetailsList.json").get("responses").get("200").get("body");
            assertThat(consumption(version).violations("UsageDetailsListResult", example)).isEmpty();
        }
    }
}
