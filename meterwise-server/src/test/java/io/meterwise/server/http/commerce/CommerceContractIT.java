package io.meterwise.server.http.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.server.testing.CommerceApiTestSupport;
import io.meterwise.server.testing.CommerceSchemas;
import tools.jackson.databind.JsonNode;

/** Every Commerce response validated against the Swagger schemas; the spec's examples replayed. */
class CommerceContractIT extends CommerceApiTestSupport {

    static final String EXAMPLES = "/azure-specs/commerce/2015-06-01-preview/examples/";
    final CommerceSchemas schemas = new CommerceSchemas();

    @ParameterizedTest
    @ValueSource(strings = {"GetRateCard.json", "GetRatecard.json"})
    void replaysTheRateCardExample(String file) throws Exception {
        JsonNode example = CommerceSchemas.read(EXAMPLES + file);
        JsonNode params = example.get("parameters");
        JsonNode expected = example.get("responses").get("200").get("body");
        UUID sub = subscription(UUID.fromString(params.get("subscriptionId").asString()));
        for (JsonNode m : expected.get("Meters")) {
            UUID id = UUID.fromString(m.get("MeterId").asString());
            catalog.putMeter(new Meter(id, m.get("MeterName").asString(), m.get("MeterCategory").asString(),
                    m.get("MeterSubCategory").asString(), m.get("MeterRegion").asString(), m.get("Unit").asString(),
                    List.of(m.get("MeterTags").get(0).asString())));
            TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = m.get("MeterRates").properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> rate = it.next();
                tiers.put(new BigDecimal(rate.getKey()), new BigDecimal(rate.getValue().toString()));
            }
            catalog.addPriceVersion(new PriceListKey("MS-AZR-0003P", java.util.Currency.getInstance("USD"), "US"),
                    new MeterPrice(id, Instant.parse(m.get("EffectiveDate").asString()),
                            new BigDecimal(m.get("IncludedQuantity").toString()), tiers));
        }

        HttpResponse<String> r = get("/subscriptions/" + sub + "/providers/Microsoft.Commerce/RateCard?api-version="
                + params.get("api-version").asString() + "&$filter="
                + URLEncoder.encode(params.get("$filter").asString(), StandardCharsets.UTF_8));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(schemas.violations("ResourceRateCardInfo", body)).isEmpty();
        assertThat(body.get("OfferTerms")).isEqualTo(expected.get("OfferTerms"));
        assertThat(body.get("Meters")).isEqualTo(expected.get("Meters"));
        assertThat(body.get("Currency").asString()).isEqualTo("USD");
        assertThat(body.get("Locale").asString()).isEqualTo("en-US");
        assertThat(body.get("IsTaxIncluded").asBoolean()).isFalse();
    }

    @Test
    void replaysTheUsageAggregatesExample() throws Exception {
        JsonNode example = CommerceSchemas.read(EXAMPLES + "GetUsageAggregatesList.json");
        JsonNode params = example.get("parameters");
        JsonNode expected = example.get("responses").get("200").get("body").get("value").get(0);
        JsonNode p = expected.get("properties");
        UUID sub = subscription(UUID.fromString(params.get("subscriptionId").asString()));
        UUID meter = UUID.fromString(p.get("meterId").asString());
        meter(meter, p.get("meterName").asString(), p.get("meterCategory").asString(),
                p.get("meterSubCategory").asString(), "", p.get("unit").asString());
        Instant usageStart = Instant.parse("2015-03-03T07:00:00Z");
        usage(sub, meter, p.get("quantity").toString(), usageStart, "/subscriptions/" + sub
                + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/devtestvhdsd37a7bb567f9", "westus",
                "{}", "{}", Instant.parse("2015-03-04T02:00:00Z"));

        HttpResponse<String> r = get("/subscriptions/" + sub + "/providers/Microsoft.Commerce/UsageAggregates"
                + "?api-version=" + params.get("api-version").asString()
                + "&reportedStartTime=" + URLEncoder.encode(params.get("reportedStartTime").asString(), StandardCharsets.UTF_8)
                + "&reportedEndTime=" + URLEncoder.encode(params.get("reportedEndTime").asString(), StandardCharsets.UTF_8)
                + "&aggregationGranularity=" + params.get("aggregationGranularity").asString()
                + "&showDetails=" + params.get("showDetails").asString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(schemas.violations("UsageAggregationListResult", body)).isEmpty();
        assertThat(body.get("value")).hasSize(1);
        JsonNode item = body.get("value").get(0);
        assertThat(item.get("type")).isEqualTo(expected.get("type"));
        // Meterwise names the usage bucket (deterministic), where the example names the reported start (ADR 0009).
        assertThat(item.get("name").asString()).isEqualTo("Daily_BRSDT_20150303_0000");
        assertThat(item.get("id").asString()).isEqualTo(expected.get("id").asString()
                .replace("Daily_BRSDT_20140501_0000", "Daily_BRSDT_20150303_0000"));
        for (String field : List.of("subscriptionId", "usageStartTime", "usageEndTime", "meterName", "meterCategory",
                "meterSubCategory", "unit", "meterId", "quantity")) {
            assertThat(item.get("properties").get(field)).as(field).isEqualTo(p.get(field));
        }
        assertThat(item.get("properties").get("instanceData").asString()).contains("devtestvhdsd37a7bb567f9");
    }

    @Test
    void pagedAndAggregatedUsageConformsToTheSchema() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        UUID meter = meter(UUID.randomUUID(), "D1 VM", "Virtual Machines", "Standard_D1", "US East", "Hours");
        jdbc.update("INSERT INTO usage_record SELECT (SELECT coalesce(max(ingest_seq), 0) FROM usage_record) + i, "
                + "'c' || i, ?::UUID, ?::UUID, 0.5, TIMESTAMP '2017-12-01 00:00:00' + INTERVAL '1 hour' * (i % 30), "
                + "TIMESTAMP '2017-12-01 01:00:00' + INTERVAL '1 hour' * (i % 30), '/vm/' || i, 'eastus', '{\"env\":\"prod\"}', "
                + "'{\"ServiceType\":\"Standard_D1\"}', TIMESTAMP '2017-12-02 00:00:00' FROM generate_series(1, 1200) t(i)",
                sub.toString(), meter.toString());
        String base = "/subscriptions/" + sub + "/providers/Microsoft.Commerce/UsageAggregates?api-version=2015-06-01-preview"
                + "&reportedStartTime=2017-12-02T00:00:00Z&reportedEndTime=2017-12-03T00:00:00Z";
        for (String shape : List.of("", "&showDetails=false", "&aggregationGranularity=Hourly",
                "&aggregationGranularity=Hourly&showDetails=false")) {
            String next = base + shape;
            while (next != null) {
                JsonNode body = json(get(next));
                assertThat(schemas.violations("UsageAggregationListResult", body)).as(shape).isEmpty();
                next = body.hasNonNull("nextLink") ? body.get("nextLink").asString() : null;
            }
        }
    }

    @Test
    void errorsConformToTheFlatErrorResponse() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        for (String path : List.of("/UsageAggregates?api-version=1", "/RateCard?api-version=2015-06-01-preview",
                "/RateCard?api-version=2015-06-01-preview&$filter=x")) {
            HttpResponse<String> r = get("/subscriptions/" + sub + "/providers/Microsoft.Commerce" + path);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(schemas.violations("ErrorResponse", json(r))).isEmpty();
            assertThat(json(r).get("code").isString()).isTrue();
        }
    }

    @Test
    void theSchemasCatchMistakes() {
        assertThat(schemas.violations("UsageAggregationListResult",
                JSON.readTree("{\"value\":[{\"properties\":{\"quantity\":\"1\"}}]}"))).isNotEmpty();
        assertThat(schemas.violations("UsageAggregationListResult",
                JSON.readTree("{\"value\":[{\"properties\":{\"instanceData\":{}}}]}"))).isNotEmpty();
        assertThat(schemas.violations("ResourceRateCardInfo",
                JSON.readTree("{\"Meters\":[{\"meterId\":\"x\"}]}"))).isNotEmpty();
        assertThat(schemas.violations("ResourceRateCardInfo",
                JSON.readTree("{\"Meters\":[{\"MeterRates\":{\"0\":\"1.5\"}}]}"))).isNotEmpty();
        assertThat(schemas.violations("RecurringCharge", JSON.readTree("{\"Name\":\"Recurring Charge\",\"RecurringCharge\":1.5}")))
                .isNotEmpty();
    }
}
