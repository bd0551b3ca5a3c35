package io.meterwise.server.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.ProductAttributes;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.money.Money;
import io.meterwise.server.demo.DemoSubscription.Profile;

/**
 * The demo catalog: real Azure meters and USD list prices (see {@code demo/NOTICE.md}), five offers, price lists in
 * USD, EUR, GBP and SEK, and 23 subscriptions of six tenants. A pure function of the seed and the current month: the
 * only date that moves with the clock is the mid-period price change (the 15th of the middle month of the window).
 */
final class DemoCatalog {

    static final String PAY_AS_YOU_GO = "MS-AZR-0003P";
    static final String DEV_TEST = "MS-AZR-0023P";
    static final String VISUAL_STUDIO = "MS-AZR-0063P";
    static final String MONETARY_COMMITMENT = "MS-AZR-0044P";
    static final String ENTERPRISE_AGREEMENT = "MS-AZR-0017P";

    /** First price version of every meter; offer terms take effect then too. */
    static final Instant LIST_PRICES_SINCE = Instant.parse("2024-01-01T00:00:00Z");

    /** Fixed conversion from the USD list price; documented in docs/demo.md. */
    static final Map<String, BigDecimal> PER_USD = Map.of("USD", BigDecimal.ONE, "EUR", new BigDecimal("0.92"), "GBP",
            new BigDecimal("0.79"), "SEK", new BigDecimal("10.50"));
    static final Map<String, String> CURRENCY_OF_COUNTRY = Map.of("US", "USD", "DE", "EUR", "FR", "EUR", "NL", "EUR",
            "GB", "GBP", "SE", "SEK");
    static final int PRICE_SCALE = 6;

    static final String BANDWIDTH_ZONE = "Zone 1";
    private static final BigDecimal EA_FACTOR = new BigDecimal("0.90");

    private final long seed;
    private final Map<UUID, Meter> meters = new LinkedHashMap<>();
    private final Map<UUID, BigDecimal> usdPrices = new HashMap<>();
    private final Map<String, Meter> meterByRegionProductName = new HashMap<>();
    private final Set<UUID> tieredStorage = new HashSet<>();
    private final Set<UUID> changingPrice = new HashSet<>();
    private final Map<UUID, UUID> linuxMeterOfWindowsMeter = new HashMap<>();
    private final Meter internetEgress;
    private final Meter interRegionTransfer;
    private final List<Offer> offers;
    private final List<DemoSubscription> subscriptions;
    private final Map<PriceListKey, List<MeterPrice>> prices = new LinkedHashMap<>();
    private final Instant windowStart;
    private final Instant priceChangeAt;

    private DemoCatalog(long seed, YearMonth currentMonth, int months) {
        this.seed = seed;
        this.windowStart = currentMonth.minusMonths(months).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        this.priceChangeAt = currentMonth.minusMonths(Math.max(1, (months + 1) / 2)).atDay(15)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        for (RetailPrice p : RetailPrice.load()) {
            addRetailMeter(p);
        }
        pairWindowsWithLinuxMeters();
        this.internetEgress = addBandwidthMeter("Standard Data Transfer Out", new BigDecimal("0.087"));
        this.interRegionTransfer = addBandwidthMeter("Inter-Region Data Transfer Out", new BigDecimal("0.02"));
        markPriceChanges();
        this.offers = buildOffers();
        this.subscriptions = buildSubscriptions();
        buildPriceLists();
    }

    static DemoCatalog build(long seed, Instant now, int months) {
        return new DemoCatalog(seed, YearMonth.from(now.atOffset(ZoneOffset.UTC)), months);
    }

    Collection<Meter> meters() {
        return meters.values();
    }

    Optional<Meter> meter(UUID meterId) {
        return Optional.ofNullable(meters.get(meterId));
    }

    List<Offer> offers() {
        return offers;
    }

    List<DemoSubscription> subscriptions() {
        return subscriptions;
    }

    Map<PriceListKey, List<MeterPrice>> prices() {
        return prices;
    }

    PriceList priceList(PriceListKey key) {
        return PriceList.of(key, prices.getOrDefault(key, List.of()));
    }

    /** Start of the generated usage: the first day of the month {@code months} before the current one. */
    Instant windowStart() {
        return windowStart;
    }

    Instant priceChangeAt() {
        return priceChangeAt;
    }

    Meter internetEgress() {
        return internetEgress;
    }

    Meter interRegionTransfer() {
        return interRegionTransfer;
    }

    /** A retail meter by armRegionName, product and meter name; empty when that region does not sell it. */
    Optional<Meter> meter(String region, String productName, String meterName) {
        return Optional.ofNullable(meterByRegionProductName.get(region + '|' + productName + '|' + meterName));
    }

    /** The VM meter of a size ({@code D2s v5}) in a region, Linux or Windows. */
    Optional<Meter> vmMeter(String region, String size, boolean windows) {
        return meters.values().stream()
                .filter(m -> m.category().equals("Virtual Machines") && m.name().equals(size)
                        && armRegion(m).equals(region) && m.subCategory().endsWith(" Windows") == windows)
                .findFirst();
    }

    /** The armRegionName of a regional meter; empty for bandwidth zones. */
    String armRegion(Meter meter) {
        return meter.product().armRegionName();
    }

    private void addRetailMeter(RetailPrice p) {
        String category = p.isVirtualMachine() ? "Virtual Machines" : "Storage";
        String subCategory = p.isVirtualMachine() ? p.productName().substring("Virtual Machines ".length())
                : p.productName();
        ProductAttributes product = new ProductAttributes(p.serviceName(), p.serviceId(), p.serviceFamily(),
                p.productName(), p.productId(), p.skuName(), p.skuId(), p.armSkuName(), p.armRegionName(), p.type(),
                true);
        Meter meter = new Meter(p.meterId(), p.meterName(), category, subCategory, p.meterRegion(), p.unitOfMeasure(),
                List.of(), product);
        meters.put(meter.meterId(), meter);
        usdPrices.put(meter.meterId(), p.unitPriceUsd());
        meterByRegionProductName.put(p.armRegionName() + '|' + p.productName() + '|' + p.meterName(), meter);
        if (p.meterName().endsWith("Data Stored") && !p.meterName().startsWith("Archive")) {
            tieredStorage.add(meter.meterId());
        }
    }

    private void pairWindowsWithLinuxMeters() {
        for (Meter m : meters.values()) {
            if (m.category().equals("Virtual Machines") && m.subCategory().endsWith(" Windows")) {
                String linuxProduct = "Virtual Machines " + m.subCategory().substring(0, m.subCategory().length() - 8);
                meter(armRegion(m), linuxProduct, m.name())
                        .ifPresent(linux -> linuxMeterOfWindowsMeter.put(m.meterId(), linux.meterId()));
            }
        }
    }

    private Meter addBandwidthMeter(String name, BigDecimal usdPrice) {
        UUID id = UUID.nameUUIDFromBytes(("meterwise-demo/Bandwidth/" + BANDWIDTH_ZONE + "/" + name)
                .getBytes(StandardCharsets.UTF_8));
        // not regional (a zone), so no armRegionName: a region move keeps these meters as they are
        ProductAttributes product = new ProductAttributes("Bandwidth", "", "Networking", "Bandwidth", "", "Standard",
                "", "", "", "Consumption", true);
        Meter meter = new Meter(id, name, "Bandwidth", "", BANDWIDTH_ZONE, "1 GB", List.of(), product);
        meters.put(id, meter);
        usdPrices.put(id, usdPrice);
        return meter;
    }

    private void markPriceChanges() {
        meter("westeurope", "Virtual Machines Dsv5 Series", "D2s v5").ifPresent(m -> changingPrice.add(m.meterId()));
        meter("francecentral", "Virtual Machines Dsv5 Series Windows", "D4s v5")
                .ifPresent(m -> changingPrice.add(m.meterId()));
        meter("westeurope", "Premium SSD Managed Disks", "P10 LRS Disk").ifPresent(m -> changingPrice.add(m.meterId()));
        meter("northeurope", "General Block Blob v2", "Hot LRS Data Stored")
                .ifPresent(m -> changingPrice.add(m.meterId()));
    }

    private List<Offer> buildOffers() {
        Set<UUID> bandwidth = Set.of(internetEgress.meterId(), interRegionTransfer.meterId());
        Set<UUID> creditExcluded = new LinkedHashSet<>(bandwidth);
        meters.values().stream().filter(m -> m.name().startsWith("Archive")).forEach(m -> creditExcluded.add(m.meterId()));
        List<OfferTerm> credits = new ArrayList<>();
        Map<String, String> creditAmounts = Map.of("USD", "150.00", "EUR", "140.00", "GBP", "120.00", "SEK", "1500.00");
        Map<String, String> commitmentThresholds = Map.of("USD", "1000", "EUR", "920", "GBP", "790", "SEK", "10500");
        List<OfferTerm> commitments = new ArrayList<>();
        for (String currency : List.of("USD", "EUR", "GBP", "SEK")) {
            credits.add(new OfferTerm.MonetaryCredit(LIST_PRICES_SINCE, Money.exact(creditAmounts.get(currency), currency),
                    creditExcluded));
            BigDecimal first = new BigDecimal(commitmentThresholds.get(currency));
            TreeMap<BigDecimal, BigDecimal> discounts = new TreeMap<>();
            discounts.put(BigDecimal.ZERO, BigDecimal.ZERO);
            discounts.put(first, new BigDecimal("5"));
            discounts.put(first.multiply(BigDecimal.valueOf(5)), new BigDecimal("8"));
            commitments.add(new OfferTerm.MonetaryCommitment(LIST_PRICES_SINCE, Currency.getInstance(currency), discounts,
                    bandwidth));
        }
        return List.of(new Offer(PAY_AS_YOU_GO, "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()),
                new Offer(DEV_TEST, "Pay-As-You-Go Dev/Test", OfferType.DEV_TEST, List.of()),
                new Offer(VISUAL_STUDIO, "Visual Studio Enterprise (MSDN)", OfferType.MSDN, credits),
                new Offer(MONETARY_COMMITMENT, "Monetary Commitment", OfferType.MONETARY_COMMITMENT, commitments),
                new Offer(ENTERPRISE_AGREEMENT, "Enterprise Agreement", OfferType.ENTERPRISE_AGREEMENT, List.of()));
    }

    private List<DemoSubscription> buildSubscriptions() {
        List<DemoSubscription> subs = new ArrayList<>();
        String we = "westeurope";
        String ne = "northeurope";
        String fr = "francecentral";
        String se = "swedencentral";
        String be = "belgiumcentral";
        // tenant, display name, offer, country, profile, regions, app, cost center, Windows app servers
        subs.add(sub("Contoso", "Contoso Production", ENTERPRISE_AGREEMENT, "US", Profile.ENTERPRISE, List.of(we, ne), "shop", "CC-1010", false));
        subs.add(sub("Contoso", "Contoso Analytics", ENTERPRISE_AGREEMENT, "US", Profile.DATA, List.of(ne), "analytics", "CC-1020", false));
        subs.add(sub("Contoso", "Contoso Media", PAY_AS_YOU_GO, "US", Profile.STREAMING, List.of(we), "video", "CC-1030", false));
        subs.add(sub("Contoso", "Contoso Dev/Test", DEV_TEST, "US", Profile.SANDBOX, List.of(we), "shop", "CC-1010", true));
        subs.add(sub("Contoso", "Contoso VS Sandbox", VISUAL_STUDIO, "US", Profile.SANDBOX, List.of(we), "lab", "CC-1090", false));
        subs.add(sub("Fabrikam", "Fabrikam Web", PAY_AS_YOU_GO, "DE", Profile.WEB, List.of(we), "web", "KST-200", false));
        subs.add(sub("Fabrikam", "Fabrikam ERP", MONETARY_COMMITMENT, "DE", Profile.ENTERPRISE, List.of(we, ne), "erp", "KST-210", true));
        subs.add(sub("Fabrikam", "Fabrikam Dev/Test", DEV_TEST, "DE", Profile.SANDBOX, List.of(we), "erp", "KST-210", true));
        subs.add(sub("Fabrikam", "Fabrikam VS Sandbox", VISUAL_STUDIO, "DE", Profile.SANDBOX, List.of(we), "lab", "KST-290", true));
        subs.add(sub("Northwind Traders", "Northwind Retail", PAY_AS_YOU_GO, "GB", Profile.WEB, List.of(ne), "retail", "NW-300", true));
        subs.add(sub("Northwind Traders", "Northwind Data Platform", MONETARY_COMMITMENT, "GB", Profile.DATA, List.of(ne, we), "data", "NW-310", false));
        subs.add(sub("Northwind Traders", "Northwind Dev/Test", DEV_TEST, "GB", Profile.SANDBOX, List.of(ne), "retail", "NW-300", true));
        subs.add(sub("Northwind Traders", "Northwind VS Sandbox", VISUAL_STUDIO, "GB", Profile.SANDBOX, List.of(ne), "lab", "NW-390", false));
        subs.add(sub("Tailspin Toys", "Tailspin Games", PAY_AS_YOU_GO, "FR", Profile.WEB, List.of(fr), "games", "TT-400", false));
        subs.add(sub("Tailspin Toys", "Tailspin Backend", PAY_AS_YOU_GO, "FR", Profile.WEB, List.of(fr, we), "backend", "TT-410", false));
        subs.add(sub("Tailspin Toys", "Tailspin VS Sandbox", VISUAL_STUDIO, "FR", Profile.SANDBOX, List.of(fr), "lab", "TT-490", false));
        subs.add(sub("Woodgrove Bank", "Woodgrove Core Banking", ENTERPRISE_AGREEMENT, "NL", Profile.ENTERPRISE, List.of(we, be), "corebank", "WB-500", true));
        subs.add(sub("Woodgrove Bank", "Woodgrove Risk Analytics", ENTERPRISE_AGREEMENT, "NL", Profile.DATA, List.of(be, we), "risk", "WB-510", false));
        subs.add(sub("Woodgrove Bank", "Woodgrove Dev/Test", DEV_TEST, "NL", Profile.SANDBOX, List.of(be), "corebank", "WB-500", true));
        subs.add(sub("Adatum", "Adatum IoT", PAY_AS_YOU_GO, "SE", Profile.WEB, List.of(se), "iot", "AD-600", false));
        subs.add(sub("Adatum", "Adatum Archive", MONETARY_COMMITMENT, "SE", Profile.DATA, List.of(se), "archive", "AD-610", false));
        subs.add(sub("Adatum", "Adatum VS Labs", VISUAL_STUDIO, "SE", Profile.SANDBOX, List.of(se), "lab", "AD-690", false));
        subs.add(sub("Adatum", "Adatum Media", PAY_AS_YOU_GO, "SE", Profile.STREAMING, List.of(se, ne), "video", "AD-620", false));
        return List.copyOf(subs);
    }

    private DemoSubscription sub(String tenant, String name, String offer, String country, Profile profile,
            List<String> regions, String app, String costCenter, boolean windowsApps) {
        UUID id = nameUuid("subscription:" + name);
        String tenantId = nameUuid("tenant:" + tenant).toString();
        Subscription subscription = new Subscription(id, name, SubscriptionState.ENABLED, offer,
                Currency.getInstance(CURRENCY_OF_COUNTRY.get(country)), country, tenantId);
        return new DemoSubscription(subscription, tenant, profile, regions, app, costCenter, windowsApps);
    }

    private UUID nameUuid(String name) {
        return UUID.nameUUIDFromBytes(("meterwise-demo:" + seed + ":" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** Every offer in its local currency for every demo country, so the rate card answers for all of them. */
    private void buildPriceLists() {
        Set<PriceListKey> keys = new LinkedHashSet<>();
        for (String offer : List.of(PAY_AS_YOU_GO, DEV_TEST, VISUAL_STUDIO, MONETARY_COMMITMENT, ENTERPRISE_AGREEMENT)) {
            for (String country : List.of("US", "DE", "FR", "NL", "GB", "SE")) {
                keys.add(new PriceListKey(offer, Currency.getInstance(CURRENCY_OF_COUNTRY.get(country)), country));
            }
        }
        for (PriceListKey key : keys) {
            List<MeterPrice> versions = new ArrayList<>();
            for (Meter meter : meters.values()) {
                BigDecimal usd = offerUsdPrice(key.offerDurableId(), meter);
                versions.add(price(meter, LIST_PRICES_SINCE, usd, key.currency()));
                if (changingPrice.contains(meter.meterId())) {
                    BigDecimal factor = meter.name().contains("Data Stored") ? new BigDecimal("0.92") : new BigDecimal("1.10");
                    versions.add(price(meter, priceChangeAt, usd.multiply(factor), key.currency()));
                }
            }
            prices.put(key, List.copyOf(versions));
        }
    }

    private BigDecimal offerUsdPrice(String offer, Meter meter) {
        UUID priced = meter.meterId();
        if ((offer.equals(DEV_TEST) || offer.equals(VISUAL_STUDIO)) && linuxMeterOfWindowsMeter.containsKey(priced)) {
            priced = linuxMeterOfWindowsMeter.get(priced); // Dev/Test: Windows VMs at the Linux rate
        }
        BigDecimal usd = usdPrices.get(priced);
        return offer.equals(ENTERPRISE_AGREEMENT) ? usd.multiply(EA_FACTOR) : usd;
    }

    private MeterPrice price(Meter meter, Instant from, BigDecimal usd, Currency currency) {
        BigDecimal unit = convert(usd, currency);
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, unit);
        BigDecimal included = BigDecimal.ZERO;
        if (meter.meterId().equals(internetEgress.meterId())) {
            // Azure's published internet egress from Zone 1: first 100 GB free, then next 10 TB, 40 TB, 100 TB, 350 TB.
            included = new BigDecimal("100");
            tiers.put(new BigDecimal("10240"), convert(egressTier(usd, "0.083"), currency));
            tiers.put(new BigDecimal("51200"), convert(egressTier(usd, "0.070"), currency));
            tiers.put(new BigDecimal("153600"), convert(egressTier(usd, "0.050"), currency));
        } else if (tieredStorage.contains(meter.meterId())) {
            // Block blob capacity: first 50 TB, next 450 TB, over 500 TB (the snapshot lost the tier rows).
            tiers.put(new BigDecimal("51200"), convert(usd.multiply(new BigDecimal("0.96")), currency));
            tiers.put(new BigDecimal("512000"), convert(usd.multiply(new BigDecimal("0.92")), currency));
        } else if (meter.name().equals("All Other Operations")) {
            included = new BigDecimal("10"); // a demo assumption: 100,000 operations a month included
        }
        return new MeterPrice(meter.meterId(), from, included, tiers);
    }

    /** A lower egress tier in the offer's terms: the published list price scaled like the offer's first tier. */
    private static BigDecimal egressTier(BigDecimal offerFirstTierUsd, String listUsd) {
        return offerFirstTierUsd.multiply(new BigDecimal(listUsd)).divide(new BigDecimal("0.087"), 12,
                RoundingMode.HALF_UP);
    }

    /** USD to a currency at the fixed demo rate, rounded half-up to 6 decimals without trailing zeros. */
    static BigDecimal convert(BigDecimal usd, Currency currency) {
        BigDecimal converted = usd.multiply(PER_USD.get(currency.getCurrencyCode()))
                .setScale(PRICE_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return converted.scale() < 0 ? converted.setScale(0) : converted;
    }

    static LocalDate utcDate(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
