package io.meterwise.core.usage;

import java.math.BigDecimal;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One aggregated line: the usage of one meter (and, with details, one resource instance) in one usage bucket starting
 * at {@code bucket} (epoch micros). {@code instance} is null for lines aggregated without details.
 */
public record UsageAggregateLine(long bucket, String meterId, @Nullable Instance instance, BigDecimal quantity) {

    public record Instance(String resourceUri, String location, String tagsJson, String additionalInfoJson) {
    }

    /** The grouping columns after the bucket, in keyset order. */
    public List<String> keyColumns() {
        return instance == null ? List.of(meterId)
                : List.of(meterId, instance.resourceUri(), instance.location(), instance.tagsJson(),
                        instance.additionalInfoJson());
    }
}
