package io.meterwise.server.demo;

import io.meterwise.core.testing.InMemoryCatalogStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.usage.UsageRecord;

class DemoLoaderTest {

    static final Instant NOW = Instant.parse("2026-11-18T10:37:00Z");
    static final DemoProperties SMALL = DemoProperties.of(42, 3, 0.08);

    static InMemoryCatalogStore catalogStore;
    static InMemoryUsageLedger ledger;
    static DemoLoadReport firstLoad;
    static Collection<UsageRecord> records;

    @BeforeAll
    static void loadOnce() {
        catalogStore = new InMemoryCatalogStore();
        ledger = new InMemoryUsageLedger();
        firstLoad = loader(NOW).load();
        records = ledger.records();
    }

    static DemoLoader loader(Instant now) {
        return new DemoLoader(catalogStore, ledger, Clock.fixed(now, ZoneOffset.UTC), SMALL);
    }

    @Test
    void firstLoadStoresEveryGeneratedRecordUnderAUniqueId() {
        assertThat(firstLoad.rejected()).isZero();
        assertThat(firstLoad.duplicates()).isZero();
        assertThat(firstLoad.generated()).isGreaterThan(50_000);
        assertThat(firstLoad.accepted()).isEqualTo(firstLoad.generated()).isEqualTo(records.size());
        assertThat(catalogStore.subscriptions()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(catalogStore.meters()).hasSizeGreaterThanOrEqualTo(200);
        assertThat(catalogStore.offers()).hasSize(5);
        assertThat(records).allSatisfy(r -> assertThat(r.recordId()).matches(
                "demo-[0-9a-f]{8}-[a-z0-9-]+-[0-9a-f]{8}-\\d{10}"));
    }

    @Test
    void secondLoadStoresNothingNew() {
        DemoLoadReport again = loader(NOW).load();
        assertThat(again.accepted()).isZero();
        assertThat(again.rejected()).isZero();
        assertThat(again.duplicates()).isEqualTo(firstLoad.generated());
        assertThat(again.catalog().priceVersionsCreated()).isZero();
        assertThat(again.catalog().priceVersionConflicts()).isZero();
    }

    @Test
    void aLoadOnALaterDayOnlyAddsTheNewHours() {
        InMemoryCatalogStore otherStore = new InMemoryCatalogStore();
        InMemoryUsageLedger otherLedger = new InMemoryUsageLedger();
        Instant later = NOW.plus(Duration.ofDays(1)).plus(Duration.ofHours(5));
        DemoLoadReport first = new DemoLoader(otherStore, otherLedger, Clock.fixed(NOW, ZoneOffset.UTC), SMALL).load();
        DemoLoadReport next = new DemoLoader(otherStore, otherLedger, Clock.fixed(later, ZoneOffset.UTC), SMALL).load();
        assertThat(next.rejected()).isZero();
        assertThat(next.duplicates()).isEqualTo(first.accepted());
        assertThat(next.accepted()).isPositive();
        assertThat(otherLedger.records()).filteredOn(r -> r.usageStart().isAfter(NOW)).isNotEmpty();
    }

    @Test
    void sameSeedAndClockGiveIdenticalRecords() {
        DemoCatalog catalog = DemoCatalog.build(SMALL.seed(), NOW, SMALL.months());
        Iterator<UsageRecord> a = new DemoUsageGenerator(catalog, SMALL, NOW).records().iterator();
        Iterator<UsageRecord> b = new DemoUsageGenerator(DemoCatalog.build(SMALL.seed(), NOW, SMALL.months()), SMALL,
                NOW).records().iterator();
        long n = 0;
        while (a.hasNext()) {
            assertThat(b.hasNext()).isTrue();
            UsageRecord left = a.next();
            assertThat(b.next()).isEqualTo(left);
            n++;
        }
        assertThat(b.hasNext()).isFalse();
        assertThat(n).isEqualTo(firstLoad.generated());
    }

    @Test
    void usageCoversThreeMonthsInHourlyOrderUpToTheCurrentHour() {
        DemoCatalog catalog = DemoCatalog.build(SMALL.seed(), NOW, SMALL.months());
        List<UsageRecord> generated = new DemoUsageGenerator(catalog, SMALL, NOW).records().toList();
        for (int i = 1; i < generated.size(); i++) {
            assertThat(generated.get(i).usageStart()).isAfterOrEqualTo(generated.get(i - 1).usageStart());
        }
        assertThat(generated.get(0).usageStart()).isEqualTo(Instant.parse("2026-08-01T00:00:00Z"));
        assertThat(generated.get(generated.size() - 1).usageEnd()).isEqualTo(Instant.parse("2026-11-18T10:00:00Z"));
    }

    @Test
    void everyRecordIsPricedInItsSubscriptionsPriceListAtUsageTime() {
        Map<UUID, PriceList> priceLists = new HashMap<>();
        for (Subscription s : catalogStore.subscriptions()) {
            priceLists.put(s.subscriptionId(), catalogStore.priceList(s.priceListKey()).orElseThrow());
        }
        assertThat(records).allSatisfy(r -> assertThat(
                priceLists.get(r.subscriptionId()).priceAt(r.meterId(), r.usageStart())).isPresent());
        assertThat(records.stream().map(UsageRecord::subscriptionId).distinct().count()).isGreaterThanOrEqualTo(15);
    }

    @Test
    void recordsStayInsideOneUtcDayAndUseTheMetersUnit() {
        Map<UUID, Meter> meters = catalogStore.meters().stream().collect(Collectors.toMap(Meter::meterId, m -> m));
        assertThat(records).allSatisfy(r -> {
            assertThat(r.usageEnd()).isAfter(r.usageStart());
            assertThat(r.usageEnd()).isBeforeOrEqualTo(r.usageStart().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)));
            assertThat(r.quantity().signum()).isPositive();
            assertThat(r.quantity().scale()).isLessThanOrEqualTo(9);
            Meter meter = meters.get(r.meterId());
            switch (meter.unit()) {
                case "1 Hour" -> {
                    assertThat(r.quantity()).isLessThanOrEqualTo(BigDecimal.ONE);
                    assertThat(r.resourceUri()).contains("/providers/Microsoft.Compute/virtualMachines/");
                    assertThat(r.additionalInfo()).containsKeys("ServiceType", "ImageType");
                }
                case "1/Month" -> {
                    assertThat(r.quantity()).isLessThan(new BigDecimal("0.0015"));
                    assertThat(r.resourceUri()).contains("/providers/Microsoft.Compute/disks/");
                }
                case "10K" -> assertThat(r.resourceUri()).contains("/providers/Microsoft.Storage/storageAccounts/");
                default -> {
                }
            }
            assertThat(r.tags()).containsKeys("costCenter", "env", "app");
            assertThat(r.resourceUri()).startsWith("/subscriptions/" + r.subscriptionId() + "/resourceGroups/rg-");
        });
        assertThat(records).extracting(UsageRecord::location).contains("westeurope", "northeurope", "swedencentral",
                "francecentral");
        assertThat(records).anySatisfy(r -> assertThat(r.additionalInfo()).containsEntry("ServiceType", "Standard_D2s_v5")
                .containsEntry("ImageType", "Canonical"));
    }

    @Test
    void someRecordsAreReportedOneToThreeDaysLateMostWithinTheHour() {
        long late = records.stream().filter(r -> delay(r).compareTo(Duration.ofDays(1)) >= 0).count();
        long prompt = records.stream().filter(r -> delay(r).compareTo(Duration.ofHours(1)) < 0).count();
        assertThat(records).allSatisfy(r -> {
            assertThat(delay(r)).isPositive().isLessThan(Duration.ofDays(3));
            assertThat(r.reportedAt()).isBeforeOrEqualTo(NOW);
        });
        assertThat(late).isPositive();
        assertThat(prompt).isGreaterThan(records.size() * 9L / 10);
    }

    @Test
    void vmsRunMoreHoursOnWeekdaysThanOnWeekends() {
        Set<UUID> vmMeters = catalogStore.meters().stream().filter(m -> m.unit().equals("1 Hour"))
                .map(Meter::meterId).collect(Collectors.toSet());
        Map<LocalDate, BigDecimal> hoursPerDay = records.stream().filter(r -> vmMeters.contains(r.meterId()))
                .filter(r -> r.usageStart().isBefore(Instant.parse("2026-11-01T00:00:00Z")))
                .collect(Collectors.groupingBy(r -> DemoCatalog.utcDate(r.usageStart()),
                        Collectors.reducing(BigDecimal.ZERO, UsageRecord::quantity, BigDecimal::add)));
        double weekday = average(hoursPerDay, false);
        double weekend = average(hoursPerDay, true);
        assertThat(weekday).isGreaterThan(weekend * 1.1);
    }

    @Test
    void resourcesAreCreatedAndDeletedDuringTheWindow() {
        Map<String, List<UsageRecord>> byResource = records.stream()
                .collect(Collectors.groupingBy(UsageRecord::resourceUri));
        Instant start = Instant.parse("2026-08-01T00:00:00Z");
        Instant end = Instant.parse("2026-11-18T10:00:00Z");
        Function<List<UsageRecord>, Instant> first = l -> l.stream().map(UsageRecord::usageStart).min(Instant::compareTo)
                .orElseThrow();
        Function<List<UsageRecord>, Instant> last = l -> l.stream().map(UsageRecord::usageEnd).max(Instant::compareTo)
                .orElseThrow();
        assertThat(byResource.values()).filteredOn(l -> first.apply(l).isAfter(start.plus(Duration.ofDays(7))))
                .isNotEmpty();
        assertThat(byResource.values()).filteredOn(l -> last.apply(l).isBefore(end.minus(Duration.ofDays(7))))
                .isNotEmpty();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> DemoProperties.of(1, 0, 1.0)).hasMessageContaining("months");
        assertThatThrownBy(() -> DemoProperties.of(1, 3, 0)).hasMessageContaining("scale");
    }

    private static Duration delay(UsageRecord r) {
        return Duration.between(r.usageEnd(), r.reportedAt());
    }

    private static double average(Map<LocalDate, BigDecimal> perDay, boolean weekend) {
        return perDay.entrySet().stream()
                .filter(e -> (e.getKey().getDayOfWeek() == DayOfWeek.SATURDAY
                        || e.getKey().getDayOfWeek() == DayOfWeek.SUNDAY) == weekend)
                .mapToDouble(e -> e.getValue().doubleValue()).average().orElseThrow();
    }
}
