package io.meterwise.server.storage.jdbc;

import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.duckdb.DuckDbDialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterwise.core.catalog.CatalogStore.PriceVersionOutcome;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.ProductAttributes;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.money.Money;

class JdbcCatalogTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
    static final UUID METER = UUID.fromString("11111111-1111-1111-1111-111111111111");
    static final UUID SUB = UUID.fromString("22222222-2222-2222-2222-222222222222");
    static final PriceListKey KEY = new PriceListKey("MS-AZR-0003P", Currency.getInstance("USD"), "US");
    static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    DuckDbDataSource dataSource;
    JdbcCatalog catalog;

    @BeforeEach
    void open() throws Exception {
        dataSource = DuckDbDataSource.open(dir.resolve("meterwise.duckdb"));
        SchemaMigrator.migrate(dataSource);
        catalog = new JdbcCatalog(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect(), CLOCK);
    }

    @AfterEach
    void close() throws Exception {
        dataSource.close();
    }

    JdbcCatalog reopened() throws Exception {
        dataSource.close();
        open();
        return catalog;
    }

    static Offer offer() {
        return new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of(
                new OfferTerm.MonetaryCredit(JAN, Money.exact("100.00", "USD"), Set.of(METER)),
                new OfferTerm.MonetaryCommitment(JAN, Currency.getInstance("USD"),
                        new TreeMap<>(Map.of(BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("10000"),
                                new BigDecimal("5.5"))), Set.of()),
                new OfferTerm.RecurringCharge(JAN, Money.exact("9.99", "USD"))));
    }

    static Meter meter() {
        return new Meter(METER, "D2 v3", "Virtual Machines", "Dv3", "US East", "1 Hour", List.of("compute"));
    }

    static MeterPrice tiered(String first, String second) {
        TreeMap<BigDecimal, BigDecimal> tiers = new TreeMap<>();
        tiers.put(BigDecimal.ZERO, new BigDecimal(first));
        tiers.put(new BigDecimal("100"), new BigDecimal(second));
        return new MeterPrice(METER, JAN, new BigDecimal("5"), tiers);
    }

    @Test
    void storesEveryKindOfEntryAndReadsItBackAfterReopen() throws Exception {
        Subscription sub = new Subscription(SUB, "Dev", SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("USD"), "US", "tenant-1");
        assertThat(catalog.putOffer(offer())).isTrue();
        assertThat(catalog.putMeter(meter())).isTrue();
        assertThat(catalog.putSubscription(sub)).isTrue();
        assertThat(catalog.addPriceVersion(KEY, tiered("0.10", "0.08"))).isEqualTo(PriceVersionOutcome.CREATED);

        JdbcCatalog again = reopened();

        assertThat(again.offer("ms-azr-0003p")).contains(offer());
        assertThat(again.meter(METER)).contains(meter());
        assertThat(again.subscription(SUB)).contains(sub);
        MeterPrice stored = again.priceList(KEY).orElseThrow().priceAt(METER, JAN).orElseThrow();
        assertThat(stored.sameContentAs(tiered("0.10", "0.08"))).isTrue();
        assertThat(stored.tiers().get(new BigDecimal("100"))).isEqualByComparingTo("0.08");
        assertThat(again.priceList(new PriceListKey("MS-AZR-0003P", Currency.getInstance("EUR"), "DE"))).isEmpty();
    }

    @Test
    void upsertsReportWhetherTheyCreatedAndReadsSeeTheChange() {
        assertThat(catalog.putMeter(meter())).isTrue();
        assertThat(catalog.meters()).hasSize(1);
        Meter renamed = new Meter(METER, "D2 v3 renamed", "Virtual Machines", "Dv3", "US East", "1 Hour", List.of());
        assertThat(catalog.putMeter(renamed)).isFalse();
        assertThat(catalog.meter(METER)).contains(renamed);
    }

    @Test
    void priceVersionsAreImmutableAndComparedByValue() throws Exception {
        assertThat(catalog.addPriceVersion(KEY, tiered("0.10", "0.08"))).isEqualTo(PriceVersionOutcome.CREATED);
        assertThat(catalog.addPriceVersion(KEY, tiered("0.1", "0.080"))).isEqualTo(PriceVersionOutcome.UNCHANGED);
        assertThat(catalog.addPriceVersion(KEY, tiered("0.11", "0.08"))).isEqualTo(PriceVersionOutcome.CONFLICT);

        JdbcCatalog again = reopened();
        assertThat(again.addPriceVersion(KEY, tiered("0.10", "0.08"))).isEqualTo(PriceVersionOutcome.UNCHANGED);
        assertThat(again.addPriceVersion(KEY, tiered("0.12", "0.08"))).isEqualTo(PriceVersionOutcome.CONFLICT);
        assertThat(again.priceList(KEY).orElseThrow().versions(METER)).hasSize(1);
    }

    @Test
    void addsManyVersionsInOneCallWithOutcomesInOrder() throws Exception {
        MeterPrice later = MeterPrice.flat(METER, Instant.parse("2026-02-01T00:00:00Z"), new BigDecimal("0.2"));
        MeterPrice laterChanged = MeterPrice.flat(METER, later.effectiveFrom(), new BigDecimal("0.3"));

        List<PriceVersionOutcome> outcomes = catalog.addPriceVersions(KEY,
                List.of(tiered("0.10", "0.08"), later, later, laterChanged));

        assertThat(outcomes).containsExactly(PriceVersionOutcome.CREATED, PriceVersionOutcome.CREATED,
                PriceVersionOutcome.UNCHANGED, PriceVersionOutcome.CONFLICT);
        assertThat(reopened().priceList(KEY).orElseThrow().versions(METER)).hasSize(2);
    }

    @Test
    void productAttributesOfAMeterAreStoredAndReadBack() throws Exception {
        ProductAttributes product = new ProductAttributes("Virtual Machines", "DZH313Z7MMC8", "Compute",
                "Virtual Machines Dsv5 Series", "DZH318Z08M9W", "D4s v5", "DZH318Z08M9W/008H", "Standard_D4s_v5",
                "westeurope", "Consumption", false);
        Meter meter = new Meter(METER, "D4s v5", "Virtual Machines", "Dsv5 Series", "EU West", "1 Hour", List.of(),
                product);
        assertThat(catalog.putMeter(meter)).isTrue();
        assertThat(reopened().meter(METER)).contains(meter);
        assertThat(catalog.putMeter(meter.withProduct(product.inRegion("northeurope")))).isFalse();
        assertThat(reopened().meter(METER).orElseThrow().product().armRegionName()).isEqualTo("northeurope");
    }

    /** A store created before product attributes existed keeps its meters, with empty attributes. */
    @Test
    void metersStoredBeforeTheProductAttributesMigrationKeepEverythingAndGetNone() throws Exception {
        dataSource.close();
        Path old = dir.resolve("old.duckdb");
        dataSource = DuckDbDataSource.open(old);
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, script VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
            int version = 1;
            for (var m : SchemaMigrator.migrations()) {
                if (!m.sql().contains("ADD COLUMN service_name")) {
                    for (String sql : m.sql().split(";\\s*(\\r?\\n|$)")) {
                        if (!sql.isBlank()) {
                            st.execute(sql);
                        }
                    }
                    st.execute("INSERT INTO schema_version (version, script) VALUES (" + version + ", 'x')");
                    version++;
                } else {
                    break;
                }
            }
            st.execute("INSERT INTO meter (meter_id, name, category, subcategory, region, unit, tags_json, created_at) "
                    + "VALUES ('" + METER + "', 'D2 v3', 'Virtual Machines', 'Dv3 Series', 'EU West', '1 Hour', "
                    + "'[\"a\"]', TIMESTAMP '2026-01-01 00:00:00')");
        }
        assertThat(SchemaMigrator.migrate(dataSource)).isPositive();
        JdbcCatalog migrated = new JdbcCatalog(dataSource, new io.meterwise.server.storage.duckdb.DuckDbDialect(), CLOCK);
        assertThat(migrated.meter(METER)).contains(new Meter(METER, "D2 v3", "Virtual Machines", "Dv3 Series",
                "EU West", "1 Hour", List.of("a"), ProductAttributes.NONE));
    }
}
