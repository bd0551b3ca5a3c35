package io.meterwise.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;

class DemoCatalogTest {

    static final Instant NOW = Instant.parse("2026-11-18T10:37:00Z");
    final DemoCatalog catalog = DemoCatalog.build(7, NOW, 3);

    @Test
    void hasManyRealMetersInAtLeastFourRegionsWithAzureRegionNames() {
        assertThat(catalog.meters()).hasSizeGreaterThanOrEqualTo(200);
        Set<String> regions = catalog.meters().stream().map(Meter::region).collect(Collectors.toSet());
        assertThat(regions).contains("EU West", "EU North", "SE Central", "FR Central", "BE Central", "Zone 1");
        assertThat(catalog.meters()).extracting(Meter::category).contains("Virtual Machines", "Storage", "Bandwidth");
        assertThat(catalog.meters()).extracting(Meter::unit).contains("1 Hour", "1/Month", "1 GB/Month", "10K", "1 GB");
        Meter d2sWindows = catalog.vmMeter("westeurope", "D2s v5", true).orElseThrow();
        assertThat(d2sWindows.meterId().toString()).isEqualTo("8aec24e5-8c37-581b-af93-3d8d785f272d");
        assertThat(d2sWindows.subCategory()).isEqualTo("Dsv5 Series Windows");
        assertThat(d2sWindows.region()).isEqualTo("EU West");
    }

    @Test
    void hasTwentyPlusSubscriptionsOfSeveralTenantsInThreePlusCurrencies() {
        List<Subscription> subs = catalog.subscriptions().stream().map(DemoSubscription::subscription).toList();
        assertThat(subs).hasSizeGreaterThanOrEqualTo(20);
        assertThat(subs.stream().map(Subscription::tenantId).distinct().count()).isGreaterThanOrEqualTo(4);
        assertThat(subs.stream().map(s -> s.currency().getCurrencyCode()).collect(Collectors.toSet()))
                .contains("USD", "EUR", "GBP");
        assertThat(subs.stream().map(Subscription::regionInfo).collect(Collectors.toSet()))
                .contains("US", "DE", "FR", "GB", "NL", "SE");
        assertThat(subs.stream().map(Subscription::offerDurableId).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("MS-AZR-0003P", "MS-AZR-0023P", "MS-AZR-0063P", "MS-AZR-0044P",
                        "MS-AZR-0017P");
        for (Subscription s : subs) {
            assertThat(catalog.prices()).containsKey(s.priceListKey());
        }
    }

    @Test
    void subscriptionIdsDeriveFromTheSeed() {
        DemoCatalog same = DemoCatalog.build(7, NOW.plusSeconds(86_400 * 40), 3);
        DemoCatalog other = DemoCatalog.build(8, NOW, 3);
        assertThat(ids(same)).isEqualTo(ids(catalog));
        assertThat(ids(other)).doesNotContainAnyElementsOf(ids(catalog));
    }

    @Test
    void offersCoverAllFiveTypesWithCreditAndCommitmentTerms() {
        assertThat(catalog.offers()).extracting(Offer::type).containsExactlyInAnyOrder(OfferType.values());
        Offer msdn = offer("MS-AZR-0063P");
        assertThat(msdn.termsIn(Currency.getInstance("EUR"))).singleElement()
                .isInstanceOfSatisfying(OfferTerm.MonetaryCredit.class, credit -> {
                    assertThat(credit.credit().amount()).isEqualByComparingTo("140");
                    assertThat(credit.excludedMeterIds()).contains(catalog.internetEgress().meterId());
                });
        assertThat(msdn.termsIn(Currency.getInstance("USD"))).singleElement()
                .satisfies(t -> assertThat(((OfferTerm.MonetaryCredit) t).credit().amount()).isEqualByComparingTo("150"));
        assertThat(msdn.termsIn(Currency.getInstance("GBP"))).singleElement()
                .satisfies(t -> assertThat(((OfferTerm.MonetaryCredit) t).credit().amount()).isEqualByComparingTo("120"));
        assertThat(offer("MS-AZR-0044P").termsIn(Currency.getInstance("GBP"))).singleElement()
                .isInstanceOfSatisfying(OfferTerm.MonetaryCommitment.class,
                        c -> assertThat(c.tieredDiscount()).hasSizeGreaterThanOrEqualTo(2));
    }

    @Test
    void devTestPricesWindowsAtTheLinuxRateAndEnterpriseIsTenPercentBelowPayg() {
        Meter windows = catalog.vmMeter("westeurope", "E4s v5", true).orElseThrow();
        Meter linux = catalog.vmMeter("westeurope", "E4s v5", false).orElseThrow();
        Instant at = catalog.windowStart();
        BigDecimal paygWindows = unitPrice("MS-AZR-0003P", "USD", "US", windows, at);
        BigDecimal paygLinux = unitPrice("MS-AZR-0003P", "USD", "US", linux, at);
        assertThat(paygWindows).isEqualByComparingTo("0.488"); // the retail price in the copied data
        assertThat(paygLinux).isEqualByComparingTo("0.304");
        assertThat(unitPrice("MS-AZR-0023P", "USD", "US", windows, at)).isEqualByComparingTo(paygLinux);
        assertThat(unitPrice("MS-AZR-0017P", "USD", "US", windows, at)).isEqualByComparingTo("0.4392");
        assertThat(unitPrice("MS-AZR-0003P", "EUR", "DE", windows, at)).isEqualByComparingTo(
                new BigDecimal("0.488").multiply(new BigDecimal("0.92")).setScale(6, RoundingMode.HALF_UP));
        assertThat(unitPrice("MS-AZR-0003P", "GBP", "GB", windows, at)).isEqualByComparingTo("0.38552");
    }

    @Test
    void egressHasAnIncludedQuantityAndGraduatedTiers() {
        MeterPrice egress = price("MS-AZR-0003P", "USD", "US", catalog.internetEgress(), catalog.windowStart());
        assertThat(egress.includedQuantity()).isEqualByComparingTo("100");
        assertThat(egress.tiers()).hasSize(4);
        assertThat(egress.tiers().firstEntry().getValue()).isEqualByComparingTo("0.087");
        assertThat(egress.tiers().lastEntry().getValue()).isEqualByComparingTo("0.05");
        Meter hotBlob = catalog.meter("swedencentral", "General Block Blob v2", "Hot LRS Data Stored").orElseThrow();
        assertThat(price("MS-AZR-0003P", "USD", "US", hotBlob, catalog.windowStart()).tiers()).hasSize(3);
    }

    @Test
    void aFewMetersChangePriceOnTheFifteenthOfTheMiddleMonth() {
        assertThat(catalog.priceChangeAt()).isEqualTo(Instant.parse("2026-09-15T00:00:00Z"));
        PriceList payg = catalog.priceList(key("MS-AZR-0003P", "EUR", "FR"));
        List<Meter> changing = catalog.meters().stream().filter(m -> payg.versions(m.meterId()).size() == 2).toList();
        assertThat(changing).hasSizeBetween(2, 10);
        Meter d2s = catalog.vmMeter("westeurope", "D2s v5", false).orElseThrow();
        assertThat(payg.priceAt(d2s.meterId(), catalog.priceChangeAt()).orElseThrow().tiers().firstEntry().getValue())
                .isGreaterThan(payg.priceAt(d2s.meterId(), catalog.windowStart()).orElseThrow().tiers().firstEntry()
                        .getValue());
    }

    private Set<java.util.UUID> ids(DemoCatalog c) {
        return c.subscriptions().stream().map(s -> s.subscription().subscriptionId()).collect(Collectors.toSet());
    }

    private Offer offer(String id) {
        return catalog.offers().stream().filter(o -> o.durableId().equals(id)).findFirst().orElseThrow();
    }

    private static PriceListKey key(String offer, String currency, String country) {
        return new PriceListKey(offer, Currency.getInstance(currency), country);
    }

    private MeterPrice price(String offer, String currency, String country, Meter meter, Instant at) {
        return catalog.priceList(key(offer, currency, country)).priceAt(meter.meterId(), at).orElseThrow();
    }

    private BigDecimal unitPrice(String offer, String currency, String country, Meter meter, Instant at) {
        return price(offer, currency, country, meter, at).tiers().firstEntry().getValue();
    }
}
