package io.meterwise.server.http.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.meterwise.server.http.commerce.ArmErrorAssertions.assertArmError;

import io.meterwise.server.testing.CommerceApiTestSupport;
import tools.jackson.databind.JsonNode;

class UsageAggregatesIT extends CommerceApiTestSupport {

    static final UUID STORAGE = UUID.fromString("0e9d0c9b-ab6d-4312-9c7e-3794e22af9c4");
    static final UUID COMPUTE = UUID.fromString("6a1b2c3d-0000-4000-8000-000000000001");

    @BeforeEach
    void meters() {
        meter(STORAGE, "Standard IO – Page Blob/Disk (GB)", "Storage", "Geo Redundant", "", "GB");
        meter(COMPUTE, "Compute Hours", "Virtual Machines", "Standard_D1", "US East", "Hours");
    }

    static String path(UUID sub) {
        return "/subscriptions/" + sub + "/providers/Microsoft.Commerce/UsageAggregates?api-version=2015-06-01-preview";
    }

    static String window(String start, String end) {
        return "&reportedStartTime=" + start + "&reportedEndTime=" + end;
    }

    List<JsonNode> all(String url) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String next = url;
        while (next != null) {
            HttpResponse<String> r = get(next);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = json(r);
            body.get("value").forEach(items::add);
            next = body.hasNonNull("nextLink") ? body.get("nextLink").asString() : null;
        }
        return items;
    }

    @Test
    void dailyDetailsGroupPerResourceAndBucketWithInstanceData() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        Instant reported = Instant.parse("2015-03-04T02:00:00Z");
        for (int h = 0; h < 3; h++) {
            Instant t = Instant.parse("2015-03-03T00:00:00Z").plus(h, ChronoUnit.HOURS);
            usage(sub, COMPUTE, "1", t, vm(sub, "a"), "eastus", "{\"Owner\":\"ann\"}", "{\"ImageType\":\"Canonical\"}",
                    reported);
            usage(sub, COMPUTE, "0.5", t, vm(sub, "b"), "eastus", "{}", "{}", reported);
        }
        usage(sub, STORAGE, "0.057865", Instant.parse("2015-03-03T05:00:00Z"), vm(sub, "a"), "westus", "{}", "{}",
                reported);

        List<JsonNode> items = all(path(sub) + window("2015-03-04T00:00:00%2B00:00", "2015-03-05T00:00:00Z"));

        assertThat(items).hasSize(3);
        JsonNode a = items.stream().filter(i -> i.get("properties").get("meterId").asString().equals(COMPUTE.toString())
                && i.get("properties").get("instanceData").asString().contains("/a\"")).findFirst().orElseThrow();
        assertThat(a.get("name").asString()).isEqualTo("Daily_BRSDT_20150303_0000");
        assertThat(a.get("id").asString())
                .isEqualTo("/subscriptions/" + sub + "/providers/Microsoft.Commerce/UsageAggregates/Daily_BRSDT_20150303_0000");
        assertThat(a.get("type").asString()).isEqualTo("Microsoft.Commerce/UsageAggregate");
        JsonNode p = a.get("properties");
        assertThat(p.get("usageStartTime").asString()).isEqualTo("2015-03-03T00:00:00+00:00");
        assertThat(p.get("usageEndTime").asString()).isEqualTo("2015-03-04T00:00:00+00:00");
        assertThat(p.get("quantity").decimalValue()).isEqualByComparingTo("3");
        assertThat(p.get("unit").asString()).isEqualTo("Hours");
        assertThat(p.get("meterCategory").asString()).isEqualTo("Virtual Machines");
        JsonNode instance = JSON.readTree(p.get("instanceData").asString()).get("Microsoft.Resources");
        assertThat(instance.get("resourceUri").asString()).isEqualTo(vm(sub, "a"));
        assertThat(instance.get("location").asString()).isEqualTo("eastus");
        assertThat(instance.get("tags").get("Owner").asString()).isEqualTo("ann");
        assertThat(instance.get("additionalInfo").get("ImageType").asString()).isEqualTo("Canonical");
        JsonNode storage = items.stream().filter(i -> i.get("properties").get("meterId").asString()
                .equals(STORAGE.toString())).findFirst().orElseThrow();
        assertThat(storage.get("properties").get("quantity").toString()).isEqualTo("0.057865");
        assertThat(storage.get("properties").get("meterName").asString()).isEqualTo("Standard IO – Page Blob/Disk (GB)");
    }

    @Test
    void withoutDetailsOneLinePerMeterAndBucketAndHourlyBuckets() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        Instant reported = Instant.parse("2015-05-02T00:00:00Z");
        for (String vmName : List.of("a", "b", "c")) {
            usage(sub, COMPUTE, "1.25", Instant.parse("2015-05-01T10:00:00Z"), vm(sub, vmName), "eastus", "{}", "{}",
                    reported);
            usage(sub, COMPUTE, "2", Instant.parse("2015-05-01T11:00:00Z"), vm(sub, vmName), "eastus", "{}", "{}",
                    reported);
        }
        String w = window("2015-05-02T00:00:00Z", "2015-05-03T00:00:00Z");

        List<JsonNode> daily = all(path(sub) + w + "&showDetails=False");
        assertThat(daily).hasSize(1);
        assertThat(daily.get(0).get("name").asString()).isEqualTo("Daily_BRSDF_20150501_0000");
        assertThat(daily.get(0).get("properties").get("quantity").decimalValue()).isEqualByComparingTo("9.75");
        assertThat(daily.get(0).get("properties").has("instanceData")).isFalse();

        List<JsonNode> hourly = all(path(sub) + w + "&aggregationGranularity=hourly&showdetails=false");
        assertThat(hourly).extracting(i -> i.get("name").asString())
                .containsExactly("Hourly_BRSDF_20150501_1000", "Hourly_BRSDF_20150501_1100");
        assertThat(hourly.get(0).get("properties").get("usageEndTime").asString()).isEqualTo("2015-05-01T11:00:00+00:00");
        assertThat(hourly).extracting(i -> i.get("properties").get("quantity").decimalValue())
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("3.75"), new BigDecimal("6"));

        List<JsonNode> hourlyDetails = all(path(sub) + w + "&aggregationGranularity=Hourly");
        assertThat(hourlyDetails).hasSize(6);
    }

    @Test
    void pagesToTheEndWithTotalsEqualToTheLedgerAndNoRepeats() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        jdbc.update("INSERT INTO usage_record SELECT (SELECT coalesce(max(ingest_seq), 0) FROM usage_record) + i, "
                + "'r' || i, ?::UUID, ?::UUID, (i % 7 + 0.125)::DECIMAL(38,9), "
                + "TIMESTAMP '2015-06-01 00:00:00' + INTERVAL '1 hour' * (i % 48), TIMESTAMP '2015-06-01 01:00:00' + INTERVAL '1 hour' * (i % 48), "
                + "'/vm/' || (i % 1300), 'eastus', '{}', '{}', TIMESTAMP '2015-06-03 00:00:00' + INTERVAL '1 second' * (i % 3600) "
                + "FROM generate_series(1, 5200) t(i)", sub.toString(), COMPUTE.toString());

        String url = path(sub) + window("2015-06-03T00:00:00Z", "2015-06-04T00:00:00Z");
        HttpResponse<String> first = get(url);
        JsonNode firstBody = json(first);
        assertThat(firstBody.get("value")).hasSize(1000);
        String nextLink = firstBody.get("nextLink").asString();
        assertThat(nextLink).startsWith(base() + "/subscriptions/" + sub).contains("api-version=2015-06-01-preview")
                .contains("reportedStartTime=2015-06-03T00:00:00Z").contains("&continuationToken=");

        List<JsonNode> items = all(url);
        Integer groups = jdbc.queryForObject("SELECT count(DISTINCT (date_trunc('day', usage_start), resource_uri)) "
                + "FROM usage_record WHERE subscription_id = ?::UUID", Integer.class, sub.toString());
        assertThat(groups).isGreaterThan(1900);
        assertThat(items).hasSize(groups);
        Set<String> keys = new HashSet<>();
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode i : items) {
            assertThat(keys.add(i.get("name").asString() + i.get("properties").get("instanceData").asString())).isTrue();
            total = total.add(i.get("properties").get("quantity").decimalValue());
        }
        BigDecimal ledger = jdbc.queryForObject("SELECT sum(quantity) FROM usage_record WHERE subscription_id = ?::UUID",
                BigDecimal.class, sub.toString());
        assertThat(total).isEqualByComparingTo(ledger);
    }

    @Test
    void continuationTokensStaySmallWhateverTheTagsAtTheDocumentedLimits() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        StringBuilder tags = new StringBuilder("{");
        for (int t = 0; t < 50; t++) {
            tags.append(t == 0 ? "" : ",").append('"').append(String.format("%02d", t)).append("n".repeat(510))
                    .append("\":\"").append("v".repeat(256)).append('"');
        }
        tags.append('}');
        jdbc.update("INSERT INTO usage_record SELECT (SELECT coalesce(max(ingest_seq), 0) FROM usage_record) + i, "
                + "'t' || i, ?::UUID, ?::UUID, 1, TIMESTAMP '2015-08-01 00:00:00', TIMESTAMP '2015-08-01 01:00:00', "
                + "'/vm/' || i, 'eastus', ?, ?, TIMESTAMP '2015-08-03 00:00:00' FROM generate_series(1, 1100) t(i)",
                sub.toString(), COMPUTE.toString(), tags.toString(), tags.toString());
        String url = path(sub) + window("2015-08-03T00:00:00Z", "2015-08-04T00:00:00Z");

        JsonNode first = json(get(url));
        String nextLink = first.get("nextLink").asString();
        HttpResponse<String> second = get(nextLink);
        // the same link again: its read-ahead is used up, so the reader resolves the key from the token alone
        HttpResponse<String> again = get(nextLink);

        assertThat(first.get("value")).hasSize(1000);
        assertThat(nextLink.length()).isLessThan(1500);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).get("value")).hasSize(100);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(second.body());
        Set<String> names = new HashSet<>();
        first.get("value").forEach(i -> names.add(i.get("properties").get("instanceData").asString()));
        json(second).get("value").forEach(i -> names.add(i.get("properties").get("instanceData").asString()));
        assertThat(names).hasSize(1100);
    }

    @Test
    void pagesBeyondOneReadAheadWithAndWithoutDetails() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        // 17,500 lines in two usage days, more than one read-ahead (16 pages) holds: one query stops inside a bucket.
        jdbc.update("INSERT INTO usage_record SELECT (SELECT coalesce(max(ingest_seq), 0) FROM usage_record) + i, "
                + "'x' || i, ?::UUID, gen_random_uuid(), 0.5, TIMESTAMP '2015-07-01 00:00:00' + INTERVAL '1 hour' * (i % 2 * 24), "
                + "TIMESTAMP '2015-07-01 01:00:00' + INTERVAL '1 hour' * (i % 2 * 24), '/vm/' || i, 'eastus', '{}', '{}', "
                + "TIMESTAMP '2015-07-03 00:00:00' FROM generate_series(1, 17500) t(i)", sub.toString());
        String url = path(sub) + window("2015-07-03T00:00:00Z", "2015-07-04T00:00:00Z");

        for (String details : List.of("true", "false")) {
            List<JsonNode> items = all(url + "&showDetails=" + details);
            assertThat(items).as(details).hasSize(17_500);
            Set<String> keys = new HashSet<>();
            for (JsonNode i : items) {
                JsonNode p = i.get("properties");
                assertThat(keys.add(i.get("name").asString() + p.get("meterId").asString())).isTrue();
                assertThat(p.get("quantity").decimalValue()).isEqualByComparingTo("0.5");
            }
            assertThat(items.get(0).get("properties").get("usageStartTime").asString())
                    .isEqualTo("2015-07-01T00:00:00+00:00");
            assertThat(items.get(17_499).get("properties").get("usageStartTime").asString())
                    .isEqualTo("2015-07-02T00:00:00+00:00");
        }
    }

    @Test
    void recordsIngestedWhilePagingDoNotShowUpInThatQuery() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        jdbc.update("INSERT INTO usage_record SELECT (SELECT coalesce(max(ingest_seq), 0) FROM usage_record) + i, "
                + "'s' || i, ?::UUID, ?::UUID, 1, TIMESTAMP '2015-06-10 00:00:00', TIMESTAMP '2015-06-10 01:00:00', "
                + "'/vm/' || lpad(i::VARCHAR, 5, '0'), 'eastus', '{}', '{}', TIMESTAMP '2015-06-11 00:00:00' "
                + "FROM generate_series(1, 1500) t(i)", sub.toString(), COMPUTE.toString());
        String url = path(sub) + window("2015-06-11T00:00:00Z", "2015-06-12T00:00:00Z");
        JsonNode first = json(get(url));
        // Backfilled while the client pages: sorts both before and after the page key.
        usage(sub, COMPUTE, "100", Instant.parse("2015-06-10T00:00:00Z"), "/vm/00000", "eastus", "{}", "{}",
                Instant.parse("2015-06-11T01:00:00Z"));
        usage(sub, COMPUTE, "100", Instant.parse("2015-06-10T00:00:00Z"), "/vm/99999", "eastus", "{}", "{}",
                Instant.parse("2015-06-11T01:00:00Z"));
        JsonNode second = json(get(first.get("nextLink").asString()));

        assertThat(first.get("value").size() + second.get("value").size()).isEqualTo(1500);
        assertThat(second.hasNonNull("nextLink")).isFalse();
        assertThat(second.toString()).doesNotContain("99999");
        assertThat(all(url)).hasSize(1502);
    }

    @Test
    void lateUsageAppearsExactlyOnceAcrossConsecutiveWindows() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        usage(sub, COMPUTE, "1", Instant.parse("2015-04-01T03:00:00Z"), vm(sub, "a"), "eastus", "{}", "{}",
                Instant.parse("2015-04-01T05:00:00Z"));
        // Usage of March 30th that reached Meterwise only on April 2nd.
        usage(sub, COMPUTE, "7", Instant.parse("2015-03-30T10:00:00Z"), vm(sub, "late"), "eastus", "{}", "{}",
                Instant.parse("2015-04-02T10:00:00Z"));
        usage(sub, COMPUTE, "2", Instant.parse("2015-04-02T03:00:00Z"), vm(sub, "a"), "eastus", "{}", "{}",
                Instant.parse("2015-04-02T23:59:59Z"));

        List<JsonNode> seen = new ArrayList<>();
        for (String day : List.of("2015-03-30", "2015-03-31", "2015-04-01", "2015-04-02", "2015-04-03")) {
            Instant start = Instant.parse(day + "T00:00:00Z");
            seen.addAll(all(path(sub) + window(start.toString(), start.plus(1, ChronoUnit.DAYS).toString())));
        }

        assertThat(seen).hasSize(3);
        assertThat(seen).filteredOn(i -> i.get("properties").get("instanceData").asString().contains("late"))
                .singleElement().satisfies(i -> {
                    assertThat(i.get("properties").get("usageStartTime").asString()).isEqualTo("2015-03-30T00:00:00+00:00");
                    assertThat(i.get("properties").get("quantity").decimalValue()).isEqualByComparingTo("7");
                });
        assertThat(seen).extracting(i -> i.get("properties").get("quantity").decimalValue())
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactlyInAnyOrder(BigDecimal.ONE, new BigDecimal("7"), new BigDecimal("2"));
    }

    @Test
    void matchesPathQueryNamesAndValuesCaseInsensitively() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        usage(sub, COMPUTE, "1", Instant.parse("2015-04-01T03:00:00Z"), vm(sub, "a"), "eastus", "{}", "{}",
                Instant.parse("2015-04-01T05:00:00Z"));
        HttpResponse<String> r = get("/subscriptions/" + sub + "/providers/microsoft.commerce/usageAggregates"
                + "?API-VERSION=2015-06-01-preview&reportedstartTime=2015-04-01T00:00:00%2B00:00"
                + "&REPORTEDENDTIME=2015-04-02T00:00:00+00:00&showDetails=True&aggregationgranularity=DAILY");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("value")).hasSize(1);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("x-ms-request-id")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no api-version|/UsageAggregates?reportedStartTime=2015-04-01T00:00:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|MissingApiVersionParameter",
        "bad api-version|/UsageAggregates?api-version=2099-01-01&reportedStartTime=2015-04-01T00:00:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|InvalidApiVersionParameter",
        "no start|/UsageAggregates?api-version=2015-06-01-preview&reportedEndTime=2015-04-02T00:00:00Z|400|MissingParameter",
        "no end|/UsageAggregates?api-version=2015-06-01-preview&reportedStartTime=2015-04-01T00:00:00Z|400|MissingParameter",
        "garbage start|/UsageAggregates?api-version=2015-06-01-preview&reportedStartTime=yesterday&reportedEndTime=2015-04-02T00:00:00Z|400|InvalidReportedTime",
        "start after end|/UsageAggregates?api-version=2015-06-01-preview&reportedStartTime=2015-04-03T00:00:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|InvalidTimeRange",
        "start equals end|/UsageAggregates?api-version=2015-06-01-preview&reportedStartTime=2015-04-02T00:00:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|InvalidTimeRange",
        "daily not midnight|/UsageAggregates?api-version=2015-06-01-preview&reportedStartTime=2015-04-01T05:00:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|InvalidReportedTime",
        "hourly not on hour|/UsageAggregates?api-version=2015-06-01-preview&aggregationGranularity=Hourly&reportedStartTime=2015-04-01T05:30:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|InvalidReportedTime",
        "unknown granularity|/UsageAggregates?api-version=2015-06-01-preview&aggregationGranularity=Weekly&reportedStartTime=2015-04-01T00:00:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|InvalidAggregationGranularity",
        "bad showDetails|/UsageAggregates?api-version=2015-06-01-preview&showDetails=maybe&reportedStartTime=2015-04-01T00:00:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|InvalidParameter",
        "daily window too long|/UsageAggregates?api-version=2015-06-01-preview&reportedStartTime=2013-01-01T00:00:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|ReportedTimeWindowTooLong",
        "hourly window too long|/UsageAggregates?api-version=2015-06-01-preview&aggregationGranularity=Hourly&reportedStartTime=2015-01-01T00:00:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|ReportedTimeWindowTooLong",
        "end in the future|/UsageAggregates?api-version=2015-06-01-preview&reportedStartTime=2017-12-31T00:00:00Z&reportedEndTime=2018-01-02T00:00:00Z|400|ReportedEndTimeInFuture",
        "forged token|/UsageAggregates?api-version=2015-06-01-preview&reportedStartTime=2015-04-01T00:00:00Z&reportedEndTime=2015-04-02T00:00:00Z&continuationToken=AQ.abc|400|InvalidContinuationToken",
        "duplicate parameter|/UsageAggregates?api-version=2015-06-01-preview&reportedStartTime=2015-04-01T00:00:00Z&reportedstarttime=2015-04-01T00:00:00Z&reportedEndTime=2015-04-02T00:00:00Z|400|DuplicateParameter",
    })
    void badInputIsAClearArmError(String what, String pathAndQuery, int status, String code) throws Exception {
        UUID sub = subscription(UUID.fromString("11111111-2222-3333-4444-555555555555"));
        HttpResponse<String> r = get("/subscriptions/" + sub + "/providers/Microsoft.Commerce" + pathAndQuery);
        assertArmError(r, status, code);
    }

    @Test
    void unknownOrMalformedSubscription() throws Exception {
        String q = "/providers/Microsoft.Commerce/UsageAggregates?api-version=2015-06-01-preview"
                + window("2015-04-01T00:00:00Z", "2015-04-02T00:00:00Z");
        assertArmError(get("/subscriptions/" + UUID.randomUUID() + q), 404, "SubscriptionNotFound");
        assertArmError(get("/subscriptions/not-a-guid" + q), 400, "InvalidSubscriptionId");
    }

    @Test
    void tokensAreTamperEvidentAndBoundToTheirQuery() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        jdbc.update("INSERT INTO usage_record SELECT (SELECT coalesce(max(ingest_seq), 0) FROM usage_record) + i, "
                + "'t' || i, ?::UUID, ?::UUID, 1, TIMESTAMP '2015-06-10 00:00:00', TIMESTAMP '2015-06-10 01:00:00', "
                + "'/vm/' || i, 'eastus', '{}', '{}', TIMESTAMP '2015-06-11 00:00:00' FROM generate_series(1, 1100) t(i)",
                sub.toString(), COMPUTE.toString());
        String url = path(sub) + window("2015-06-11T00:00:00Z", "2015-06-12T00:00:00Z");
        String next = json(get(url)).get("nextLink").asString();
        String token = java.net.URLDecoder.decode(next.substring(next.indexOf("continuationToken=") + 18), "UTF-8");

        char[] chars = token.toCharArray();
        chars[5] = chars[5] == 'A' ? 'B' : 'A';
        assertArmError(get(url + "&continuationToken=" + new String(chars)), 400, "InvalidContinuationToken");
        assertArmError(get(url + "&showDetails=false&continuationToken=" + token), 400, "InvalidContinuationToken");
        // The first use is served from the read-ahead, the second re-aggregates from the key: same page.
        HttpResponse<String> once = get(url + "&continuationToken=" + token);
        HttpResponse<String> again = get(url + "&continuationToken=" + token);
        assertThat(once.statusCode()).isEqualTo(200);
        assertThat(json(once).get("value")).hasSize(100);
        assertThat(again.body()).isEqualTo(once.body());
    }

    @Test
    void wrongMethodAndUnacceptableMediaType() throws Exception {
        UUID sub = subscription(UUID.randomUUID());
        String url = base() + path(sub) + window("2015-04-01T00:00:00Z", "2015-04-02T00:00:00Z");
        assertArmError(send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").build()), 405, "MethodNotAllowed");
        assertArmError(send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/xml").build()), 406,
                "NotAcceptable");
        HttpResponse<String> textJson = send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/json").build());
        assertThat(textJson.statusCode()).isEqualTo(200);
        assertThat(textJson.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/json"));
    }
}
