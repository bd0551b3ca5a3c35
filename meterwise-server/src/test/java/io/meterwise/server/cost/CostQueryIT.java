package io.meterwise.server.cost;

import static io.meterwise.server.http.commerce.ArmErrorAssertions.assertArmError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.LineKind;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.money.Money;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.Invoices;
import io.meterwise.server.testing.CommerceApiTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * The Cost Management Query on a real server: issued periods reconcile with their invoices to the cent, the estimate
 * of an open period is what the invoice says once it closes, groups add up to the total, filters, daily rows, paging,
 * scopes and bad input.
 */
class CostQueryIT extends CostApiTestSupport {

    @Test
    void theEstimateOfAnOpenPeriodIsItsInvoiceAndIssuedTotalsReconcileToTheCentInAnyGrouping() throws Exception {
        UUID sub = costSubscription();
        december(sub, 42);
        List<String> columns = new ArrayList<>();
        String lastMonth = "{\"type\":\"Usage\",\"timeframe\":\"TheLastMonth\",\"dataset\":{\"granularity\":\"None\"}}";

        List<JsonNode> estimate = rows(queryPath(sub), lastMonth, columns);
        assertThat(columns).containsExactly("PreTaxCost", "Currency", "IsEstimated");
        assertThat(estimate).hasSize(1);
        assertThat(estimate.get(0).get(2).asBoolean()).isTrue();

        invoiceService.issue(YearMonth.of(2017, 12), sub);
        Invoice invoice = invoices.forPeriod(sub, new io.meterwise.core.time.BillingPeriod(YearMonth.of(2017, 12)))
                .orElseThrow();
        assertThat(estimate.get(0).get(0).decimalValue()).isEqualByComparingTo(invoice.total().amount());

        List<JsonNode> issued = rows(queryPath(sub), lastMonth, columns);
        assertThat(issued).hasSize(1);
        assertThat(issued.get(0).get(0).decimalValue()).isEqualByComparingTo(invoice.total().amount());
        assertThat(issued.get(0).get(1).asString()).isEqualTo("USD");
        assertThat(issued.get(0).get(2).asBoolean()).isFalse();

        List<JsonNode> byType = rows(queryPath(sub), decemberBody("None",
                ",\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ChargeType\"}]"), columns);
        assertThat(columns).containsExactly("Cost", "ChargeType", "Currency", "IsEstimated");
        Map<String, BigDecimal> perType = new HashMap<>();
        byType.forEach(r -> perType.put(r.get(1).asString(), r.get(0).decimalValue()));
        assertThat(perType.get("Usage")).isEqualByComparingTo(invoice.sumOf(LineKind.USAGE, false).amount());
        assertThat(perType.get("Credit")).isEqualByComparingTo(invoice.sumOf(LineKind.MONETARY_CREDIT, false).amount());
        assertThat(perType.get("RecurringCharge")).isEqualByComparingTo("9.99");

        for (String grouping : List.of(
                ",\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ResourceGroup\"},{\"type\":\"TagKey\",\"name\":\"env\"}]",
                ",\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ResourceId\"},{\"type\":\"Dimension\",\"name\":\"Meter\"}]",
                ",\"grouping\":[{\"type\":\"Dimension\",\"name\":\"MeterCategory\"}]")) {
            for (String granularity : List.of("Daily", "None", "Hourly")) {
                List<JsonNode> grouped = rows(queryPath(sub), decemberBody(granularity, grouping), columns);
                assertThat(sum(grouped, 0)).as(granularity + grouping).isEqualByComparingTo(invoice.total().amount());
                grouped.forEach(r -> assertThat(r.get(0).decimalValue().movePointRight(2).stripTrailingZeros().scale())
                        .isLessThanOrEqualTo(0));
            }
        }
    }

    @Test
    void queryQuantitiesEqualUsageAggregatesQuantities() throws Exception {
        UUID sub = costSubscription();
        december(sub, 11);
        List<String> columns = new ArrayList<>();
        List<JsonNode> rows = rows(queryPath(sub), "{\"type\":\"Usage\",\"timeframe\":\"TheLastMonth\",\"dataset\":{"
                + "\"granularity\":\"Daily\",\"aggregation\":{\"q\":{\"name\":\"UsageQuantity\",\"function\":\"Sum\"}},"
                + "\"grouping\":[{\"type\":\"Dimension\",\"name\":\"MeterId\"}]}}", columns);
        assertThat(columns).containsExactly("UsageQuantity", "MeterId", "UsageDate", "Currency", "IsEstimated");
        Map<String, BigDecimal> query = new TreeMap<>();
        rows.stream().filter(r -> !r.get(1).asString().isEmpty()).forEach(r -> query.merge(r.get(1).asString() + "|"
                + r.get(2).asLong(), r.get(0).decimalValue(), BigDecimal::add));

        Map<String, BigDecimal> aggregates = new TreeMap<>();
        String next = "/subscriptions/" + sub + "/providers/Microsoft.Commerce/UsageAggregates?api-version="
                + "2015-06-01-preview&reportedStartTime=2017-12-31T00:00:00Z&reportedEndTime=2018-01-01T00:00:00Z"
                + "&showDetails=false";
        while (next != null) {
            HttpResponse<String> r = get(next);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = json(r);
            body.get("value").forEach(i -> {
                JsonNode p = i.get("properties");
                aggregates.merge(p.get("meterId").asString() + "|" + p.get("usageStartTime").asString()
                        .substring(0, 10).replace("-", ""), p.get("quantity").decimalValue(), BigDecimal::add);
            });
            next = body.hasNonNull("nextLink") ? body.get("nextLink").asString() : null;
        }
        assertThat(query.keySet()).isEqualTo(aggregates.keySet());
        query.forEach((k, v) -> assertThat(v).as(k).isEqualByComparingTo(aggregates.get(k)));
    }

    @Test
    void dailyRowsGroupedAndFilteredAsTheSpecExampleAsks() throws Exception {
        UUID sub = costSubscription();
        usage(sub, egress, "100", Instant.parse("2017-12-30T05:00:00Z"), rid(sub, "API", "a"), "East US",
                "{\"Environment\":\"UAT\"}", "{}", NOW);
        usage(sub, egress, "10", Instant.parse("2017-12-31T05:00:00Z"), rid(sub, "API", "a"), "West Europe", "{}",
                "{}", NOW);
        usage(sub, egress, "1000", Instant.parse("2017-12-31T06:00:00Z"), rid(sub, "web", "b"), "East US", "{}", "{}",
                NOW);
        usage(sub, egress, "7", Instant.parse("2017-12-31T07:00:00Z"), rid(sub, "API", "c"), "Japan East",
                "{\"Environment\":\"Dev\"}", "{}", NOW);
        String body = "{\"type\":\"Usage\",\"timeframe\":\"Custom\",\"timePeriod\":{\"from\":\"2017-12-30T00:00:00+00:00\","
                + "\"to\":\"2017-12-31T00:00:00+00:00\"},\"dataset\":{\"granularity\":\"Daily\","
                + "\"aggregation\":{\"totalCost\":{\"name\":\"PreTaxCost\",\"function\":\"Sum\"},"
                + "\"q\":{\"name\":\"UsageQuantity\",\"function\":\"Sum\"}},"
                + "\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ResourceGroup\"}],"
                + "\"filter\":{\"and\":[{\"or\":[{\"dimensions\":{\"name\":\"ResourceLocation\",\"operator\":\"In\","
                + "\"values\":[\"East US\",\"West Europe\"]}},{\"tags\":{\"name\":\"Environment\",\"operator\":\"In\","
                + "\"values\":[\"UAT\",\"Prod\"]}}]},{\"dimensions\":{\"name\":\"ResourceGroup\",\"operator\":\"In\","
                + "\"values\":[\"api\"]}}]}}}";
        List<String> columns = new ArrayList<>();
        List<JsonNode> rows = rows(queryPath(sub), body, columns);

        assertThat(columns).containsExactly("PreTaxCost", "UsageQuantity", "ResourceGroup", "UsageDate", "Currency",
                "IsEstimated");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(0).decimalValue()).isEqualByComparingTo("8.70");
        assertThat(rows.get(0).get(1).decimalValue()).isEqualByComparingTo("100");
        assertThat(rows.get(0).get(2).asString()).isEqualTo("API");
        assertThat(rows.get(0).get(3).isIntegralNumber()).isTrue();
        assertThat(rows.get(0).get(3).asLong()).isEqualTo(20171230L);
        assertThat(rows.get(1).get(0).decimalValue()).isEqualByComparingTo("0.87");
        assertThat(rows.get(1).get(3).asLong()).isEqualTo(20171231L);

        String not = body.replace("\"filter\":{\"and\"", "\"filter\":{\"not\":{\"and\"").replace("]}}}", "]}}}}");
        List<JsonNode> negated = rows(queryPath(sub), not.replace("\"granularity\":\"Daily\"",
                "\"granularity\":\"None\""), columns);
        // not(...) keeps the web group and the Japan East record of API; the terms are dated 1 December
        assertThat(negated).extracting(r -> r.get(2).asString()).containsExactly("API", "web");
        assertThat(negated.get(0).get(0).decimalValue()).isEqualByComparingTo("0.61");
        assertThat(negated.get(1).get(0).decimalValue()).isEqualByComparingTo("87.00");
    }

    @Test
    void resourceGroupAndBillingPeriodScopes() throws Exception {
        UUID sub = costSubscription();
        usage(sub, egress, "100", Instant.parse("2017-11-30T05:00:00Z"), rid(sub, "API", "a"), "eastus", "{}", "{}",
                NOW);
        usage(sub, egress, "10", Instant.parse("2017-12-31T05:00:00Z"), rid(sub, "API", "a"), "eastus", "{}", "{}",
                NOW);
        usage(sub, egress, "1000", Instant.parse("2017-12-31T06:00:00Z"), rid(sub, "web", "b"), "eastus", "{}", "{}",
                NOW);
        String body = "{\"type\":\"ActualCost\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"granularity\":\"None\"}}";
        List<String> columns = new ArrayList<>();

        List<JsonNode> rg = rows("/subscriptions/" + sub + "/resourceGroups/api/providers/Microsoft.CostManagement/query"
                + "?api-version=2022-10-01", body.replace("MonthToDate", "TheLastMonth"), columns);
        assertThat(rg).hasSize(1);
        assertThat(rg.get(0).get(0).decimalValue()).isEqualByComparingTo("0.87");

        List<JsonNode> november = rows("/subscriptions/" + sub + "/providers/Microsoft.Billing/billingPeriods/201711-1"
                + "/providers/Microsoft.CostManagement/query?api-version=" + VERSION, body, columns);
        // 8.70 of usage, less the credit (25.00 covers it), plus the 9.99 recurring charge
        assertThat(november.get(0).get(0).decimalValue()).isEqualByComparingTo("9.99");
    }

    @Test
    void aBatchIngestedIsInTheNextQuery() throws Exception {
        UUID sub = costSubscription();
        String body = "{\"type\":\"Usage\",\"timeframe\":\"TheLastMonth\",\"dataset\":{\"granularity\":\"None\","
                + "\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ChargeType\"}],\"filter\":{\"dimensions\":{"
                + "\"name\":\"ChargeType\",\"operator\":\"In\",\"values\":[\"Usage\"]}}}}";
        List<String> columns = new ArrayList<>();
        assertThat(rows(queryPath(sub), body, columns)).isEmpty();
        String record = "{\"recordId\":\"cost-%s\",\"subscriptionId\":\"" + sub + "\",\"meterId\":\"" + egress
                + "\",\"quantity\":%s,\"usageStartTime\":\"2017-12-20T10:00:00Z\",\"usageEndTime\":"
                + "\"2017-12-20T11:00:00Z\",\"resourceUri\":\"" + rid(sub, "web", "x") + "\",\"location\":\"eastus\"}";
        HttpResponse<String> ingested = send(HttpRequest.newBuilder(URI.create(base() + "/providers/Meterwise/usage"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(String.format(record, sub + "-1", "10") + "\n"
                        + String.format(record, sub + "-2", "20"))).build());
        assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);

        List<JsonNode> after = rows(queryPath(sub), body, columns);
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get(0).decimalValue()).isEqualByComparingTo("2.61");
    }

    @Test
    void pagesFollowNextLinkWithoutRepeats() throws Exception {
        UUID sub = costSubscription();
        jdbc.update("INSERT INTO usage_record SELECT (SELECT coalesce(max(ingest_seq), 0) FROM usage_record) + i, "
                + "'p' || i || ?, ?::UUID, ?::UUID, 1.5, TIMESTAMP '2017-12-01 00:00:00' + INTERVAL '1 hour' * (i % 600), "
                + "TIMESTAMP '2017-12-01 01:00:00' + INTERVAL '1 hour' * (i % 600), ? || (i % 1500), 'eastus', '{}', '{}', "
                + "TIMESTAMP '2017-12-31 00:00:00' FROM generate_series(1, 3000) t(i)", sub.toString(), sub.toString(),
                egress.toString(), rid(sub, "many", "vm"));
        String body = "{\"type\":\"Usage\",\"timeframe\":\"TheLastMonth\",\"dataset\":{\"granularity\":\"None\","
                + "\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ResourceId\"}]}}";
        HttpResponse<String> first = post(queryPath(sub), body);
        JsonNode props = json(first).get("properties");
        assertThat(props.get("rows")).hasSize(1000);
        assertThat(props.get("nextLink").asString()).contains("$skiptoken=");
        List<String> columns = new ArrayList<>();
        List<JsonNode> all = rows(queryPath(sub), body, columns);
        assertThat(all).hasSize(1501);
        assertThat(all.stream().map(r -> r.get(1).asString()).distinct()).hasSize(1501);
        // 4,500 GB at 0.087, the 25.00 credit, the 9.99 recurring charge
        assertThat(sum(all, 0)).isEqualByComparingTo(new BigDecimal("376.49"));

        HttpResponse<String> otherBody = post(props.get("nextLink").asString(), body.replace("None", "Daily"));
        assertArmError(otherBody, 400, "InvalidContinuationToken");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"Usage\",\"timeframe\":\"Custom\",\"dataset\":{}}|timePeriod",
        "{\"type\":\"Usage\",\"timeframe\":\"Custom\",\"timePeriod\":{\"from\":\"2017-12-02T00:00:00Z\",\"to\":\"2017-12-01T00:00:00Z\"},\"dataset\":{}}|timePeriod.from",
        "{\"type\":\"Usage\",\"timeframe\":\"Custom\",\"timePeriod\":{\"from\":\"2016-01-01T00:00:00Z\",\"to\":\"2017-12-01T00:00:00Z\"},\"dataset\":{}}|timePeriod",
        "{\"type\":\"Usage\",\"timeframe\":\"Custom\",\"timePeriod\":{\"from\":\"yesterday\",\"to\":\"2017-12-01T00:00:00Z\"},\"dataset\":{}}|timePeriod.from",
        "{\"type\":\"Usage\",\"timeframe\":\"Someday\",\"dataset\":{}}|timeframe",
        "{\"type\":\"Bill\",\"timeframe\":\"MonthToDate\",\"dataset\":{}}|type",
        "{\"timeframe\":\"MonthToDate\",\"dataset\":{}}|type",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\"}|dataset",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"granularity\":\"Monthly\"}}|dataset.granularity",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"grouping\":[{\"type\":\"Dimension\",\"name\":\"Colour\"}]}}|dataset.grouping[0].name",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"grouping\":[{\"type\":\"TagKey\",\"name\":\"env:prod\"}]}}|dataset.grouping[0].name",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"grouping\":[{\"type\":\"Dimension\",\"name\":\"Meter\"},{\"type\":\"Dimension\",\"name\":\"MeterId\"},{\"type\":\"TagKey\",\"name\":\"env\"}]}}|dataset.grouping",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"aggregation\":{\"t\":{\"name\":\"Cost\",\"function\":\"Avg\"}}}}|dataset.aggregation.t.function",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"aggregation\":{\"t\":{\"name\":\"Profit\",\"function\":\"Sum\"}}}}|dataset.aggregation.t.name",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"filter\":{\"dimensions\":{\"name\":\"ResourceGroup\",\"operator\":\"Contains\",\"values\":[\"a\"]}}}}|dataset.filter.dimensions.operator",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"filter\":{\"and\":[{\"tags\":{\"name\":\"env\",\"operator\":\"In\",\"values\":[\"a\"]}}]}}}|dataset.filter.and",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"filter\":{\"xor\":[]}}}|dataset.filter.xor",
        "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{\"filter\":{\"tags\":{\"name\":\"env\",\"operator\":\"In\",\"values\":[]}}}}|dataset.filter.tags.values",
        "{\"type\":\"Usage\",|parameters",
        "[]|parameters",
    })
    void badDefinitionsAre400NamingTheField(String body, String field) throws Exception {
        UUID sub = costSubscription();
        HttpResponse<String> r = post(queryPath(sub), body);
        assertArmError(r, 400, "BadRequest");
        assertThat(json(r).get("error").get("target").asString()).isEqualTo(field);
    }

    @Test
    void badScopesAndVersions() throws Exception {
        UUID sub = costSubscription();
        String body = "{\"type\":\"Usage\",\"timeframe\":\"MonthToDate\",\"dataset\":{}}";
        assertArmError(post("/providers/Microsoft.Billing/billingAccounts/123/providers/Microsoft.CostManagement/query"
                + "?api-version=" + VERSION, body), 400, "UnsupportedScope");
        assertArmError(post("/subscriptions/" + sub + "/providers/Microsoft.CostManagement/query", body), 400,
                "MissingApiVersionParameter");
        assertArmError(post("/subscriptions/" + sub + "/providers/Microsoft.CostManagement/query?api-version=2019-11-01",
                body), 400, "InvalidApiVersionParameter");
        assertArmError(post("/subscriptions/" + sub + "/providers/Microsoft.Billing/billingPeriods/2017-13"
                + "/providers/Microsoft.CostManagement/query?api-version=" + VERSION, body), 400, "InvalidBillingPeriod");
        assertArmError(post(queryPath(UUID.randomUUID()), body), 404, "SubscriptionNotFound");
    }
}
