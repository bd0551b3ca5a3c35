package io.meterwise.server.http.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorApiIT {

    static final String METER = "11111111-1111-1111-1111-111111111111";
    static final String SUB = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String price(String rate) {
        return "{\"offerDurableId\":\"ms-azr-0003p\",\"currency\":\"USD\",\"regionInfo\":\"US\",\"meterId\":\"" + METER
                + "\",\"effectiveFrom\":\"2026-01-01T00:00:00Z\",\"includedQuantity\":5,\"rates\":{\"0\":\"" + rate
                + "\",\"100\":\"0.08\"}}";
    }

    @Test
    void createsTheCatalogAndNeverOverwritesAPriceVersion() throws Exception {
        HttpResponse<String> offer = send("PUT", "/providers/Meterwise/offers/MS-AZR-0003P", """
                {"name":"Pay-As-You-Go","type":"PayAsYouGo","offerTerms":[
                 {"Name":"Monetary Credit","EffectiveDate":"2026-01-01T00:00:00Z","Currency":"USD","Credit":100,
                  "ExcludedMeterIds":["11111111-1111-1111-1111-111111111111"]},
                 {"Name":"Monetary Commitment","EffectiveDate":"2026-01-01T00:00:00Z","Currency":"USD",
                  "TieredDiscount":{"0":0,"10000":5},"ExcludedMeterIds":[]},
                 {"Name":"Recurring Charge","EffectiveDate":"2026-01-01T00:00:00Z","Currency":"USD","RecurringCharge":"9.99"}]}
                """);
        HttpResponse<String> meter = send("PUT", "/providers/Meterwise/meters/" + METER,
                "{\"name\":\"D2 v3\",\"category\":\"Virtual Machines\",\"subCategory\":\"Dv3\",\"region\":\"US East\","
                        + "\"unit\":\"1 Hour\",\"tags\":[]}");
        HttpResponse<String> created = send("POST", "/providers/Meterwise/prices", price("0.10"));
        HttpResponse<String> same = send("POST", "/providers/Meterwise/prices", "[" + price("0.1") + "]");
        HttpResponse<String> changed = send("POST", "/providers/Meterwise/prices", price("0.11"));
        HttpResponse<String> sub = send("PUT", "/providers/Meterwise/subscriptions/" + SUB,
                "{\"displayName\":\"Dev\",\"state\":\"Enabled\",\"offerDurableId\":\"MS-AZR-0003P\","
                        + "\"currency\":\"USD\",\"regionInfo\":\"us\",\"tenantId\":\"contoso\"}");

        assertThat(offer.statusCode()).as(offer.body()).isEqualTo(201);
        assertThat(send("PUT", "/providers/Meterwise/offers/MS-AZR-0003P", "{\"name\":\"PAYG\",\"type\":\"PayAsYouGo\"}")
                .statusCode()).isEqualTo(200);
        assertThat(meter.statusCode()).isEqualTo(201);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.body()).contains("\"outcome\":\"unchanged\"");
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.body()).contains("\"code\":\"PriceVersionConflict\"");
        assertThat(sub.statusCode()).as(sub.body()).isEqualTo(201);
        assertThat(send("GET", "/providers/Meterwise/prices?offerDurableId=MS-AZR-0003P&currency=USD&regionInfo=US",
                null).body()).contains("\"rates\":{\"0\":\"0.10\",\"100\":\"0.08\"}").doesNotContain("0.11");
        assertThat(send("GET", "/providers/Meterwise/subscriptions/" + SUB, null).body())
                .contains("\"regionInfo\":\"US\"", "\"state\":\"Enabled\"");
        assertThat(send("GET", "/providers/Meterwise/meters", null).body()).contains(METER);
        assertThat(send("GET", "/providers/Meterwise/offers/MS-AZR-0003P", null).body()).contains("\"name\":\"PAYG\"");
    }

    @Test
    void badRequestsNameTheField() throws Exception {
        HttpResponse<String> badType = send("PUT", "/providers/Meterwise/offers/MS-AZR-0004P",
                "{\"name\":\"x\",\"type\":\"Free\"}");
        HttpResponse<String> badId = send("PUT", "/providers/Meterwise/offers/NOPE", "{\"name\":\"x\",\"type\":\"MSDN\"}");
        HttpResponse<String> unknownOffer = send("PUT", "/providers/Meterwise/subscriptions/" + SUB,
                "{\"displayName\":\"Dev\",\"state\":\"Enabled\",\"offerDurableId\":\"MS-AZR-0999P\","
                        + "\"currency\":\"USD\",\"regionInfo\":\"US\",\"tenantId\":\"t\"}");
        HttpResponse<String> noUnit = send("PUT", "/providers/Meterwise/meters/" + METER,
                "{\"name\":\"n\",\"category\":\"c\"}");
        HttpResponse<String> missing = send("GET", "/providers/Meterwise/meters/22222222-2222-2222-2222-222222222222", null);

        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("\"target\":\"type\"");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("does not match MS-AZR-NNNNP");
        assertThat(unknownOffer.statusCode()).isEqualTo(400);
        assertThat(unknownOffer.body()).contains("unknown offer");
        assertThat(noUnit.statusCode()).isEqualTo(400);
        assertThat(noUnit.body()).contains("'unit' is required");
        assertThat(missing.statusCode()).isEqualTo(404);
    }
}
