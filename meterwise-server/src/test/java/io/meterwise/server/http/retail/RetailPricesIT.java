package io.meterwise.server.http.retail;

import static io.meterwise.server.http.commerce.ArmErrorAssertions.assertArmError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.ProductAttributes;
import io.meterwise.server.testing.CommerceApiTestSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * The Retail Prices API over HTTP, without a token, against hand-made meters and the real sample's item shape. Prices
 * are in CHF and NOK so that the price lists other tests of the shared context read stay as they are.
 */
class RetailPricesIT extends CommerceApiTestSupport {

    static final UUID VM_WE = UUID.fromString("cccccccc-0000-4000-8000-000000000001");
    static final UUID VM_NE = UUID.fromString("cccccccc-0000-4000-8000-000000000002");
    static final UUID EGRESS = UUID.fromString("cccccccc-0000-4000-8000-000000000003");
    static final UUID SECONDARY = UUID.fromString("cccccccc-0000-4000-8000-000000000004");
    static final Instant SINCE = Instant.parse("2016-01-01T00:00:00Z");
    static final Instant CHANGE = Instant.parse("2017-06-01T00:00:00Z");

    @BeforeEach
    void seed() {
        payAsYouGo();
        catalog.putMeter(vm(VM_WE, "westeurope", "EU West", true));
        catalog.putMeter(vm(VM_NE, "northeurope", "EU North", true));
        catalog.putMeter(vm(SECONDARY, "swedencentral", "SE Central", false));
        catalog.putMeter(new Meter(EGRESS, "Retail Test Egress", "Bandwidth", "", "Zone 1", "1 GB", List.of(),
                new ProductAttributes("Retail Test Bandwidth", "", "Networking", "Retail Test Bandwidth", "", "Standard",
                        "", "", "", "Consumption", true)));
        PriceListKey usd = new PriceListKey("MS-AZR-0003P", Currency.getInstance("CHF"), "CH");
        catalog.addPriceVersion(usd, MeterPrice.flat(VM_WE, SINCE, new BigDecimal("0.192")));
        catalog.addPriceVersion(usd, MeterPrice.flat(VM_WE, CHANGE, new BigDecimal("0.2112")));
        catalog.addPriceVersion(usd, MeterPrice.flat(VM_NE, SINCE, new BigDecimal("0.188")));
        catalog.addPriceVersion(usd, MeterPrice.flat(SECONDARY, SINCE, new BigDecimal("0.2")));
        catalog.addPriceVersion(usd, new MeterPrice(EGRESS, SINCE, new BigDecimal("100"), new TreeMap<>(Map.of(
                BigDecimal.ZERO, new BigDecimal("0.087"), new BigDecimal("10240"), new BigDecimal("0.083")))));
        catalog.addPriceVersion(new PriceListKey("MS-AZR-0003P", Currency.getInstance("NOK"), "NO"),
                MeterPrice.flat(VM_WE, SINCE, new BigDecimal("0.17664")));
    }

    static Meter vm(UUID id, String armRegion, String location, boolean primary) {
        return new Meter(id, "D4s v5", "Virtual Machines", "Retail Test Series", location, "1 Hour", List.of(),
                new ProductAttributes("Virtual Machines", "DZH313Z7MMC8", "Compute", "Retail Test Dsv5 Series",
                        "DZH318Z0BQ4S", "D4s v5", "DZH318Z0BQ4S/00FM", "Standard_D4s_v5", armRegion, "Consumption",
                        primary));
    }

    HttpResponse<String> prices(String query) throws Exception {
        // no Authorization header: the API is public
        String chf = query.contains("currencyCode=") ? query : (query.isEmpty() ? "?" : query + "&") + "currencyCode=CHF";
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/retail/prices" + chf)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String filter(String filter) {
        return "$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    static void bad(HttpResponse<String> response, int status, String code, String fragment) {
        assertArmError(response, status, code);
        assertThat(json(response).get("error").get("message").asString()).contains(fragment);
    }

    static List<JsonNode> items(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        json(response).get("Items").forEach(items::add);
        return items;
    }

    @Test
    void includedQuantityIsAFreeFirstTierAndTiersCountFromTheFirstUnitOfTheMonth() throws Exception {
        HttpResponse<String> response = prices("?api-version=2023-01-01-preview&" + filter(
                "serviceName eq 'Retail Test Bandwidth'"));
        List<JsonNode> items = items(response);
        assertThat(items).extracting(i -> i.get("tierMinimumUnits").decimalValue().stripTrailingZeros().toPlainString()
                + "@" + i.get("retailPrice").decimalValue().stripTrailingZeros().toPlainString())
                .containsExactly("0@0", "100@0.087", "10340@0.083");
        JsonNode body = json(response);
        assertThat(body.get("BillingCurrency").asString()).isEqualTo("CHF");
        assertThat(body.get("CustomerEntityId").asString()).isEqualTo("Default");
        assertThat(body.get("CustomerEntityType").asString()).isEqualTo("Retail");
        assertThat(body.get("Count").asInt()).isEqualTo(3);
        assertThat(body.get("NextPageLink").isNull()).isTrue();
        assertThat(items.get(1).get("unitPrice").decimalValue()).isEqualByComparingTo("0.087");
        assertThat(items.get(1).get("location").asString()).isEqualTo("Zone 1");
        assertThat(items.get(1).get("unitOfMeasure").asString()).isEqualTo("1 GB");
    }

    @Test
    void everyPriceVersionIsAnItemAndASupersededOneEndsWhereTheNextStarts() throws Exception {
        List<JsonNode> items = items(prices("?" + filter("meterId eq '" + VM_WE + "'")));
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("effectiveStartDate").asString()).isEqualTo("2016-01-01T00:00:00Z");
        assertThat(items.get(0).get("effectiveEndDate").asString()).isEqualTo("2017-06-01T00:00:00Z");
        assertThat(items.get(0).get("retailPrice").decimalValue()).isEqualByComparingTo("0.192");
        assertThat(items.get(1).get("effectiveStartDate").asString()).isEqualTo("2017-06-01T00:00:00Z");
        assertThat(items.get(1).has("effectiveEndDate")).isFalse();
        assertThat(items.get(1).get("retailPrice").decimalValue()).isEqualByComparingTo("0.2112");
        JsonNode item = items.get(1);
        assertThat(item.get("armSkuName").asString()).isEqualTo("Standard_D4s_v5");
        assertThat(item.get("armRegionName").asString()).isEqualTo("westeurope");
        assertThat(item.get("location").asString()).isEqualTo("EU West");
        assertThat(item.get("skuId").asString()).isEqualTo("DZH318Z0BQ4S/00FM");
        assertThat(item.get("type").asString()).isEqualTo("Consumption");
        assertThat(item.get("isPrimaryMeterRegion").asBoolean()).isTrue();
    }

    @Test
    void filterCombinesEqWithAndOrAndParenthesesOverFieldNamesInAnyCase() throws Exception {
        String product = "productName eq 'Retail Test Dsv5 Series'";
        assertThat(items(prices("?" + filter(product + " and armRegionName eq 'northeurope'"))))
                .extracting(i -> i.get("meterId").asString()).containsExactly(VM_NE.toString());
        assertThat(items(prices("?" + filter("PRODUCTNAME eq 'Retail Test Dsv5 Series' and (armregionname eq "
                + "'northeurope' or armRegionName eq 'swedencentral') and priceType eq 'Consumption'"))))
                .extracting(i -> i.get("meterId").asString()).containsExactlyInAnyOrder(VM_NE.toString(),
                        SECONDARY.toString());
        // values compare exactly, as in Azure's current API versions
        assertThat(items(prices("?" + filter("productName eq 'retail test dsv5 series'")))).isEmpty();
        assertThat(items(prices("?" + filter(product + " and skuName eq 'D4s v5' and armSkuName eq "
                + "'Standard_D4s_v5' and location eq 'EU North'")))).hasSize(1);
        assertThat(items(prices("?meterRegion='primary'&" + filter(product))))
                .extracting(i -> i.get("meterId").asString()).doesNotContain(SECONDARY.toString()).hasSize(3);
    }

    @Test
    void currencyCodeSelectsThePayAsYouGoPriceListOfThatCurrency() throws Exception {
        HttpResponse<String> response = prices("?currencyCode=nok&" + filter("meterId eq '" + VM_WE + "'"));
        List<JsonNode> items = items(response);
        assertThat(json(response).get("BillingCurrency").asString()).isEqualTo("NOK");
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(i.get("currencyCode").asString()).isEqualTo("NOK");
            assertThat(i.get("retailPrice").decimalValue()).isEqualByComparingTo("0.17664");
        });
    }

    @Test
    void badFiltersCurrenciesAndVersionsAre400NamingTheProblem() throws Exception {
        bad(prices("?" + filter("color eq 'red'")), 400, "InvalidFilter", "unknown field 'color'");
        bad(prices("?" + filter("serviceName ne 'Storage'")), 400, "InvalidFilter", "only 'eq'");
        bad(prices("?" + filter("serviceName eq 'Storage")), 400, "InvalidFilter", "not closed");
        bad(prices("?" + filter("serviceName eq 'Storage' and")), 400, "InvalidFilter", "ends");
        bad(prices("?" + filter("(serviceName eq 'Storage'")), 400, "InvalidFilter", "')'");
        bad(prices("?" + filter("serviceName eq Storage")), 400, "InvalidFilter", "quoted value");
        bad(prices("?" + filter("currencyCode eq 'EUR'")), 400, "InvalidFilter", "query parameter");
        bad(prices("?currencyCode=XYZ"), 400, "InvalidCurrency", "XYZ");
        bad(prices("?currencyCode=JPY"), 400, "InvalidCurrency", "JPY");
        bad(prices("?api-version=2020-01-01"), 400, "InvalidApiVersionParameter", "2020-01-01");
        bad(prices("?meterRegion=secondary"), 400, "InvalidParameter", "meterRegion");
        bad(prices("?$skip=-1"), 400, "InvalidParameter", "$skip");
    }

    /** Every field of our items is a field of the real API's items with the same JSON type, and none is missing. */
    @Test
    void itemsHaveTheFieldsAndTypesOfTheRealRetailPricesSample() throws Exception {
        Map<String, JsonNodeType> sampleTypes = new HashMap<>();
        Set<String> inEveryItem = null;
        try (InputStream in = getClass().getResourceAsStream("/retail/azure-retail-prices-sample.json")) {
            for (JsonNode item : JSON.readTree(in)) {
                Set<String> names = new HashSet<>();
                item.propertyNames().forEach(names::add);
                for (String name : names) {
                    sampleTypes.put(name, item.get(name).getNodeType());
                }
                if (inEveryItem == null) {
                    inEveryItem = new HashSet<>(names);
                } else {
                    inEveryItem.retainAll(names);
                }
            }
        }
        assertThat(inEveryItem).contains("tierMinimumUnits", "retailPrice", "unitPrice", "armRegionName", "location",
                "effectiveStartDate", "meterId", "meterName", "productId", "skuId", "productName", "skuName",
                "serviceName", "serviceId", "serviceFamily", "unitOfMeasure", "type", "isPrimaryMeterRegion",
                "armSkuName", "currencyCode");
        List<JsonNode> ours = items(prices("?" + filter("productName eq 'Retail Test Dsv5 Series' or serviceName eq "
                + "'Retail Test Bandwidth'")));
        assertThat(ours).hasSize(7);
        for (JsonNode item : ours) {
            Set<String> names = new HashSet<>();
            item.propertyNames().forEach(names::add);
            assertThat(names).containsAll(inEveryItem);
            assertThat(sampleTypes.keySet()).containsAll(names);
            for (String name : names) {
                assertThat(item.get(name).getNodeType()).as(name).isEqualTo(sampleTypes.get(name));
            }
        }
    }
}
