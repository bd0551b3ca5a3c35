package io.meterwise.server.http.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.time.Granularity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import io.meterwise.core.usage.UsageAggregateLine;

class UsageAggregatesJsonTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final UUID SUBSCRIPTION = UUID.fromString("5b0e6c7a-0000-4000-8000-000000000001");
    private static final UUID METER = UUID.fromString("0b6c8d3e-0000-4000-8000-000000000002");
    private static final long JUNE_2 = Instant.parse("2015-06-02T00:00:00Z").toEpochMilli() * 1000;

    @Test
    void rendersTheSpecShapeWithInstanceDataAsAStringHoldingJson() {
        Meter meter = new Meter(METER, "D1 \"v3\"", "Virtual Machines", "Dsv3 Series", "US East", "1 Hour", List.of());
        UsageAggregateLine line = new UsageAggregateLine(JUNE_2, METER.toString(), new UsageAggregateLine.Instance(
                "/subscriptions/x/vm/a\"b\\c", "eastus", "{\"env\":\"prod \\\"x\\\"\"}", "not an object"),
                new BigDecimal("1.500000000"));

        JsonNode body = render(true, Map.of(METER.toString(), meter), List.of(line), "http://h/next?a=1&b=\"2\"");

        JsonNode item = body.get("value").get(0);
        assertThat(item.get("id").asString())
                .isEqualTo("/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.Commerce/UsageAggregates/"
                        + "Daily_BRSDT_20150602_0000");
        assertThat(item.get("name").asString()).isEqualTo("Daily_BRSDT_20150602_0000");
        assertThat(item.get("type").asString()).isEqualTo("Microsoft.Commerce/UsageAggregate");
        JsonNode p = item.get("properties");
        assertThat(fieldNames(p)).containsExactly("subscriptionId", "usageStartTime", "usageEndTime", "meterName",
                "meterCategory", "meterSubCategory", "unit", "meterId", "meterRegion", "infoFields", "quantity",
                "instanceData");
        assertThat(p.get("usageStartTime").asString()).isEqualTo("2015-06-02T00:00:00+00:00");
        assertThat(p.get("usageEndTime").asString()).isEqualTo("2015-06-03T00:00:00+00:00");
        assertThat(p.get("meterName").asString()).isEqualTo("D1 \"v3\"");
        assertThat(p.get("infoFields").isObject()).isTrue();
        assertThat(p.get("infoFields").isEmpty()).isTrue();
        assertThat(p.get("quantity").isNumber()).isTrue();
        assertThat(p.get("quantity").decimalValue()).isEqualByComparingTo("1.5");
        JsonNode resources = JSON.readTree(p.get("instanceData").asString()).get("Microsoft.Resources");
        assertThat(resources.get("resourceUri").asString()).isEqualTo("/subscriptions/x/vm/a\"b\\c");
        assertThat(resources.get("tags").get("env").asString()).isEqualTo("prod \"x\"");
        assertThat(resources.get("additionalInfo").isEmpty()).isTrue();
        assertThat(body.get("nextLink").asString()).isEqualTo("http://h/next?a=1&b=\"2\"");
    }

    @Test
    void withoutDetailsNoInstanceDataAndUnknownMetersHaveEmptyNames() {
        UsageAggregateLine line = new UsageAggregateLine(JUNE_2, METER.toString(), null, BigDecimal.ZERO);

        JsonNode body = render(false, Map.of(), List.of(line, line), null);

        assertThat(body.get("value")).hasSize(2);
        JsonNode p = body.get("value").get(1).get("properties");
        assertThat(p.has("instanceData")).isFalse();
        assertThat(p.get("meterName").asString()).isEmpty();
        assertThat(p.get("quantity").asString()).isEqualTo("0");
        assertThat(body.get("value").get(0).get("name").asString()).isEqualTo("Daily_BRSDF_20150602_0000");
        assertThat(body.has("nextLink")).isFalse();
    }

    @Test
    void anyStringRoundTripsThroughTheDoublyEscapedInstanceData() {
        Random random = new Random(42);
        List<String> values = new ArrayList<>(List.of("", "\"", "\\", "\\\"", "\u0000\u0001\u001f", "\b\f\n\r\t",
                "é ü ß", "€ 中文", "\uD83D\uDE00 emoji", "lone \uD800 surrogate", "/ slash", "\u007f\u0080\u07ff\u0800"));
        for (int i = 0; i < 300; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(20);
            for (int k = 0; k < length; k++) {
                s.append(switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(0x80);
                    case 1 -> (char) random.nextInt(0x20);
                    case 2 -> (char) (0x80 + random.nextInt(0xD800 - 0x80));
                    default -> "\"\\".charAt(random.nextInt(2));
                });
            }
            values.add(s.toString());
        }
        List<UsageAggregateLine> lines = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            lines.add(new UsageAggregateLine(JUNE_2 + i * 86_400_000_000L, METER.toString(),
                    new UsageAggregateLine.Instance(values.get(i), values.get(values.size() - 1 - i), "{}", "{}"),
                    BigDecimal.ONE));
        }

        JsonNode body = render(true, Map.of(), lines, null);

        for (int i = 0; i < values.size(); i++) {
            JsonNode resources = JSON.readTree(body.get("value").get(i).get("properties").get("instanceData")
                    .asString()).get("Microsoft.Resources");
            assertThat(resources.get("resourceUri").asString()).isEqualTo(values.get(i));
            assertThat(resources.get("location").asString())
                    .isEqualTo(values.get(values.size() - 1 - i));
        }
    }

    private static JsonNode render(boolean details, Map<String, Meter> meters, List<UsageAggregateLine> lines,
            String nextLink) {
        UsageAggregatesRequest request = new UsageAggregatesRequest(SUBSCRIPTION,
                Instant.parse("2015-06-01T00:00:00Z"), Instant.parse("2015-06-01T00:00:00Z").plus(30, ChronoUnit.DAYS),
                Granularity.DAILY, details, Optional.empty());
        byte[] page = UsageAggregatesJson.page(request, meters, lines, nextLink);
        return JSON.readTree(new String(page, StandardCharsets.UTF_8));
    }

    private static List<String> fieldNames(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }
}
