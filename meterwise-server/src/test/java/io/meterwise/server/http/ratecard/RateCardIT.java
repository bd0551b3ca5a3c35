package io.meterwise.server.http.ratecard;

import static io.meterwise.server.http.commerce.ArmErrorAssertions.assertArmError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.money.Money;
import io.meterwise.server.testing.CommerceApiTestSupport;
import io.meterwise.server.testing.CommerceSchemas;
import tools.jackson.databind.JsonNode;

class RateCardIT extends CommerceApiTestSupport {

    static final UUID VM = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
    static final UUID EGRESS = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000002");
    static final Currency USD = Currency.getInstance("USD");
    static final Currency EUR = Currency.getInstance("EUR");
    UUID sub;

    @BeforeEach
    void seed() {
        sub = subscription(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000001"));
        catalog.putOffer(new Offer("MS-AZR-0063P", "MSDN Dev/Test", OfferType.MSDN, List.of(
                new OfferTerm.MonetaryCredit(Instant.parse("2016-01-01T00:00:00Z"), Money.exact("50.00", "USD"),
                        Set.of(EGRESS)),
                new OfferTerm.MonetaryCommitment(Instant.parse("2016-01-01T00:00:00Z"), USD,
                        new TreeMap<>(Map.of(new BigDecimal("0"), new BigDecimal("0"), new BigDecimal("1000"),
                                new BigDecimal("7.5"))), Set.of()),
                new OfferTerm.RecurringCharge(Instant.parse("2016-01-01T00:00:00Z"), Money.exact("10", "USD")),
                new OfferTerm.MonetaryCredit(Instant.parse("2016-01-01T00:00:00Z"), Money.exact("45", "EUR"),
                        Set.of()))));
        catalog.putOffer(new Offer("MS-AZR-0017P", "Enterprise Agreement", OfferType.ENTERPRISE_AGREEMENT, List.of()));
        catalog.putMeter(new Meter(VM, "D1 v2", "Virtual Machines", "Dv2 Series", "US East", "1 Hour", List.of()));
        catalog.putMeter(new Meter(EGRESS, "Data Transfer Out (GB)", "Networking", "", "Zone 1", "1 GB",
                List.of("Third Party")));
        PriceListKey usd = new PriceListKey("MS-AZR-0063P", USD, "US");
        catalog.addPriceVersion(usd, MeterPrice.flat(VM, Instant.parse("2016-01-01T00:00:00Z"), new BigDecimal("0.2")));
        catalog.addPriceVersion(usd, MeterPrice.flat(VM, Instant.parse("2017-06-01T00:00:00Z"),
                new BigDecimal("0.123456789")));
        catalog.addPriceVersion(usd, MeterPrice.flat(VM, Instant.parse("2019-01-01T00:00:00Z"), new BigDecimal("9")));
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>(Map.of(BigDecimal.ZERO, new BigDecimal("0.087"),
                new BigDecimal("10240"), new BigDecimal("0.083")));
        catalog.addPriceVersion(usd, new MeterPrice(EGRESS, Instant.parse("2016-01-01T00:00:00Z"), new BigDecimal("5"),
                tiers));
        catalog.addPriceVersion(new PriceListKey("MS-AZR-0063P", EUR, "DE"),
                MeterPrice.flat(VM, Instant.parse("2016-01-01T00:00:00Z"), new BigDecimal("0.11")));
    }

    HttpResponse<String> rateCard(String apiVersion, String filter) throws Exception {
        return get("/subscriptions/" + sub + "/providers/Microsoft.Commerce/RateCard?api-version=" + apiVersion
                + (filter == null ? "" : "&%24filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)));
    }

    static String filter(String offer, String currency, String locale, String region) {
        return "OfferDurableId eq '" + offer + "' and Currency eq '" + currency + "' and Locale eq '" + locale
                + "' and RegionInfo eq '" + region + "'";
    }

    @Test
    void pricesInForceNowWithTermsOfTheCurrencyAsExactNumbers() throws Exception {
        HttpResponse<String> r = rateCard("2016-08-31-preview", filter("MS-AZR-0063p", "USD", "fr-FR", "us"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(new CommerceSchemas().violations("ResourceRateCardInfo", body)).isEmpty();
        assertThat(body.get("Locale").asString()).isEqualTo("fr-FR");
        assertThat(body.get("Currency").asString()).isEqualTo("USD");
        assertThat(body.get("Meters")).hasSize(2);
        JsonNode network = body.get("Meters").get(0);
        assertThat(network.get("MeterId").asString()).isEqualTo(EGRESS.toString());
        assertThat(network.get("MeterRates").toString()).isEqualTo("{\"0\":0.087,\"10240\":0.083}");
        assertThat(network.get("IncludedQuantity").toString()).isEqualTo("5");
        assertThat(network.get("MeterTags").get(0).asString()).isEqualTo("Third Party");
        JsonNode vm = body.get("Meters").get(1);
        assertThat(r.body()).contains("\"MeterRates\":{\"0\":0.123456789}");
        assertThat(vm.get("EffectiveDate").asString()).isEqualTo("2017-06-01T00:00:00Z");

        JsonNode terms = body.get("OfferTerms");
        assertThat(terms).hasSize(3);
        assertThat(terms.get(0).get("Name").asString()).isEqualTo("Monetary Credit");
        assertThat(terms.get(0).get("Credit").toString()).isEqualTo("50");
        assertThat(terms.get(0).get("ExcludedMeterIds").get(0).asString()).isEqualTo(EGRESS.toString());
        assertThat(terms.get(1).get("Name").asString()).isEqualTo("Monetary Commitment");
        assertThat(terms.get(1).get("TieredDiscount").toString()).isEqualTo("{\"0\":0,\"1000\":7.5}");
        assertThat(terms.get(2).get("RecurringCharge").toString()).isEqualTo("10");
        CommerceSchemas schemas = new CommerceSchemas();
        for (JsonNode term : terms) {
            assertThat(schemas.violations(term.get("Name").asString().replace(" ", ""), term)).isEmpty();
        }
    }

    @Test
    void anotherCurrencyAndCountryIsAnotherPriceList() throws Exception {
        JsonNode body = json(rateCard("2015-06-01-preview", filter("MS-AZR-0063P", "EUR", "de-DE", "DE")));
        assertThat(body.get("Meters")).hasSize(1);
        assertThat(body.get("Meters").get(0).get("MeterRates").toString()).isEqualTo("{\"0\":0.11}");
        assertThat(body.get("OfferTerms")).hasSize(1);
        assertThat(body.get("OfferTerms").get(0).get("Credit").toString()).isEqualTo("45");
    }

    @Test
    void badRequestsAreClearArmErrors() throws Exception {
        assertArmError(rateCard("2015-06-01-preview", filter("MS-AZR-0017P", "USD", "en-US", "US")), 400,
                "EnterpriseAgreementNotSupported");
        assertArmError(rateCard("2015-06-01-preview", filter("MS-AZR-9999P", "USD", "en-US", "US")), 404,
                "OfferNotFound");
        assertArmError(rateCard("2015-06-01-preview", filter("MS-AZR-0063P", "GBP", "en-GB", "GB")), 404,
                "PriceListNotFound");
        assertArmError(rateCard("2015-06-01-preview", null), 400, "MissingParameter");
        assertArmError(rateCard("2015-06-01-preview", "OfferDurableId eq 'MS-AZR-0063P' or Currency eq 'USD'"), 400,
                "InvalidFilter");
        assertArmError(rateCard("2015-06-01-preview", filter("MS-AZR-0063P", "USD", "en US", "US")), 400,
                "InvalidFilter");
        assertArmError(rateCard(null, filter("MS-AZR-0063P", "USD", "en-US", "US")), 400, "InvalidApiVersionParameter");
        assertArmError(get("/subscriptions/" + sub + "/providers/Microsoft.Commerce/RateCard"), 400,
                "MissingApiVersionParameter");
        assertArmError(get("/subscriptions/" + UUID.randomUUID() + "/providers/Microsoft.Commerce/rateCard"
                + "?api-version=2015-06-01-preview&$filter=x"), 404, "SubscriptionNotFound");
    }
}
