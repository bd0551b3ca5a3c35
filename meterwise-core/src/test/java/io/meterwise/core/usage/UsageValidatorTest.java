package io.meterwise.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.testing.InMemoryCatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;

class UsageValidatorTest {

    static final UUID SUB = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    static final UUID METER = UUID.fromString("11111111-1111-1111-1111-111111111111");
    static final UUID UNPRICED_METER = UUID.fromString("33333333-3333-3333-3333-333333333333");
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final Instant PRICED_FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final String URI = "/subscriptions/" + SUB + "/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm1";

    final Catalog catalog = fixedCatalog();
    final UsageValidator validator = new UsageValidator(catalog, NOW);

    static UsageRecord record(String id) {
        return new UsageRecord(id, SUB, METER, new BigDecimal("1.5"), Instant.parse("2026-03-09T10:00:00Z"),
                Instant.parse("2026-03-09T11:00:00Z"), URI, "eastus", Map.of("env", "prod"), Map.of(), NOW);
    }

    static UsageRecord with(UsageRecord r, UUID sub, UUID meter, String quantity, String start, String end, String uri,
            Map<String, String> tags) {
        return new UsageRecord(r.recordId(), sub, meter, new BigDecimal(quantity), Instant.parse(start),
                Instant.parse(end), uri, r.location(), tags, r.additionalInfo(), r.reportedAt());
    }

    @Test
    void acceptsAValidBatchAndTheSameRecordTwice() {
        assertThat(validator.validate(List.of(record("a"), record("b"), record("a")))).isEmpty();
    }

    @Test
    void reportsEveryErrorOfEveryRecordWithLineAndField() {
        UsageRecord ok = record("ok");
        UsageRecord unknownSub = with(record("x1"), UUID.randomUUID(), METER, "1", "2026-03-09T10:00:00Z",
                "2026-03-09T11:00:00Z", URI, Map.of());
        UsageRecord badEverything = with(record(""), SUB, UUID.fromString("44444444-4444-4444-4444-444444444444"),
                "-1", "2026-03-09T10:00:00Z", "2026-03-09T10:00:00Z", "/subscriptions/x", Map.of());

        List<RecordError> errors = validator.validate(List.of(ok, unknownSub, badEverything));

        assertThat(errors).extracting(RecordError::line, RecordError::field).contains(
                org.assertj.core.groups.Tuple.tuple(2L, "subscriptionId"),
                org.assertj.core.groups.Tuple.tuple(2L, "resourceUri"),
                org.assertj.core.groups.Tuple.tuple(3L, "recordId"),
                org.assertj.core.groups.Tuple.tuple(3L, "meterId"),
                org.assertj.core.groups.Tuple.tuple(3L, "quantity"),
                org.assertj.core.groups.Tuple.tuple(3L, "usageEndTime"),
                org.assertj.core.groups.Tuple.tuple(3L, "resourceUri"));
        assertThat(errors).noneMatch(e -> e.line() == 1);
    }

    @Test
    void refusesAMeterWithoutPriceAtUsageTime() {
        UsageRecord before = with(record("early"), SUB, METER, "1", "2025-12-31T10:00:00Z", "2025-12-31T11:00:00Z",
                URI, Map.of());
        UsageRecord unpriced = with(record("unpriced"), SUB, UNPRICED_METER, "1", "2026-03-09T10:00:00Z",
                "2026-03-09T11:00:00Z", URI, Map.of());

        List<RecordError> errors = validator.validate(List.of(before, unpriced));

        assertThat(errors).hasSize(2).allMatch(e -> e.field().equals("meterId")
                && e.reason().contains("not priced for offer MS-AZR-0003P/currency USD/region US at usage time"));
    }

    @Test
    void quantityDecimalsAreCountedByValue() {
        assertThat(validator.validate(List.of(with(record("a"), SUB, METER, "1.123456789000", "2026-03-09T10:00:00Z",
                "2026-03-09T11:00:00Z", URI, Map.of())))).isEmpty();
        assertThat(validator.validate(List.of(with(record("a"), SUB, METER, "1.1234567891", "2026-03-09T10:00:00Z",
                "2026-03-09T11:00:00Z", URI, Map.of())))).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("at most 9 decimal places"));
    }

    @Test
    void recordsMustStayInsideOneUtcDay() {
        UsageRecord toMidnight = with(record("a"), SUB, METER, "1", "2026-03-09T23:00:00Z", "2026-03-10T00:00:00Z",
                URI, Map.of());
        UsageRecord across = with(record("b"), SUB, METER, "1", "2026-03-09T23:00:00Z", "2026-03-10T00:00:01Z", URI,
                Map.of());

        assertThat(validator.validate(List.of(toMidnight))).isEmpty();
        assertThat(validator.validate(List.of(across))).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("split it per day"));
    }

    @Test
    void usageMayStartAtMostOneHourAhead() {
        UsageRecord inAnHour = with(record("a"), SUB, METER, "1", "2026-03-10T13:00:00Z", "2026-03-10T14:00:00Z", URI,
                Map.of());
        UsageRecord later = with(record("b"), SUB, METER, "1", "2026-03-10T13:00:01Z", "2026-03-10T14:00:00Z", URI,
                Map.of());

        assertThat(validator.validate(List.of(inAnHour))).isEmpty();
        assertThat(validator.validate(List.of(later))).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("usageStartTime"));
    }

    @Test
    void resourceUriIsCheckedCaseInsensitivelyAgainstTheRecordsSubscription() {
        String nested = "/SUBSCRIPTIONS/" + SUB.toString().toUpperCase()
                + "/resourcegroups/rg/PROVIDERS/Microsoft.Sql/servers/s1/databases/db1";
        String otherSub = "/subscriptions/" + UUID.randomUUID() + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1";
        String oddPairs = "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Sql/servers/s1/databases";

        assertThat(validator.validate(List.of(with(record("a"), SUB, METER, "1", "2026-03-09T10:00:00Z",
                "2026-03-09T11:00:00Z", nested, Map.of())))).isEmpty();
        assertThat(validator.validate(List.of(with(record("a"), SUB, METER, "1", "2026-03-09T10:00:00Z",
                "2026-03-09T11:00:00Z", otherSub, Map.of())))).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("but the record is for subscription"));
        assertThat(validator.validate(List.of(with(record("a"), SUB, METER, "1", "2026-03-09T10:00:00Z",
                "2026-03-09T11:00:00Z", oddPairs, Map.of())))).hasSize(1);
        assertThat(ResourceUris.problem("/" + "a/".repeat(5000), SUB)).isNotNull();
    }

    @Test
    void tagsAreLimitedInNumberAndLength() {
        Map<String, String> many = new HashMap<>();
        IntStream.range(0, 51).forEach(i -> many.put("t" + i, "v"));
        Map<String, String> long_ = Map.of("n".repeat(513), "v", "ok", "v".repeat(257));

        assertThat(validator.validate(List.of(with(record("a"), SUB, METER, "1", "2026-03-09T10:00:00Z",
                "2026-03-09T11:00:00Z", URI, many)))).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("at most 50 tags"));
        assertThat(validator.validate(List.of(with(record("a"), SUB, METER, "1", "2026-03-09T10:00:00Z",
                "2026-03-09T11:00:00Z", URI, long_)))).hasSize(2).allMatch(e -> e.field().equals("tags"));
    }

    @Test
    void recordIdLengthAndInBatchConflicts() {
        UsageRecord changed = with(record("a"), SUB, METER, "2", "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z", URI,
                Map.of("env", "prod"));

        assertThat(validator.validate(List.of(record("x".repeat(129))))).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("recordId"));
        assertThat(validator.validate(List.of(record("a"), record("b"), changed), i -> i + 10L)).singleElement()
                .satisfies(e -> {
                    assertThat(e.line()).isEqualTo(12);
                    assertThat(e.reason()).contains("conflict").contains("line 10");
                });
    }

    /** A catalog with one pay-as-you-go subscription and a meter priced from 2026-01-01. */
    static Catalog fixedCatalog() {
        InMemoryCatalogStore catalog = new InMemoryCatalogStore();
        Subscription subscription = new Subscription(SUB, "Dev", SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("USD"), "US", "tenant");
        catalog.putSubscription(subscription);
        catalog.putMeter(new Meter(METER, "D2", "VM", "", "US East", "1 Hour", List.of()));
        catalog.putMeter(new Meter(UNPRICED_METER, "D4", "VM", "", "US East", "1 Hour", List.of()));
        catalog.addPriceVersion(subscription.priceListKey(), MeterPrice.flat(METER, PRICED_FROM, new BigDecimal("0.1")));
        return catalog;
    }
}
