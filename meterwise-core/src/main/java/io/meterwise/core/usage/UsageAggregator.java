package io.meterwise.core.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.time.Granularity;

/**
 * Aggregates usage records into usage-time buckets, as the Resource Usage API does: one line per (bucket, meter) when
 * instance details are off, one per (bucket, meter, instance) when they are on. An instance is the resource URI with its
 * location, tags and additional info. Every record lands in exactly one line: the bucket holding its usage start.
 *
 * <p>The server runs the same aggregation in SQL; this is the reference used by tests and by jobs that hold records in
 * memory.
 */
public final class UsageAggregator {

    private final Granularity granularity;
    private final boolean instanceDetails;
    private final Map<Key, BigDecimal> lines = new TreeMap<>(Key.ORDER);

    public UsageAggregator(Granularity granularity, boolean instanceDetails) {
        this.granularity = Objects.requireNonNull(granularity, "granularity");
        this.instanceDetails = instanceDetails;
    }

    public void add(UsageRecord record) {
        Instant bucket = granularity.bucketStart(record.usageStart());
        Key key = instanceDetails
                ? new Key(bucket, record.subscriptionId(), record.meterId(), record.resourceUri(), record.location(),
                        new TreeMap<>(record.tags()).toString(), new TreeMap<>(record.additionalInfo()).toString())
                : new Key(bucket, record.subscriptionId(), record.meterId(), "", "", "", "");
        lines.merge(key, record.quantity(), BigDecimal::add);
    }

    /** The lines, ordered by bucket, subscription, meter and instance. */
    public List<Line> lines() {
        List<Line> result = new ArrayList<>(lines.size());
        lines.forEach((k, q) -> result.add(new Line(k.bucketStart, granularity.bucketEnd(k.bucketStart),
                k.subscriptionId, k.meterId, k.resourceUri, q)));
        return result;
    }

    /** One aggregated line; {@code resourceUri} is empty when instance details are off. */
    public record Line(Instant usageStart, Instant usageEnd, UUID subscriptionId, UUID meterId, String resourceUri,
            BigDecimal quantity) {
    }

    private record Key(Instant bucketStart, UUID subscriptionId, UUID meterId, String resourceUri, String location,
            String tags, String additionalInfo) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::bucketStart)
                .thenComparing(Key::subscriptionId)
                .thenComparing(Key::meterId)
                .thenComparing(Key::resourceUri)
                .thenComparing(Key::location)
                .thenComparing(Key::tags)
                .thenComparing(Key::additionalInfo);
    }
}
