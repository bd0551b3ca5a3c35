package io.meterwise.server.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.meterwise.core.cost.Charge;
import io.meterwise.core.cost.CostQueries;
import tools.jackson.databind.JsonNode;

/**
 * Usage details pages cut by keyset in the store (ADR 0049), with pages of 7 items: paging through a month lists every
 * charge exactly once, in order, with exactly the costs of one full listing (tiers, a mid-month price version, many
 * records starting together, so pages end inside blocks and inside tier lines), the pages add up to the Query, and a
 * batch stored between two pages shifts no page (the next listing has it).
 */
@TestPropertySource(properties = "meterwise.cost.list-page-size=7")
class UsageDetailsPagingIT extends CostApiTestSupport {

    static final Instant DECEMBER = Instant.parse("2017-12-01T00:00:00Z");
    static final Instant JANUARY = Instant.parse("2018-01-01T00:00:00Z");

    @Autowired
    CostQueries queries;

    String details(UUID sub) {
        return "/subscriptions/" + sub + "/providers/Microsoft.Billing/billingPeriods/201712"
                + "/providers/Microsoft.Consumption/usageDetails?api-version=2021-10-01";
    }

    JsonNode page(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("value").size()).isLessThanOrEqualTo(7);
        return body;
    }

    List<JsonNode> all(String path) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String next = path;
        while (next != null) {
            JsonNode body = page(next);
            body.get("value").forEach(items::add);
            next = body.hasNonNull("nextLink") ? body.get("nextLink").asString() : null;
        }
        return items;
    }

    /** December usage plus 40 records of one meter starting at one instant (a block spanning several pages). */
    UUID subscriptionWithUsage() {
        UUID sub = costSubscription();
        december(sub, 23);
        Instant together = Instant.parse("2017-12-15T12:00:00Z");
        for (int i = 0; i < 40; i++) {
            usage(sub, vmHours, new BigDecimal(3 + i % 11).movePointLeft(i % 2).toPlainString(), together,
                    rid(sub, i % 2 == 0 ? "web" : "batch", "vm" + i), "westeurope", "{}", "{}", REPORTED);
        }
        return sub;
    }

    @Test
    void pagingListsEachChargeOnceWithTheCostsOfAFullListingAndAddsUpToTheQuery() throws Exception {
        UUID sub = subscriptionWithUsage();
        List<JsonNode> items = all(details(sub));
        List<Charge> full = new ArrayList<>();
        queries.charges(sub, null, DECEMBER, JANUARY, null, full::add);

        assertThat(items).hasSize(160 + 2).hasSize(full.size());
        assertThat(items.stream().map(i -> i.get("name").asString()).distinct()).hasSize(full.size());
        for (int i = 0; i < full.size(); i++) {
            JsonNode p = items.get(i).get("properties");
            Charge c = full.get(i);
            assertThat(p.get("cost").decimalValue()).as("item " + i).isEqualByComparingTo(c.cost());
            assertThat(p.get("quantity").decimalValue()).as("item " + i).isEqualByComparingTo(c.quantity());
            assertThat(p.get("chargeType").asString()).isEqualTo(c.chargeType().wireName());
            assertThat(p.get("resourceId").asString()).isEqualTo(c.resourceUri());
        }
        List<String> columns = new ArrayList<>();
        List<JsonNode> total = rows(queryPath(sub), decemberBody("None", ""), columns);
        assertThat(costs(items).setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo(total.get(0).get(0)
                .decimalValue());

        // a window inside the month, filtered: the costs are still those of the full listing
        List<JsonNode> web = all(details(sub) + "&$filter=" + ConsumptionIT.enc("properties/usageStart ge "
                + "'2017-12-10' and properties/resourceGroup eq 'web'"));
        List<Charge> fullWeb = full.stream().filter(c -> !c.date().isBefore(Instant.parse("2017-12-10T00:00:00Z"))
                && c.resourceUri().contains("/resourceGroups/web/")).toList();
        assertThat(web).hasSize(fullWeb.size()).isNotEmpty();
        for (int i = 0; i < web.size(); i++) {
            assertThat(web.get(i).get("properties").get("cost").decimalValue()).isEqualByComparingTo(
                    fullWeb.get(i).cost());
        }
        assertThat(all(details(sub) + "&$top=10")).hasSize(10);
    }

    @Test
    void aBatchStoredBetweenPagesShiftsNoPage() throws Exception {
        UUID sub = subscriptionWithUsage();
        List<JsonNode> before = all(details(sub));

        JsonNode first = page(details(sub));
        List<JsonNode> paged = new ArrayList<>();
        first.get("value").forEach(paged::add);
        // records sorting before, inside and after the first page's, on the meter with tiers
        for (int i = 0; i < 5; i++) {
            usage(sub, vmHours, "50", Instant.parse("2017-12-01T00:00:00Z").plusSeconds(86_400L * 7 * i),
                    rid(sub, "web", "late" + i), "westeurope", "{}", "{}", REPORTED);
        }
        String next = first.get("nextLink").asString();
        while (next != null) {
            JsonNode body = page(next);
            body.get("value").forEach(paged::add);
            next = body.hasNonNull("nextLink") ? body.get("nextLink").asString() : null;
        }
        assertThat(paged).hasSize(before.size());
        for (int i = 0; i < before.size(); i++) {
            assertThat(paged.get(i)).as("item " + i).isEqualTo(before.get(i));
        }
        assertThat(all(details(sub))).hasSize(before.size() + 5);
    }

    static BigDecimal costs(List<JsonNode> items) {
        return items.stream().map(i -> i.get("properties").get("cost").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
