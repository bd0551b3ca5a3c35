package io.meterwise.server.cost;

import static io.meterwise.server.http.commerce.ArmErrorAssertions.assertArmError;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.LineKind;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.money.Money;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.Invoices;
import io.meterwise.server.testing.CommerceApiTestSupport;
import tools.jackson.databind.JsonNode;

/** A cost test offer (tiers, a mid-month price change, included quantity, a credit, a recurring fee) and helpers. */
abstract class CostApiTestSupport extends CommerceApiTestSupport {

    static final String OFFER = "MS-AZR-0912P";
    static final Currency USD = Currency.getInstance("USD");
    static final String VERSION = "2023-03-01";
    static final Instant REPORTED = Instant.parse("2017-12-31T23:00:00Z");

    @Autowired
    InvoiceService invoiceService;
    @Autowired
    Invoices invoices;

    UUID vmHours;
    UUID egress;
    UUID support;

    @BeforeEach
    void catalog() {
        vmHours = meter(UUID.randomUUID(), "D2 v3", "Virtual Machines", "Dv3 Series", "EU West", "1 Hour");
        egress = meter(UUID.randomUUID(), "Data Transfer Out", "Bandwidth", "", "", "1 GB");
        support = meter(UUID.randomUUID(), "Support hours", "Support", "", "", "1 Hour");
        catalog.putOffer(new Offer(OFFER, "Cost test offer", OfferType.PAY_AS_YOU_GO, List.of(
                new OfferTerm.RecurringCharge(Instant.parse("2015-01-01T00:00:00Z"), Money.exact("9.99", "USD")),
                new OfferTerm.MonetaryCredit(Instant.parse("2015-01-01T00:00:00Z"), Money.exact("25.00", "USD"),
                        Set.of(support)))));
        TreeMap<BigDecimal, BigDecimal> vmTiers = new TreeMap<>();
        vmTiers.put(BigDecimal.ZERO, new BigDecimal("0.1234"));
        vmTiers.put(new BigDecimal("200"), new BigDecimal("0.0987"));
        TreeMap<BigDecimal, BigDecimal> vmTiersLater = new TreeMap<>();
        vmTiersLater.put(BigDecimal.ZERO, new BigDecimal("0.1111"));
        vmTiersLater.put(new BigDecimal("300"), new BigDecimal("0.0777"));
        catalog.addPriceVersions(new PriceListKey(OFFER, USD, "US"), List.of(
                new MeterPrice(vmHours, Instant.parse("2015-01-01T00:00:00Z"), new BigDecimal("10"), vmTiers),
                new MeterPrice(vmHours, Instant.parse("2017-12-15T12:00:00Z"), new BigDecimal("10"), vmTiersLater),
                MeterPrice.flat(egress, Instant.parse("2015-01-01T00:00:00Z"), new BigDecimal("0.087")),
                MeterPrice.flat(support, Instant.parse("2015-01-01T00:00:00Z"), new BigDecimal("1.3333"))));
    }

    UUID costSubscription() {
        UUID id = UUID.randomUUID();
        catalog.putSubscription(new Subscription(id, "Cost " + id, SubscriptionState.ENABLED, OFFER, USD, "US",
                "tenant-1"));
        return id;
    }

    static String rid(UUID sub, String group, String name) {
        return "/subscriptions/" + sub + "/resourceGroups/" + group + "/providers/Microsoft.Compute/virtualMachines/"
                + name;
    }

    /** Random December 2017 usage over three meters, three resource groups and an env tag. */
    void december(UUID sub, long seed) {
        Random r = new Random(seed);
        List<UUID> meters = List.of(vmHours, egress, support);
        for (int i = 0; i < 120; i++) {
            Instant start = Instant.parse("2017-12-01T00:00:00Z").plus(r.nextInt(31 * 24), ChronoUnit.HOURS);
            String group = List.of("web", "API", "batch").get(r.nextInt(3));
            String env = List.of("prod", "test", "").get(r.nextInt(3));
            usage(sub, meters.get(r.nextInt(3)), new BigDecimal(r.nextInt(20000)).movePointLeft(3).toPlainString(),
                    start, rid(sub, group, "vm" + r.nextInt(4)), "westeurope",
                    env.isEmpty() ? "{}" : "{\"env\":\"" + env + "\"}", "{}", REPORTED);
        }
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String queryPath(UUID sub) {
        return "/subscriptions/" + sub + "/providers/Microsoft.CostManagement/query?api-version=" + VERSION;
    }

    /** Every row of every page. */
    List<JsonNode> rows(String path, String body, List<String> columnsOut) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        String next = path;
        while (next != null) {
            HttpResponse<String> r = post(next, body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode props = json(r).get("properties");
            columnsOut.clear();
            props.get("columns").forEach(c -> columnsOut.add(c.get("name").asString()));
            props.get("rows").forEach(rows::add);
            next = props.get("nextLink").isNull() ? null : props.get("nextLink").asString();
        }
        return rows;
    }

    static BigDecimal sum(List<JsonNode> rows, int column) {
        return rows.stream().map(r -> r.get(column).decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static String decemberBody(String granularity, String grouping) {
        return "{\"type\":\"ActualCost\",\"timeframe\":\"Custom\",\"timePeriod\":{\"from\":\"2017-12-01T00:00:00Z\","
                + "\"to\":\"2017-12-31T23:59:59Z\"},\"dataset\":{\"granularity\":\"" + granularity + "\","
                + "\"aggregation\":{\"totalCost\":{\"name\":\"Cost\",\"function\":\"Sum\"}}" + grouping + "}}";
    }

}
