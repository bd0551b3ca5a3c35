package io.meterwise.core.usage;

import static io.meterwise.core.testing.UsageRecords.aUsageRecord;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.meterwise.core.testing.CatalogFixtures;
import io.meterwise.core.testing.UsageRecords;
import io.meterwise.core.time.Granularity;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class UsageAggregatorPropertiesTest {

    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

    @Provide
    Arbitrary<UsageRecord> records() {
        return Combinators.combine(
                Arbitraries.of(CatalogFixtures.VM_D2_HOURS, CatalogFixtures.DATA_TRANSFER_OUT_GB, CatalogFixtures.STORAGE_10K_TRANSACTIONS),
                Arbitraries.integers().between(0, 24 * 5 - 1),
                Arbitraries.integers().between(0, 59),
                Arbitraries.of("vm-1", "vm-2", "disk-1"),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1000")).ofScale(9))
                .as((meter, hour, minute, resource, quantity) -> aUsageRecord().forMeter(meter).resource("/subscriptions/" + UsageRecords.SUBSCRIPTION + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/" + resource)
                        .quantity(quantity).at(START.plusSeconds(hour * 3600L + minute * 60L)).build());
    }

    private static List<UsageAggregator.Line> aggregate(List<UsageRecord> records, Granularity g, boolean details) {
        UsageAggregator aggregator = new UsageAggregator(g, details);
        records.forEach(aggregator::add);
        return aggregator.lines();
    }

    @Property(tries = 200)
    void everyRecordIsCountedExactlyOnceInBothGranularities(@ForAll @Size(max = 60) List<@From("records") UsageRecord> records) {
        BigDecimal total = records.stream().map(UsageRecord::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        for (Granularity g : Granularity.values()) {
            for (boolean details : new boolean[] {true, false}) {
                BigDecimal sum = aggregate(records, g, details).stream().map(UsageAggregator.Line::quantity)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(sum).isEqualByComparingTo(total);
            }
        }
    }

    @Property(tries = 200)
    void hourlyLinesRolledUpToDaysEqualDailyLines(@ForAll @Size(max = 60) List<@From("records") UsageRecord> records) {
        Map<String, BigDecimal> rolledUp = new HashMap<>();
        for (UsageAggregator.Line line : aggregate(records, Granularity.HOURLY, false)) {
            rolledUp.merge(Granularity.DAILY.bucketStart(line.usageStart()) + "|" + line.meterId(), line.quantity(),
                    BigDecimal::add);
        }
        Map<String, BigDecimal> daily = new HashMap<>();
        for (UsageAggregator.Line line : aggregate(records, Granularity.DAILY, false)) {
            assertThat(Granularity.DAILY.isAligned(line.usageStart())).isTrue();
            assertThat(line.usageEnd()).isEqualTo(line.usageStart().plusSeconds(86_400));
            daily.put(line.usageStart() + "|" + line.meterId(), line.quantity());
        }
        assertThat(rolledUp.keySet()).isEqualTo(daily.keySet());
        daily.forEach((k, q) -> assertThat(rolledUp.get(k)).isEqualByComparingTo(q));
    }

    @Property(tries = 200)
    void orderOfRecordsDoesNotMatterAndBucketsAlignToUtc(
            @ForAll @Size(max = 60) List<@From("records") UsageRecord> records, @ForAll long seed) {
        List<UsageRecord> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new Random(seed));
        List<UsageAggregator.Line> lines = aggregate(records, Granularity.HOURLY, true);
        assertThat(aggregate(shuffled, Granularity.HOURLY, true)).isEqualTo(lines);
        for (UsageAggregator.Line line : lines) {
            assertThat(Granularity.HOURLY.isAligned(line.usageStart())).isTrue();
            assertThat(line.resourceUri()).isNotEmpty();
        }
    }

    @Property(tries = 100)
    void instanceDetailsSplitButNeverChangeMeterTotals(
            @ForAll @Size(max = 60) List<@From("records") UsageRecord> records) {
        Map<UUID, BigDecimal> detailed = new HashMap<>();
        aggregate(records, Granularity.DAILY, true).forEach(l -> detailed.merge(l.meterId(), l.quantity(), BigDecimal::add));
        Map<UUID, BigDecimal> summary = new HashMap<>();
        aggregate(records, Granularity.DAILY, false).forEach(l -> summary.merge(l.meterId(), l.quantity(), BigDecimal::add));
        assertThat(detailed.keySet()).isEqualTo(summary.keySet());
        summary.forEach((m, q) -> assertThat(detailed.get(m)).isEqualByComparingTo(q));
    }
}
