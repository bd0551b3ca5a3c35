package io.meterwise.server.http.retail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's Retail Prices answers reproduce the rows of {@code demo/azure-retail-prices-eu.csv} the demo was built
 * from, page by page; the public endpoint is rate-limited per client address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RetailPricesDemoIT.FixedClock.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetailPricesDemoIT {

    static final int LIMIT = 40;
    static final ObjectMapper JSON = JsonMapper.builder().build();

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(Instant.parse("2026-03-15T10:30:00Z"), ZoneOffset.UTC);
        }
    }

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
        registry.add("meterwise.demo.enabled", () -> "true");
        registry.add("meterwise.demo.months", () -> "1");
        registry.add("meterwise.demo.scale", () -> "0.02");
        registry.add("meterwise.retail-prices.page-size", () -> "100");
        registry.add("meterwise.retail-prices.requests-per-window", () -> String.valueOf(LIMIT));
        registry.add("meterwise.retail-prices.window", () -> "1h");
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    static int requests;

    HttpResponse<String> get(String url) throws Exception {
        requests++;
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    List<JsonNode> allItems(String query) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String url = "http://localhost:" + port + "/api/retail/prices" + query;
        while (url != null) {
            HttpResponse<String> response = get(url);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("Count").asInt()).isEqualTo(body.get("Items").size()).isLessThanOrEqualTo(100);
            body.get("Items").forEach(items::add);
            url = body.get("NextPageLink").isNull() ? null : body.get("NextPageLink").asString();
        }
        return items;
    }

    @Test
    @Order(1)
    void everyRowTheDemoWasBuiltFromIsAnItemWithItsPriceAndProductFields() throws Exception {
        List<JsonNode> items = allItems("?api-version=2023-01-01-preview&currencyCode=USD");
        assertThat(items.size()).isGreaterThan(255);
        int checked = 0;
        try (BufferedReader csv = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/demo/azure-retail-prices-eu.csv"), StandardCharsets.UTF_8))) {
            String[] header = csv.readLine().split(",");
            assertThat(header).startsWith("meterId", "armRegionName", "meterRegion", "productName", "skuName",
                    "meterName", "unitOfMeasure", "unitPriceUsd", "skuId", "productId", "serviceName", "serviceId",
                    "serviceFamily", "armSkuName", "type");
            for (String line = csv.readLine(); line != null; line = csv.readLine()) {
                String[] f = line.split(",", -1);
                List<JsonNode> listed = items.stream().filter(i -> i.get("meterId").asString().equals(f[0])
                        && i.get("effectiveStartDate").asString().equals("2024-01-01T00:00:00Z")
                        && i.get("retailPrice").decimalValue().compareTo(new BigDecimal(f[7])) == 0).toList();
                assertThat(listed).as(line).hasSize(1);
                JsonNode item = listed.get(0);
                assertThat(item.get("unitPrice").decimalValue()).isEqualByComparingTo(new BigDecimal(f[7]));
                assertThat(List.of("armRegionName", "location", "productName", "skuName", "meterName", "unitOfMeasure",
                        "skuId", "productId", "serviceName", "serviceId", "serviceFamily", "armSkuName", "type").stream()
                        .map(n -> item.get(n).asString()).toList())
                        .as(line).containsExactly(f[1], f[2], f[3], f[4], f[5], f[6], f[8], f[9], f[10], f[11], f[12],
                                f[13], f[14]);
                assertThat(item.get("currencyCode").asString()).isEqualTo("USD");
                checked++;
            }
        }
        assertThat(checked).isEqualTo(255);
        // a filter narrows it the same way Azure's does
        assertThat(allItems("?$filter=armSkuName%20eq%20'Standard_D4s_v5'%20and%20armRegionName%20eq%20'westeurope'"))
                .extracting(i -> i.get("productName").asString())
                .contains("Virtual Machines Dsv5 Series", "Virtual Machines Dsv5 Series Windows");
    }

    @Test
    @Order(2)
    void aClientOverTheLimitGets429WithRetryAfter() throws Exception {
        String url = "http://localhost:" + port + "/api/retail/prices?$filter=meterName%20eq%20'none'";
        HttpResponse<String> response = null;
        while (requests <= LIMIT + 1) {
            response = get(url);
        }
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        assertThat(JSON.readTree(response.body()).get("error").get("code").asString()).isEqualTo("TooManyRequests");
    }
}
