package io.meterwise.server.http.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.core.access.Role;
import io.meterwise.server.testing.TestTokens;

/** The operator API over HTTP with an operator token: catalog round trips, price history, bad input, access. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperatorApiIT {

    static final String METER = "11111111-1111-1111-1111-111111111111";
    static final String OTHER_METER = "33333333-3333-3333-3333-333333333333";
    static final String SUB = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    static final String PRICES_0003P = "/providers/Meterwise/prices?offerDurableId=MS-AZR-0003P&currency=USD&regionInfo=US";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    final HttpClient http = HttpClient.newHttpClient();
    String token;

    @BeforeEach
    void catalog() throws Exception {
        token = TestTokens.from(context).operator();
        assertThat(send("PUT", "/providers/Meterwise/offers/MS-AZR-0003P", """
                {"name":"Pay-As-You-Go","type":"PayAsYouGo","offerTerms":[
                 {"Name":"Monetary Credit","EffectiveDate":"2026-01-01T00:00:00Z","Currency":"USD","Credit":100,
                  "ExcludedMeterIds":["11111111-1111-1111-1111-111111111111"]},
                 {"Name":"Monetary Commitment","EffectiveDate":"2026-01-01T00:00:00Z","Currency":"USD",
                  "TieredDiscount":{"0":0,"10000":5},"ExcludedMeterIds":[]},
                 {"Name":"Recurring Charge","EffectiveDate":"2026-01-01T00:00:00Z","Currency":"USD","RecurringCharge":"9.99"}]}
                """).statusCode()).isIn(200, 201);
        for (String meter : new String[] {METER, OTHER_METER}) {
            assertThat(send("PUT", "/providers/Meterwise/meters/" + meter, "{\"name\":\"D2 v3\",\"category\":"
                    + "\"Virtual Machines\",\"subCategory\":\"Dv3\",\"region\":\"US East\",\"unit\":\"1 Hour\","
                    + "\"tags\":[\"compute\"]}").statusCode()).isIn(200, 201);
        }
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, "application/json", token);
    }

    HttpResponse<String> send(String method, String path, String body, String contentType, String bearer)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.bearer(bearer));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String price(String meter, String from, String firstRate) {
        return "{\"offerDurableId\":\"ms-azr-0003p\",\"currency\":\"usd\",\"regionInfo\":\"US\",\"meterId\":\"" + meter
                + "\",\"effectiveFrom\":\"" + from + "\",\"includedQuantity\":5,\"rates\":{\"0\":" + firstRate
                + ",\"100\":\"0.08\"}}";
    }

    @Test
    void createsReadsAndReplacesCatalogEntries() throws Exception {
        HttpResponse<String> replaced = send("PUT", "/providers/Meterwise/offers/ms-azr-0003p",
                "{\"name\":\"PAYG\",\"type\":\"PayAsYouGo\",\"offerTerms\":[{\"Name\":\"Monetary Credit\","
                        + "\"EffectiveDate\":\"2026-01-01T00:00:00Z\",\"Currency\":\"USD\",\"Credit\":100.50}]}");
        HttpResponse<String> createdOffer = send("PUT", "/providers/Meterwise/offers/MS-AZR-0017P",
                "{\"name\":\"EA\",\"type\":\"EnterpriseAgreement\"}");
        HttpResponse<String> sub = send("PUT", "/providers/Meterwise/subscriptions/" + SUB,
                "{\"displayName\":\"Dev\",\"state\":\"Enabled\",\"offerDurableId\":\"MS-AZR-0003P\","
                        + "\"currency\":\"USD\",\"regionInfo\":\"us\",\"tenantId\":\"contoso\"}");
        HttpResponse<String> subAgain = send("PUT", "/providers/Meterwise/subscriptions/" + SUB,
                "{\"displayName\":\"Dev\",\"state\":\"Disabled\",\"offerDurableId\":\"MS-AZR-0003P\","
                        + "\"currency\":\"USD\",\"regionInfo\":\"US\",\"tenantId\":\"contoso\"}");

        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(createdOffer.statusCode()).as(createdOffer.body()).isEqualTo(201);
        assertThat(sub.statusCode()).as(sub.body()).isEqualTo(201);
        assertThat(subAgain.statusCode()).as(subAgain.body()).isEqualTo(200);
        assertThat(send("GET", "/providers/Meterwise/offers/MS-AZR-0003P", null).body())
                .contains("\"name\":\"PAYG\"", "\"Credit\":\"100.50\"").doesNotContain("Recurring Charge");
        assertThat(send("GET", "/providers/Meterwise/offers", null).body())
                .contains("\"offerDurableId\":\"MS-AZR-0017P\"", "\"type\":\"EnterpriseAgreement\"");
        assertThat(send("GET", "/providers/Meterwise/subscriptions/" + SUB, null).body())
                .contains("\"regionInfo\":\"US\"", "\"state\":\"Disabled\"", "\"tenantId\":\"contoso\"");
        assertThat(send("GET", "/providers/Meterwise/subscriptions", null).body()).contains(SUB);
        assertThat(send("GET", "/providers/Meterwise/meters/" + METER, null).body())
                .contains("\"unit\":\"1 Hour\"", "\"tags\":[\"compute\"]");
        assertThat(send("GET", "/providers/Meterwise/meters", null).body()).contains(METER, OTHER_METER);
        assertThat(send("GET", "/providers/Meterwise/offers/MS-AZR-0999P", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/providers/Meterwise/meters/22222222-2222-2222-2222-222222222222", null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/providers/Meterwise/subscriptions/" + UUID.randomUUID(), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aPriceVersionIsNeverOverwritten() throws Exception {
        HttpResponse<String> created = send("POST", "/providers/Meterwise/prices",
                price(METER, "2025-01-01T00:00:00Z", "0.10"));
        HttpResponse<String> same = send("POST", "/providers/Meterwise/prices",
                "[" + price(METER, "2025-01-01T00:00:00Z", "\"0.1\"") + "]");
        HttpResponse<String> changed = send("POST", "/providers/Meterwise/prices",
                price(METER, "2025-01-01T00:00:00Z", "0.11"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"outcome\":\"created\"", "\"offerDurableId\":\"MS-AZR-0003P\"");
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(same.body()).contains("\"outcome\":\"unchanged\"");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(409);
        assertThat(changed.body()).contains("\"code\":\"PriceVersionConflict\"", "\"stored\"");
        String listed = send("GET", PRICES_0003P + "&meterId=" + METER, null).body();
        assertThat(listed).contains("\"rates\":{\"0\":\"0.10\",\"100\":\"0.08\"}", "\"includedQuantity\":\"5\"")
                .doesNotContain("0.11");
        assertThat(listed.split("\"effectiveFrom\"", -1)).hasSize(2);
    }

    @Test
    void anArrayIsAllOrNothing() throws Exception {
        assertThat(send("POST", "/providers/Meterwise/prices", price(OTHER_METER, "2025-06-01T00:00:00Z", "1"))
                .statusCode()).isEqualTo(201);

        HttpResponse<String> refused = send("POST", "/providers/Meterwise/prices", "["
                + price(OTHER_METER, "2025-07-01T00:00:00Z", "0.123456789012345678901") + ","
                + price(OTHER_METER, "2025-06-01T00:00:00Z", "2") + "]");
        String afterRefusal = send("GET", PRICES_0003P + "&meterId=" + OTHER_METER, null).body();
        HttpResponse<String> repeatedInArray = send("POST", "/providers/Meterwise/prices", "["
                + price(OTHER_METER, "2025-08-01T00:00:00Z", "3") + ","
                + price(OTHER_METER, "2025-08-01T00:00:00Z", "4") + "]");
        HttpResponse<String> accepted = send("POST", "/providers/Meterwise/prices", "["
                + price(OTHER_METER, "2025-07-01T00:00:00Z", "0.123456789012345678901") + ","
                + price(OTHER_METER, "2025-06-01T00:00:00Z", "1.0") + "]");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("\"target\":\"[1]\"");
        assertThat(afterRefusal).doesNotContain("2025-07-01");
        assertThat(repeatedInArray.statusCode()).as(repeatedInArray.body()).isEqualTo(409);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.body()).contains("\"outcome\":\"created\"", "\"outcome\":\"unchanged\"");
        assertThat(send("GET", PRICES_0003P + "&meterId=" + OTHER_METER, null).body())
                .contains("\"0\":\"0.123456789012345678901\"").doesNotContain("2025-08-01");
    }

    @Test
    void badRequestsNameTheField() throws Exception {
        HttpResponse<String> badType = send("PUT", "/providers/Meterwise/offers/MS-AZR-0004P",
                "{\"name\":\"x\",\"type\":\"Free\"}");
        HttpResponse<String> badId = send("PUT", "/providers/Meterwise/offers/NOPE", "{\"name\":\"x\",\"type\":\"MSDN\"}");
        HttpResponse<String> badTerm = send("PUT", "/providers/Meterwise/offers/MS-AZR-0004P",
                "{\"name\":\"x\",\"type\":\"MSDN\",\"offerTerms\":[{\"Name\":\"Monetary Credit\","
                        + "\"EffectiveDate\":\"2026-01-01\",\"Currency\":\"USD\",\"Credit\":1}]}");
        HttpResponse<String> unknownOffer = send("PUT", "/providers/Meterwise/subscriptions/" + SUB,
                "{\"displayName\":\"Dev\",\"state\":\"Enabled\",\"offerDurableId\":\"MS-AZR-0999P\","
                        + "\"currency\":\"USD\",\"regionInfo\":\"US\",\"tenantId\":\"t\"}");
        HttpResponse<String> badSubId = send("PUT", "/providers/Meterwise/subscriptions/not-a-guid",
                "{\"displayName\":\"Dev\",\"state\":\"Enabled\",\"offerDurableId\":\"MS-AZR-0003P\","
                        + "\"currency\":\"USD\",\"regionInfo\":\"US\",\"tenantId\":\"t\"}");
        HttpResponse<String> noUnit = send("PUT", "/providers/Meterwise/meters/" + METER,
                "{\"name\":\"n\",\"category\":\"c\"}");
        HttpResponse<String> unknownMeter = send("POST", "/providers/Meterwise/prices",
                "[" + price(METER, "2024-01-01T00:00:00Z", "1") + ","
                        + price("22222222-2222-2222-2222-222222222222", "2024-01-01T00:00:00Z", "1") + "]");
        HttpResponse<String> noZeroTier = send("POST", "/providers/Meterwise/prices",
                price(METER, "2024-02-01T00:00:00Z", "1").replace("\"0\":", "\"5\":"));
        HttpResponse<String> malformed = send("POST", "/providers/Meterwise/prices", "{\"offerDurableId\":");
        HttpResponse<String> plainText = send("PUT", "/providers/Meterwise/meters/" + METER, "name=n", "text/plain",
                token);
        HttpResponse<String> noRegion = send("GET", "/providers/Meterwise/prices?offerDurableId=MS-AZR-0003P&currency=USD",
                null);

        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("\"target\":\"type\"", "PayAsYouGo");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("does not match MS-AZR-NNNNP");
        assertThat(badTerm.statusCode()).isEqualTo(400);
        assertThat(badTerm.body()).contains("\"target\":\"offerTerms[0].EffectiveDate\"");
        assertThat(unknownOffer.statusCode()).isEqualTo(400);
        assertThat(unknownOffer.body()).contains("unknown offer 'MS-AZR-0999P'", "\"target\":\"offerDurableId\"");
        assertThat(badSubId.statusCode()).isEqualTo(400);
        assertThat(badSubId.body()).contains("\"target\":\"subscriptionId\"");
        assertThat(noUnit.statusCode()).isEqualTo(400);
        assertThat(noUnit.body()).contains("'unit' is required");
        assertThat(unknownMeter.statusCode()).isEqualTo(400);
        assertThat(unknownMeter.body()).contains("\"target\":\"[1].meterId\"", "unknown meter");
        assertThat(noZeroTier.statusCode()).isEqualTo(400);
        assertThat(noZeroTier.body()).contains("tiers must start at threshold 0");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not valid JSON");
        assertThat(plainText.statusCode()).isEqualTo(415);
        assertThat(noRegion.statusCode()).isEqualTo(400);
        assertThat(noRegion.body()).contains("\"target\":\"regionInfo\"");
        assertThat(send("GET", PRICES_0003P + "&meterId=" + METER, null).body()).doesNotContain("2024-0");
        assertThat(send("GET", "/providers/Meterwise/meters/" + METER, null).body()).contains("\"unit\":\"1 Hour\"");
    }

    /** ADR 0012: a credit defined only in another currency was silently ignored. */
    @Test
    void offerTermsNeedAnAmountInEveryCurrencyTheOfferIsSoldIn() throws Exception {
        HttpResponse<String> eurPrice = send("POST", "/providers/Meterwise/prices",
                price(METER, "2025-01-01T00:00:00Z", "0.10").replace("\"usd\"", "\"EUR\""));
        HttpResponse<String> creditInEurOnly = send("PUT", "/providers/Meterwise/offers/MS-AZR-0063P", """
                {"name":"MSDN","type":"MSDN","offerTerms":[
                 {"Name":"Monetary Credit","EffectiveDate":"2026-01-01T00:00:00Z","Currency":"EUR","Credit":45},
                 {"Name":"Recurring Charge","EffectiveDate":"2026-01-01T00:00:00Z","Currency":"USD","RecurringCharge":"1"},
                 {"Name":"Recurring Charge","EffectiveDate":"2026-01-01T00:00:00Z","Currency":"EUR","RecurringCharge":"1"}]}
                """);

        assertThat(eurPrice.statusCode()).as(eurPrice.body()).isEqualTo(400);
        assertThat(eurPrice.body()).contains("\"target\":\"currency\"",
                "offer MS-AZR-0003P has a Monetary Credit in USD but none in EUR");
        assertThat(send("GET", PRICES_0003P.replace("USD", "EUR"), null).body()).doesNotContain(METER);
        assertThat(creditInEurOnly.statusCode()).as(creditInEurOnly.body()).isEqualTo(400);
        assertThat(creditInEurOnly.body()).contains("\"target\":\"offerTerms\"",
                "has a Monetary Credit in EUR but none in USD");
        assertThat(send("GET", "/providers/Meterwise/offers/MS-AZR-0063P", null).statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTheOperatorMayUseIt() throws Exception {
        String reader = TestTokens.from(context).withRole(Role.READER, UUID.fromString(SUB));

        assertThat(send("GET", "/providers/Meterwise/offers", null, "application/json", reader).statusCode())
                .isEqualTo(403);
        assertThat(send("PUT", "/providers/Meterwise/meters/" + METER, "{\"name\":\"n\",\"category\":\"c\","
                + "\"unit\":\"1\"}", "application/json", reader).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/providers/Meterwise/meters/" + METER, null).body()).contains("\"name\":\"D2 v3\"");
    }
}
