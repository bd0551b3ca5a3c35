package io.meterwise.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.costmanagement.CostManagementManager;
import com.azure.resourcemanager.costmanagement.models.Dimension;
import com.azure.resourcemanager.costmanagement.models.ExportType;
import com.azure.resourcemanager.costmanagement.models.FunctionType;
import com.azure.resourcemanager.costmanagement.models.GranularityType;
import com.azure.resourcemanager.costmanagement.models.QueryAggregation;
import com.azure.resourcemanager.costmanagement.models.QueryColumn;
import com.azure.resourcemanager.costmanagement.models.QueryColumnType;
import com.azure.resourcemanager.costmanagement.models.QueryComparisonExpression;
import com.azure.resourcemanager.costmanagement.models.QueryDataset;
import com.azure.resourcemanager.costmanagement.models.QueryDefinition;
import com.azure.resourcemanager.costmanagement.models.QueryFilter;
import com.azure.resourcemanager.costmanagement.models.QueryGrouping;
import com.azure.resourcemanager.costmanagement.models.QueryOperatorType;
import com.azure.resourcemanager.costmanagement.models.QueryResult;
import com.azure.resourcemanager.costmanagement.models.QueryTimePeriod;
import com.azure.resourcemanager.costmanagement.models.TimeframeType;

import io.meterwise.core.access.Role;
import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.billing.LineKind;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.Rater;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.server.testing.AzureSdkSupport;

/**
 * Microsoft's Cost Management SDK for Java ({@code azure-resourcemanager-costmanagement}, api-version 2022-10-01),
 * unchanged, over HTTPS against the seeded server: Query at subscription and resource-group scope, grouped, filtered
 * and daily, reconciles to the cent with every issued invoice (and with the Rater's own pricing of the open month),
 * and Dimensions lists what a query can group by, with the values.
 */
class CostManagementSdkIT extends SeededServer {

    static final UUID COST_SUB = UUID.fromString("3c1f6a80-5b2e-4d7a-9e61-0a1b2c3d4e60");
    static final String COST_OFFER = "MS-AZR-0148P";
    static final UUID VM = UUID.fromString("3c1f6a80-0000-4000-8000-000000000011");
    static final UUID DISK = UUID.fromString("3c1f6a80-0000-4000-8000-000000000012");
    static final List<String> GROUPS = List.of("web", "API", "batch");
    static final List<String> MONTHS = List.of("2026-08", "2026-09", "2026-10", "2026-11", "2026-12");

    /** The records the test wrote, for an independent check of quantities and of the open month's estimate. */
    static final List<UsageRecord> WRITTEN = new ArrayList<>();

    @org.springframework.beans.factory.annotation.Autowired
    Invoices issued;

    CostManagementManager costManagement;

    @BeforeAll
    void seedCosts() {
        AzureSdkSupport.ServicePrincipal reader = sdk.servicePrincipalWithRole(Role.BILLING_READER, COST_SUB);
        costManagement = CostManagementManager.configure().withHttpClient(sdk.httpClient())
                .authenticate(sdk.credential(reader), sdk.profile(COST_SUB));
        if (catalog.subscription(COST_SUB).isPresent()) {
            return;
        }
        catalog.putOffer(new Offer(COST_OFFER, "SDK cost offer", OfferType.PAY_AS_YOU_GO, List.of(
                new OfferTerm.RecurringCharge(Instant.parse("2020-01-01T00:00:00Z"), Money.exact("4.99", "USD")))));
        catalog.putMeter(new Meter(VM, "D4 v5", "Virtual Machines", "Dv5 Series", "US East", "1 Hour", List.of()));
        catalog.putMeter(new Meter(DISK, "P10 Disk", "Storage", "Premium SSD", "US East", "1/Month", List.of()));
        catalog.putSubscription(new io.meterwise.core.catalog.Subscription(COST_SUB, "SDK costs",
                SubscriptionState.ENABLED, COST_OFFER, java.util.Currency.getInstance("USD"), "US", sdk.tenantId()));
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, new BigDecimal("0.1234"));
        tiers.put(new BigDecimal("150"), new BigDecimal("0.0987"));
        TreeMap<BigDecimal, BigDecimal> later = new TreeMap<>();
        later.put(BigDecimal.ZERO, new BigDecimal("0.1111"));
        later.put(new BigDecimal("120"), new BigDecimal("0.0777"));
        catalog.addPriceVersions(new PriceListKey(COST_OFFER, java.util.Currency.getInstance("USD"), "US"), List.of(
                new MeterPrice(VM, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("5"), tiers),
                new MeterPrice(VM, Instant.parse("2026-10-15T12:00:00Z"), new BigDecimal("5"), later),
                MeterPrice.flat(DISK, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("0.0173"))));
        Random random = new Random(20261206);
        for (String month : MONTHS) {
            Instant start = Instant.parse(month + "-01T00:00:00Z");
            int hours = month.equals("2026-12") ? 5 * 24 : 28 * 24;
            for (int i = 0; i < 90; i++) {
                Instant at = start.plus(random.nextInt(hours), ChronoUnit.HOURS);
                String group = GROUPS.get(random.nextInt(GROUPS.size()));
                String env = List.of("prod", "test", "").get(random.nextInt(3));
                UUID meter = random.nextBoolean() ? VM : DISK;
                WRITTEN.add(new UsageRecord("cost-sdk-" + month + "-" + i, COST_SUB, meter,
                        new BigDecimal(random.nextInt(9000) + 1).movePointLeft(3), at, at.plus(Duration.ofHours(1)),
                        "/subscriptions/" + COST_SUB + "/resourceGroups/" + group
                                + "/providers/Microsoft.Compute/virtualMachines/vm" + random.nextInt(3),
                        "eastus", env.isEmpty() ? Map.of() : Map.of("env", env), Map.of(), at.plusSeconds(7200)));
            }
        }
        assertThat(ledger.append(WRITTEN).errors()).isEmpty();
        for (String month : MONTHS.subList(0, 4)) {
            assertThat(invoices.issue(YearMonth.parse(month), COST_SUB).failures()).isEmpty();
        }
    }

    @Test
    void queryTotalsOfEveryIssuedPeriodEqualTheInvoiceInAnyGroupingAndGranularity() {
        List<Invoice> all = issued.ofSubscription(COST_SUB);
        assertThat(all).hasSize(4);
        for (Invoice invoice : all) {
            BillingPeriod period = invoice.period();
            List<QueryGrouping> byGroupAndTag = List.of(dimension("ResourceGroup"),
                    new QueryGrouping().withType(QueryColumnType.TAG_KEY).withName("env"));
            for (GranularityType grain : java.util.Arrays.asList(GranularityType.DAILY, null)) {
                QueryResult grouped = query(period, ExportType.ACTUAL_COST, grain, byGroupAndTag, null);
                assertThat(grouped.nextLink()).isNull();
                assertThat(columnNames(grouped)).startsWith("PreTaxCost", "UsageQuantity", "ResourceGroup", "TagKey",
                        "TagValue");
                assertThat(sum(grouped, "PreTaxCost")).as(invoice.name()).isEqualByComparingTo(invoice.total().amount());
                assertThat(sum(grouped, "UsageQuantity")).as(invoice.name()).isEqualByComparingTo(writtenQuantity(
                        period, null));
            }

            QueryResult byChargeType = query(period, ExportType.USAGE, null, List.of(dimension("ChargeType")), null);
            Map<String, BigDecimal> perType = perValue(byChargeType, "ChargeType");
            assertThat(perType.get("Usage")).isEqualByComparingTo(invoice.sumOf(LineKind.USAGE, false).amount());
            assertThat(perType.get("RecurringCharge")).isEqualByComparingTo("4.99");
            assertThat(column(byChargeType, "IsEstimated")).containsOnly(false);
        }
    }

    @Test
    void theOpenMonthIsAnEstimateThatEqualsTheRatersPricingOfItsUsage() {
        BillingPeriod december = new BillingPeriod(YearMonth.of(2026, 12));
        PriceList prices = catalog.priceList(new PriceListKey(COST_OFFER, java.util.Currency.getInstance("USD"), "US"))
                .orElseThrow();
        Offer offer = catalog.offer(COST_OFFER).orElseThrow();
        BigDecimal expected = Rater.rate(prices, offer, december, WRITTEN.stream()
                .filter(r -> december.contains(r.usageStart())).toList()).total().amount();

        QueryResult monthToDate = costManagement.queries().usage("/subscriptions/" + COST_SUB, new QueryDefinition()
                .withType(ExportType.ACTUAL_COST).withTimeframe(TimeframeType.MONTH_TO_DATE)
                .withDataset(new QueryDataset().withAggregation(Map.of("totalCost", sumOf("PreTaxCost")))));
        assertThat(columnNames(monthToDate)).containsExactly("PreTaxCost", "Currency", "IsEstimated");
        assertThat(monthToDate.rows()).hasSize(1);
        assertThat(new BigDecimal(monthToDate.rows().get(0).get(0).toString())).isEqualByComparingTo(expected);
        assertThat(monthToDate.rows().get(0).get(1)).isEqualTo("USD");
        assertThat(monthToDate.rows().get(0).get(2)).isEqualTo(true);
    }

    @Test
    void resourceGroupScopeAndDimensionFiltersSelectTheSameCostsAsTheGroupedQuery() {
        BillingPeriod october = new BillingPeriod(YearMonth.of(2026, 10));
        Map<String, BigDecimal> perGroup = perValue(query(october, ExportType.ACTUAL_COST, null,
                List.of(dimension("ResourceGroupName")), null), "ResourceGroupName");
        assertThat(perGroup.keySet()).as("terms have no resource group").containsExactlyInAnyOrder("", "web", "API",
                "batch");
        assertThat(perGroup.get("")).isEqualByComparingTo("4.99");

        QueryResult web = costManagement.queries().usage("/subscriptions/" + COST_SUB + "/resourceGroups/web",
                definition(october, ExportType.ACTUAL_COST, null, List.of(), null));
        QueryResult filtered = query(october, ExportType.ACTUAL_COST, null, List.of(), new QueryFilter()
                .withDimensions(new QueryComparisonExpression().withName("ResourceGroupName")
                        .withOperator(QueryOperatorType.IN).withValues(List.of("web"))));
        assertThat(sum(web, "PreTaxCost")).isEqualByComparingTo(sum(filtered, "PreTaxCost"))
                .isEqualByComparingTo(perGroup.get("web"));
        assertThat(sum(web, "UsageQuantity")).isEqualByComparingTo(writtenQuantity(october, "web"));

        QueryResult notWeb = query(october, ExportType.ACTUAL_COST, null, List.of(), new QueryFilter().withOr(List.of(
                new QueryFilter().withDimensions(new QueryComparisonExpression().withName("ResourceGroupName")
                        .withOperator(QueryOperatorType.IN).withValues(List.of("API"))),
                new QueryFilter().withDimensions(new QueryComparisonExpression().withName("ResourceGroupName")
                        .withOperator(QueryOperatorType.IN).withValues(List.of("batch"))),
                new QueryFilter().withDimensions(new QueryComparisonExpression().withName("ChargeType")
                        .withOperator(QueryOperatorType.IN).withValues(List.of("RecurringCharge"))))));
        Invoice invoice = issued.forPeriod(COST_SUB, october).orElseThrow();
        assertThat(sum(notWeb, "PreTaxCost").add(sum(filtered, "PreTaxCost")))
                .isEqualByComparingTo(invoice.total().amount());

        QueryResult billingPeriod = costManagement.queries().usage("/subscriptions/" + COST_SUB
                + "/providers/Microsoft.Billing/billingPeriods/202610-1", new QueryDefinition()
                .withType(ExportType.ACTUAL_COST).withTimeframe(TimeframeType.THE_LAST_BILLING_MONTH)
                .withDataset(new QueryDataset().withAggregation(Map.of("totalCost", sumOf("PreTaxCost")))));
        assertThat(sum(billingPeriod, "PreTaxCost")).isEqualByComparingTo(invoice.total().amount());
    }

    @Test
    void dimensionsListTheGroupingsWithTheirValues() {
        List<Dimension> dimensions = StreamSupport.stream(costManagement.dimensions().list("/subscriptions/" + COST_SUB,
                "properties/usageStart ge '2026-10-01' and properties/usageEnd le '2026-10-31'", "properties/data",
                null, 100, Context.NONE).spliterator(), false).toList();
        Map<String, Dimension> byName = new HashMap<>();
        dimensions.forEach(d -> byName.put(d.name(), d));
        assertThat(byName).containsKeys("ResourceGroup", "ResourceGroupName", "Meter", "ChargeType", "MeterCategory");
        assertThat(byName.get("ResourceGroupName").data()).containsExactlyInAnyOrderElementsOf(GROUPS);
        assertThat(byName.get("MeterCategory").data()).containsExactlyInAnyOrder("Storage", "Virtual Machines");
        assertThat(byName.get("ResourceGroupName").groupingEnabled()).isTrue();
        assertThat(byName.get("ResourceGroupName").filterEnabled()).isTrue();

        List<Dimension> plain = StreamSupport.stream(costManagement.dimensions().list("/subscriptions/" + COST_SUB)
                .spliterator(), false).toList();
        assertThat(plain).extracting(Dimension::name).contains("ResourceGroup", "ChargeType");
    }

    @Test
    void aForeignScopeIsForbidden() {
        assertThatThrownBy(() -> costManagement.queries().usage("/subscriptions/" + OTHER, definition(
                new BillingPeriod(YearMonth.of(2026, 10)), ExportType.USAGE, null, List.of(), null)))
                .isInstanceOf(ManagementException.class)
                .satisfies(e -> assertThat(((ManagementException) e).getResponse().getStatusCode()).isEqualTo(403));
    }

    private QueryResult query(BillingPeriod period, ExportType type, GranularityType grain,
            List<QueryGrouping> grouping, QueryFilter filter) {
        return costManagement.queries().usage("/subscriptions/" + COST_SUB, definition(period, type, grain, grouping,
                filter));
    }

    private static QueryDefinition definition(BillingPeriod period, ExportType type, GranularityType grain,
            List<QueryGrouping> grouping, QueryFilter filter) {
        Map<String, QueryAggregation> aggregation = new java.util.LinkedHashMap<>();
        aggregation.put("totalCost", sumOf("PreTaxCost"));
        aggregation.put("totalQuantity", sumOf("UsageQuantity"));
        return new QueryDefinition().withType(type).withTimeframe(TimeframeType.CUSTOM)
                .withTimePeriod(new QueryTimePeriod().withFrom(OffsetDateTime.ofInstant(period.start(), ZoneOffset.UTC))
                        .withTo(OffsetDateTime.ofInstant(period.end().minusSeconds(1), ZoneOffset.UTC)))
                .withDataset(new QueryDataset().withGranularity(grain).withAggregation(aggregation)
                        .withGrouping(grouping.isEmpty() ? null : grouping).withFilter(filter));
    }

    private static QueryAggregation sumOf(String column) {
        return new QueryAggregation().withName(column).withFunction(FunctionType.SUM);
    }

    private static QueryGrouping dimension(String name) {
        return new QueryGrouping().withType(QueryColumnType.DIMENSION).withName(name);
    }

    private static List<String> columnNames(QueryResult result) {
        return result.columns().stream().map(QueryColumn::name).toList();
    }

    private static List<Object> column(QueryResult result, String name) {
        int i = columnNames(result).indexOf(name);
        assertThat(i).as(name + " in " + columnNames(result)).isNotNegative();
        return result.rows().stream().map(r -> r.get(i)).toList();
    }

    private static BigDecimal sum(QueryResult result, String name) {
        return column(result, name).stream().map(v -> new BigDecimal(v.toString())).reduce(BigDecimal.ZERO,
                BigDecimal::add);
    }

    private static Map<String, BigDecimal> perValue(QueryResult result, String dimension) {
        List<Object> keys = column(result, dimension);
        List<Object> costs = column(result, "PreTaxCost");
        Map<String, BigDecimal> map = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            map.merge(keys.get(i).toString(), new BigDecimal(costs.get(i).toString()), BigDecimal::add);
        }
        return map;
    }

    private static BigDecimal writtenQuantity(BillingPeriod period, String group) {
        return WRITTEN.stream().filter(r -> period.contains(r.usageStart()))
                .filter(r -> group == null || r.resourceUri().contains("/resourceGroups/" + group + "/"))
                .map(UsageRecord::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
