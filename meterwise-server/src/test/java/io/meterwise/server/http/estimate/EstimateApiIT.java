package io.meterwise.server.http.estimate;

import static io.meterwise.server.http.commerce.ArmErrorAssertions.assertArmError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.ProductAttributes;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.server.testing.CommerceApiTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * The estimate and what-if APIs over HTTP: request shapes (JSON, CSV), answers, and every kind of bad input. Prices
 * are in CHF so that the price lists other tests of the shared context read stay as they are.
 */
class EstimateApiIT extends CommerceApiTestSupport {

    static final UUID SUB = UUID.fromString("dddddddd-0000-4000-8000-000000000001");
    static final UUID LINUX_WE = UUID.fromString("dddddddd-0000-4000-8000-0000000000a1");
    static final UUID WINDOWS_WE = UUID.fromString("dddddddd-0000-4000-8000-0000000000a2");
    static final UUID LINUX_NE = UUID.fromString("dddddddd-0000-4000-8000-0000000000a3");
    static final UUID UNPRICED = UUID.fromString("dddddddd-0000-4000-8000-0000000000a4");
    static final Instant SINCE = Instant.parse("2016-01-01T00:00:00Z");

    @BeforeEach
    void seed() {
        payAsYouGo();
        catalog.putSubscription(new Subscription(SUB, "Estimates", SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("CHF"), "CH", "tenant-est"));
        catalog.putMeter(vm(LINUX_WE, "Est Dsv5 Series", "westeurope", "EU West"));
        catalog.putMeter(vm(WINDOWS_WE, "Est Dsv5 Series Windows", "westeurope", "EU West"));
        catalog.putMeter(vm(LINUX_NE, "Est Dsv5 Series", "northeurope", "EU North"));
        catalog.putMeter(vm(UNPRICED, "Est Dsv5 Series", "swedencentral", "SE Central"));
        PriceListKey usd = new PriceListKey("MS-AZR-0003P", Currency.getInstance("CHF"), "CH");
        catalog.addPriceVersion(usd, MeterPrice.flat(LINUX_WE, SINCE, new BigDecimal("0.23")));
        catalog.addPriceVersion(usd, MeterPrice.flat(WINDOWS_WE, SINCE, new BigDecimal("0.414")));
        catalog.addPriceVersion(usd, MeterPrice.flat(LINUX_NE, SINCE, new BigDecimal("0.214")));
        // usage so far in the current month (January 2018 for the fixed clock: none yet) and in December 2017
        for (int h = 0; h < 10; h++) {
            usage(SUB, LINUX_WE, "2", Instant.parse("2017-12-05T00:00:00Z").plusSeconds(3600L * h), vm(SUB, "web-" + h % 2),
                    "westeurope", "{\"env\":\"prod\"}", "{}", Instant.parse("2017-12-06T00:00:00Z"));
        }
    }

    static Meter vm(UUID id, String product, String region, String location) {
        return new Meter(id, "Est D4s v5", "Virtual Machines", "", location, "1 Hour", List.of(),
                new ProductAttributes("Est Virtual Machines", "", "Compute", product, "", "Est D4s v5", "",
                        "Est_Standard_D4s_v5", region, "Consumption", true));
    }

    HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> estimate(String body) throws Exception {
        return post("/subscriptions/" + SUB + "/providers/Meterwise/estimate", body, "application/json");
    }

    static void bad(HttpResponse<String> response, String code, String... fragments) {
        assertArmError(response, 400, code);
        assertThat(json(response).get("error").get("message").asString()).contains(fragments);
    }

    @Test
    void anEstimateGivesMarginalAndFullMonthPerLineWithTheRatingBreakdownAndListsUnresolvedLines() throws Exception {
        HttpResponse<String> response = estimate("{\"lines\":["
                + "{\"armSkuName\":\"Est_Standard_D4s_v5\",\"armRegionName\":\"westeurope\",\"productName\":"
                + "\"Est Dsv5 Series\",\"count\":3,\"hours\":730},"
                + "{\"meterName\":\"Est D4s v5\",\"armRegionName\":\"EU North\",\"quantity\":\"100\"},"
                + "{\"armSkuName\":\"Est_Standard_D4s_v5\",\"armRegionName\":\"westeurope\",\"hours\":1},"
                + "{\"meterId\":\"" + UNPRICED + "\",\"quantity\":1}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        JsonNode full = body.get("fullMonth");
        assertThat(full.get("lines")).hasSize(2);
        assertThat(full.get("lines").get(0).get("amount").asString()).isEqualTo("503.70"); // 2190 h x 0.23
        assertThat(full.get("lines").get(0).get("meterChargesAfter").get(0).get("tiers").get(0).get("unitPrice")
                .asString()).isEqualTo("0.23");
        assertThat(full.get("lines").get(1).get("amount").asString()).isEqualTo("21.40");
        assertThat(full.get("total").asString()).isEqualTo("525.10");
        // NOW is the first hour of January: the rest of the period is the whole month (744 h of 744)
        assertThat(body.get("marginal").get("total").asString()).isEqualTo("525.10");
        assertThat(body.get("currency").asString()).isEqualTo("CHF");
        assertThat(body.get("unresolved")).hasSize(2);
        assertThat(body.get("unresolved").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(body.get("unresolved").get(0).get("reason").asString()).contains("2 meters match", "productName");
        assertThat(body.get("unresolved").get(1).get("reason").asString()).contains("no price");
    }

    @Test
    void csvHasTheSameShape() throws Exception {
        HttpResponse<String> response = post("/subscriptions/" + SUB + "/providers/Meterwise/estimate",
                "meterId,count,hours\n" + LINUX_WE + ",3,730\n", "text/csv");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("fullMonth").get("total").asString()).isEqualTo("503.70");
    }

    @Test
    void badLinesAre400NamingEachProblem() throws Exception {
        bad(estimate("{\"lines\":[{\"meterId\":\"" + UUID.randomUUID() + "\",\"quantity\":1},"
                + "{\"meterId\":\"" + LINUX_WE + "\",\"quantity\":-3},"
                + "{\"meterId\":\"" + LINUX_WE + "\",\"quantity\":\"lots\"},"
                + "{\"armSkuName\":\"Standard_Nope\",\"armRegionName\":\"westeurope\",\"quantity\":1}]}"),
                "InvalidWorkload", "line 2: quantity -3 is negative", "line 3: quantity 'lots' is not a number");
        bad(estimate("{\"lines\":[{\"meterId\":\"" + UUID.randomUUID() + "\",\"quantity\":1},"
                + "{\"armSkuName\":\"Standard_Nope\",\"armRegionName\":\"westeurope\",\"quantity\":1},"
                + "{\"armSkuName\":\"Est_Standard_D4s_v5\",\"armRegionName\":\"moon\",\"quantity\":1}]}"),
                "InvalidWorkload", "line 1: unknown meter", "line 2: unknown SKU 'Standard_Nope'",
                "line 3: unknown region 'moon'");
        StringBuilder many = new StringBuilder("{\"lines\":[");
        for (int i = 0; i <= 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"meterId\":\"").append(LINUX_WE).append("\",\"quantity\":1}");
        }
        bad(estimate(many.append("]}").toString()), "InvalidWorkload", "10001 lines", "at most 10000");
        bad(estimate("{\"lines\":[]}"), "InvalidWorkload", "non-empty");
        bad(estimate("not json"), "InvalidWorkload", "not valid JSON");
    }

    @Test
    void aListPriceQuoteNeedsOnlyTheOfferCurrencyAndCountry() throws Exception {
        HttpResponse<String> quote = post("/providers/Meterwise/estimate", "{\"offerDurableId\":\"MS-AZR-0003P\","
                + "\"currency\":\"CHF\",\"regionInfo\":\"CH\",\"lines\":[{\"meterId\":\"" + LINUX_NE
                + "\",\"quantity\":730}]}", "application/json");
        assertThat(quote.statusCode()).as(quote.body()).isEqualTo(200);
        assertThat(json(quote).get("fullMonth").get("total").asString()).isEqualTo("156.22");
        assertThat(json(quote).has("marginal")).isFalse();
        bad(post("/providers/Meterwise/estimate", "{\"offerDurableId\":\"MS-AZR-0099P\",\"currency\":\"QQQ\","
                + "\"regionInfo\":\"US\",\"lines\":[{\"meterId\":\"" + LINUX_NE + "\",\"quantity\":1}]}",
                "application/json"), "InvalidWorkload", "offerDurableId, currency and regionInfo");
        bad(post("/providers/Meterwise/estimate", "{\"offerDurableId\":\"MS-AZR-0099P\",\"currency\":\"USD\","
                + "\"regionInfo\":\"US\",\"lines\":[{\"meterId\":\"" + LINUX_NE + "\",\"quantity\":1}]}",
                "application/json"), "InvalidWorkload", "unknown offer 'MS-AZR-0099P'");
    }

    @Test
    void whatIfRepricesAPeriodUnderRegionMovesAndRanksRegions() throws Exception {
        HttpResponse<String> response = post("/subscriptions/" + SUB + "/providers/Meterwise/whatIf",
                "{\"billingPeriod\":\"201712-1\",\"rankRegions\":true,\"alternatives\":[{\"name\":\"north\","
                        + "\"moveToRegion\":\"northeurope\",\"scope\":{\"tag\":\"env=prod\"}},"
                        + "{\"name\":\"sweden\",\"moveToRegion\":\"swedencentral\"}]}", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("actual").get("total").asString()).isEqualTo("4.60"); // 20 h x 0.23
        JsonNode north = body.get("alternatives").get(0);
        assertThat(north.get("total").asString()).isEqualTo("4.28");
        assertThat(north.get("delta").asString()).isEqualTo("-0.32");
        assertThat(north.get("meterDeltas").get(0).get("toMeterIds").get(0).asString()).isEqualTo(LINUX_NE.toString());
        JsonNode sweden = body.get("alternatives").get(1);
        assertThat(sweden.get("unpriced").get(0).get("meterId").asString()).isEqualTo(UNPRICED.toString());
        assertThat(sweden.get("unpriced").get(0).get("resources")).hasSize(2);
        JsonNode ranking = body.get("regionRanking");
        assertThat(ranking.get(0).get("armRegionName").asString()).isEqualTo("northeurope");
        bad(post("/subscriptions/" + SUB + "/providers/Meterwise/whatIf", "{\"billingPeriod\":\"2017-12\","
                + "\"alternatives\":[{\"moveToRegion\":\"moon\"},{\"offerDurableId\":\"MS-AZR-0099P\"},"
                + "{\"skuSwap\":{\"from\":\"Est_Standard_D4s_v5\",\"to\":\"Standard_Nope\"}},{\"currency\":\"QQQ\"}]}",
                "application/json"), "InvalidWhatIf", "billingPeriod must be", "unknown region 'moon'",
                "unknown offer 'MS-AZR-0099P'", "unknown SKU 'Standard_Nope'", "QQQ");
    }
}
