package io.meterwise.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.meterwise.server.MeterwiseApplication;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;

/**
 * A data dir holding the largest values the limits allow (ADR 0015) survives a restart: start-up completes, every API
 * answers, shutdown finishes (issue 9).
 */
class LargestValuesRestartTest {

    static final String SUB = "5ca1ab1e-0000-4000-8000-000000000001";
    static final String METER = "5ca1ab1e-0000-4000-8000-0000000000aa";
    static final YearMonth CLOSED = YearMonth.now(ZoneOffset.UTC).minusMonths(2);
    /** Generous for a loaded CI machine; what matters is that start-up and shutdown end at all. */
    static final long BOUND_SECONDS = 300;

    final HttpClient http = HttpClient.newHttpClient();

    static ConfigurableApplicationContext start(Path dir) throws Exception {
        return CompletableFuture.supplyAsync(() -> new SpringApplicationBuilder(MeterwiseApplication.class)
                .run("--server.port=0", "--meterwise.data-dir=" + dir, "--meterwise.billing.scheduler-enabled=false",
                        "--logging.level.root=WARN"))
                .get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    static void stop(ConfigurableApplicationContext app) throws Exception {
        CompletableFuture.runAsync(app::close).get(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    HttpResponse<String> send(ConfigurableApplicationContext app, String method, String path, String contentType,
            String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:"
                + app.getEnvironment().getProperty("local.server.port") + path))
                .header("Authorization", TestTokens.bearer(TestTokens.from(app).operator()))
                .timeout(Duration.ofSeconds(BOUND_SECONDS));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String tags() {
        StringBuilder tags = new StringBuilder("{");
        for (int t = 0; t < 50; t++) {
            tags.append(t == 0 ? "" : ",").append('"').append(String.format("%02d", t)).append("n".repeat(510))
                    .append("\":\"").append("v".repeat(256)).append('"');
        }
        return tags.append('}').toString();
    }

    @Test
    void aDataDirWithTheLargestAllowedValuesRestartsAndEveryApiAnswers() throws Exception {
        Path dir = TestDataDirs.create("largest");
        ConfigurableApplicationContext first = start(dir);
        String day = CLOSED.atDay(1).toString();
        try {
            String longName = "N".repeat(256);
            assertThat(send(first, "PUT", "/providers/Meterwise/offers/MS-AZR-0063P", "application/json",
                    "{\"name\":\"" + longName + "\",\"type\":\"MSDN\",\"offerTerms\":["
                            + "{\"Name\":\"Monetary Credit\",\"EffectiveDate\":\"2000-01-01T00:00:00Z\",\"Currency\":\"USD\","
                            + "\"Credit\":\"999999999999.99\",\"ExcludedMeterIds\":[]},"
                            + "{\"Name\":\"Recurring Charge\",\"EffectiveDate\":\"2000-01-01T00:00:00Z\",\"Currency\":\"USD\","
                            + "\"RecurringCharge\":\"999999999999.99\"}]}").statusCode()).isEqualTo(201);
            assertThat(send(first, "PUT", "/providers/Meterwise/meters/" + METER, "application/json",
                    "{\"name\":\"" + longName + "\",\"category\":\"" + longName + "\",\"unit\":\"1\",\"tags\":[]}")
                    .statusCode()).isEqualTo(201);
            HttpResponse<String> price = send(first, "POST", "/providers/Meterwise/prices", "application/json",
                    "{\"offerDurableId\":\"MS-AZR-0063P\",\"currency\":\"USD\",\"regionInfo\":\"US\",\"meterId\":\""
                            + METER + "\",\"effectiveFrom\":\"2000-01-01T00:00:00Z\","
                            + "\"includedQuantity\":\"0\",\"rates\":{\"0\":"
                            + "\"999999.999999999999999999999999\",\"999999999999999.999999999\":\"999999.99\"}}");
            assertThat(price.statusCode()).as(price.body()).isEqualTo(201);
            assertThat(send(first, "PUT", "/providers/Meterwise/subscriptions/" + SUB, "application/json",
                    "{\"displayName\":\"" + longName + "\",\"state\":\"Enabled\",\"offerDurableId\":\"MS-AZR-0063P\","
                            + "\"currency\":\"USD\",\"regionInfo\":\"US\",\"tenantId\":\"largest\"}").statusCode())
                    .isEqualTo(201);
            StringBuilder usage = new StringBuilder();
            for (int hour = 0; hour < 24; hour++) {
                usage.append("{\"recordId\":\"").append("r".repeat(120)).append(String.format("%02d", hour))
                        .append("\",\"subscriptionId\":\"").append(SUB).append("\",\"meterId\":\"").append(METER)
                        .append("\",\"quantity\":\"999999999999.999999999\",\"usageStartTime\":\"").append(day)
                        .append('T').append(String.format("%02d", hour)).append(":00:00Z\",\"usageEndTime\":\"")
                        .append(hour == 23 ? CLOSED.atDay(2) + "T00" : day + "T" + String.format("%02d", hour + 1))
                        .append(":00:00Z\",\"resourceUri\":\"/subscriptions/").append(SUB)
                        .append("/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm").append(hour)
                        .append("\",\"location\":\"").append("l".repeat(128)).append("\",\"tags\":").append(tags())
                        .append("}\n");
            }
            HttpResponse<String> ingested = send(first, "POST", "/providers/Meterwise/usage", "application/x-ndjson",
                    usage.toString());
            assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(200);
            HttpResponse<String> issued = send(first, "POST", "/providers/Meterwise/invoices/issue",
                    "application/json", "{\"period\":\"" + CLOSED + "\"}");
            assertThat(issued.body()).contains("\"failures\":[]");
            assertThat(issued.body()).doesNotContain("\"issued\":[]");
        } finally {
            stop(first);
        }

        ConfigurableApplicationContext second = start(dir);
        try {
            String sub = "/subscriptions/" + SUB;
            java.time.Instant today = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            String now = today.toString();
            String from = today.minus(java.time.Duration.ofDays(30)).toString();
            assertThat(send(second, "PUT", sub + "/providers/Microsoft.Billing/invoiceSettings/default"
                    + "?api-version=2017-04-24-preview", "application/json",
                    "{\"properties\":{\"invoiceDownloadOptIn\":true}}").statusCode()).isEqualTo(200);
            for (String path : new String[] {
                    "/providers/Meterwise/offers", "/providers/Meterwise/meters", "/providers/Meterwise/subscriptions",
                    "/providers/Meterwise/prices?offerDurableId=MS-AZR-0063P&currency=USD&regionInfo=US",
                    "/providers/Meterwise/invoices/issueFailures",
                    sub + "?api-version=2020-01-01",
                    sub + "/providers/Microsoft.Commerce/UsageAggregates?api-version=2015-06-01-preview"
                            + "&reportedStartTime=" + from + "&reportedEndTime=" + now,
                    sub + "/providers/Microsoft.Commerce/UsageAggregates?api-version=2015-06-01-preview"
                            + "&reportedStartTime=" + from + "&reportedEndTime=" + now + "&showDetails=false",
                    sub + "/providers/Microsoft.Commerce/RateCard?api-version=2016-08-31-preview&$filter="
                            + URLEncoder.encode("OfferDurableId eq 'MS-AZR-0063P' and Currency eq 'USD' and "
                                    + "Locale eq 'en-US' and RegionInfo eq 'US'", StandardCharsets.UTF_8),
                    sub + "/providers/Microsoft.Billing/billingPeriods?api-version=2017-04-24-preview",
                    sub + "/providers/Microsoft.Billing/invoices?api-version=2017-04-24-preview",
                    sub + "/providers/Microsoft.Billing/invoices/latest?api-version=2017-04-24-preview"}) {
                HttpResponse<String> r = send(second, "GET", path, null, null);
                assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
            }
            assertThat(send(second, "GET", "/providers/Meterwise/prices?offerDurableId=MS-AZR-0063P&currency=USD"
                    + "&regionInfo=US", null, null).body()).contains("999999.999999999999999999999999");
            assertThat(send(second, "POST", "/providers/Meterwise/invoices/issue", "application/json", "{}").body())
                    .contains("\"failures\":[]");
        } finally {
            stop(second);
        }
    }
}
