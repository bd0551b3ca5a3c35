package io.meterwise.core.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntToLongFunction;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.limits.Limits;
import io.meterwise.core.time.SupportedTime;

/**
 * Checks a batch of usage records against the catalog and the ingestion rules, and reports every violation (not only
 * the first) so a producer can fix a batch in one go. Lookups are cached for the life of the validator: make one per
 * batch (or per load) with the catalog as it is then; an instance is not thread-safe.
 */
public final class UsageValidator {

    public static final int MAX_RECORD_ID_LENGTH = 128;
    public static final int MAX_TAGS = 50;
    public static final int MAX_TAG_NAME_LENGTH = 512;
    public static final int MAX_TAG_VALUE_LENGTH = 256;
    public static final int MAX_LOCATION_LENGTH = 128;
    public static final int MAX_ADDITIONAL_INFO = 50;
    public static final int MAX_ADDITIONAL_INFO_VALUE_LENGTH = 1024;
    public static final int MAX_QUANTITY_DECIMALS = Limits.MAX_QUANTITY_DECIMALS;
    private static final Duration FUTURE_TOLERANCE = Duration.ofHours(1);

    private final Catalog catalog;
    private final Instant latestStart;
    private final Map<UUID, Optional<SubscriptionPrices>> bySubscription = new HashMap<>();
    private final Map<UUID, Boolean> knownMeters = new HashMap<>();

    public UsageValidator(Catalog catalog, Instant now) {
        this.catalog = catalog;
        this.latestStart = now.plus(FUTURE_TOLERANCE);
    }

    /** Validates a batch whose n-th record (0-based) is on line n + 1. */
    public List<RecordError> validate(List<UsageRecord> batch) {
        return validate(batch, index -> index + 1L);
    }

    /** Validates a batch; {@code lineOf} gives the line of the record at each index, for error messages. */
    public List<RecordError> validate(List<UsageRecord> batch, IntToLongFunction lineOf) {
        List<RecordError> errors = new ArrayList<>();
        Map<String, Integer> firstIndexOfId = new HashMap<>(Math.max(16, batch.size() * 2));
        for (int i = 0; i < batch.size(); i++) {
            UsageRecord r = batch.get(i);
            long line = lineOf.applyAsLong(i);
            check(r, line, errors);
            Integer first = firstIndexOfId.putIfAbsent(r.recordId(), i);
            if (first != null && !batch.get(first).sameContentAs(r)) {
                errors.add(new RecordError(line, "recordId", "conflict: record id '" + r.recordId()
                        + "' is also on line " + lineOf.applyAsLong(first) + " with different content"));
            }
        }
        return errors;
    }

    private void check(UsageRecord r, long line, List<RecordError> errors) {
        checkRecordId(r, line, errors);
        checkCatalog(r, line, errors);
        checkQuantity(r, line, errors);
        checkTimes(r, line, errors);
        checkResourceUri(r, line, errors);
        checkTags(r, line, errors);
        checkLocationAndInfo(r, line, errors);
    }

    private static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static void checkLocationAndInfo(UsageRecord r, long line, List<RecordError> errors) {
        if (r.location().length() > MAX_LOCATION_LENGTH) {
            errors.add(new RecordError(line, "location", "must be at most " + MAX_LOCATION_LENGTH + " characters, was "
                    + r.location().length()));
        } else if (hasControlCharacter(r.location())) {
            errors.add(new RecordError(line, "location", "must not contain control characters"));
        }
        if (r.additionalInfo().size() > MAX_ADDITIONAL_INFO) {
            errors.add(new RecordError(line, "additionalInfo", "at most " + MAX_ADDITIONAL_INFO
                    + " entries are allowed, found " + r.additionalInfo().size()));
        }
        for (var e : r.additionalInfo().entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_TAG_NAME_LENGTH
                    || e.getValue().length() > MAX_ADDITIONAL_INFO_VALUE_LENGTH) {
                errors.add(new RecordError(line, "additionalInfo", "entry '" + abbreviate(e.getKey()) + "': names are 1 to "
                        + MAX_TAG_NAME_LENGTH + " characters, values at most " + MAX_ADDITIONAL_INFO_VALUE_LENGTH));
                break;
            }
        }
    }

    private static void checkRecordId(UsageRecord r, long line, List<RecordError> errors) {
        if (r.recordId().isBlank()) {
            errors.add(new RecordError(line, "recordId", "must not be empty"));
        } else if (r.recordId().length() > MAX_RECORD_ID_LENGTH) {
            errors.add(new RecordError(line, "recordId", "must be at most " + MAX_RECORD_ID_LENGTH + " characters, was "
                    + r.recordId().length()));
        } else if (hasControlCharacter(r.recordId())) {
            errors.add(new RecordError(line, "recordId", "must not contain control characters"));
        }
    }

    private void checkCatalog(UsageRecord r, long line, List<RecordError> errors) {
        Optional<SubscriptionPrices> prices = bySubscription.computeIfAbsent(r.subscriptionId(),
                id -> catalog.subscription(id).map(SubscriptionPrices::new));
        if (prices.isEmpty()) {
            errors.add(new RecordError(line, "subscriptionId", "unknown subscription " + r.subscriptionId()));
        }
        boolean meterKnown = knownMeters.computeIfAbsent(r.meterId(), id -> catalog.meter(id).isPresent());
        if (!meterKnown) {
            errors.add(new RecordError(line, "meterId", "unknown meter " + r.meterId()));
        }
        if (prices.isPresent() && meterKnown) {
            SubscriptionPrices p = prices.get();
            Instant firstPriced = p.firstPriced(r.meterId());
            if (firstPriced == null || firstPriced.isAfter(r.usageStart())) {
                var key = p.subscription.priceListKey();
                errors.add(new RecordError(line, "meterId", "meter " + r.meterId() + " is not priced for offer "
                        + key.offerDurableId() + "/currency " + key.currency() + "/region " + key.regionInfo()
                        + " at usage time " + r.usageStart()
                        + (firstPriced == null ? "" : " (its first price takes effect " + firstPriced + ")")));
            }
        }
    }

    private static void checkQuantity(UsageRecord r, long line, List<RecordError> errors) {
        String problem = Limits.problem(r.quantity(), Limits.QUANTITY_LIMIT, MAX_QUANTITY_DECIMALS);
        if (problem != null) {
            errors.add(new RecordError(line, "quantity", problem));
        }
    }

    private void checkTimes(UsageRecord r, long line, List<RecordError> errors) {
        String startOutside = SupportedTime.problem(r.usageStart());
        String endOutside = SupportedTime.problem(r.usageEnd());
        if (startOutside != null || endOutside != null) {
            if (startOutside != null) {
                errors.add(new RecordError(line, "usageStartTime", startOutside));
            }
            if (endOutside != null) {
                errors.add(new RecordError(line, "usageEndTime", endOutside));
            }
            return;
        }
        if (!r.usageEnd().isAfter(r.usageStart())) {
            errors.add(new RecordError(line, "usageEndTime", "must be after usageStartTime " + r.usageStart()));
        } else {
            Instant nextMidnight = r.usageStart().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
            if (r.usageEnd().isAfter(nextMidnight)) {
                errors.add(new RecordError(line, "usageEndTime", "usage from " + r.usageStart() + " to "
                        + r.usageEnd() + " crosses the UTC day boundary " + nextMidnight + "; split it per day"));
            }
        }
        if (r.usageStart().isAfter(latestStart)) {
            errors.add(new RecordError(line, "usageStartTime", "is in the future: " + r.usageStart()
                    + " is more than 1 hour after the server time " + latestStart.minus(FUTURE_TOLERANCE)));
        }
    }

    private static void checkResourceUri(UsageRecord r, long line, List<RecordError> errors) {
        String problem = ResourceUris.problem(r.resourceUri(), r.subscriptionId());
        if (problem != null) {
            errors.add(new RecordError(line, "resourceUri", problem));
        }
    }

    private static void checkTags(UsageRecord r, long line, List<RecordError> errors) {
        if (r.tags().size() > MAX_TAGS) {
            errors.add(new RecordError(line, "tags", "at most " + MAX_TAGS + " tags are allowed, found " + r.tags().size()));
        }
        for (var tag : r.tags().entrySet()) {
            if (tag.getKey().isEmpty() || tag.getKey().length() > MAX_TAG_NAME_LENGTH) {
                errors.add(new RecordError(line, "tags", "tag name must be 1 to " + MAX_TAG_NAME_LENGTH
                        + " characters, found one of " + tag.getKey().length()));
            }
            if (tag.getValue().length() > MAX_TAG_VALUE_LENGTH) {
                errors.add(new RecordError(line, "tags", "value of tag '" + abbreviate(tag.getKey()) + "' must be at most "
                        + MAX_TAG_VALUE_LENGTH + " characters, was " + tag.getValue().length()));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    /** The price list of one subscription, with the first effective date of each meter looked up once. */
    private final class SubscriptionPrices {
        final Subscription subscription;
        final Optional<PriceList> priceList;
        final Map<UUID, Optional<Instant>> firstPricedByMeter = new HashMap<>();

        SubscriptionPrices(Subscription subscription) {
            this.subscription = subscription;
            this.priceList = catalog.priceList(subscription.priceListKey());
        }

        /** When the meter's first price version takes effect in this price list; null when it has none. */
        Instant firstPriced(UUID meterId) {
            return firstPricedByMeter.computeIfAbsent(meterId, m -> priceList.flatMap(
                    list -> list.versions(m).stream().findFirst().map(MeterPrice::effectiveFrom))).orElse(null);
        }
    }
}
