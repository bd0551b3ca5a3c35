package io.meterwise.core.estimate;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * How a workload line names a meter: by {@code meterId}; or by {@code armSkuName} + {@code armRegionName} (+ optional
 * {@code serviceName}); or by meter name and region ({@code meterName} + {@code armRegionName} or the meter region such
 * as {@code EU West}). {@code productName} and {@code skuName} narrow a choice (Linux or Windows, Spot).
 */
public record MeterSelector(@Nullable UUID meterId, @Nullable String armSkuName, @Nullable String armRegionName,
        @Nullable String serviceName, @Nullable String meterName, @Nullable String productName,
        @Nullable String skuName) {

    public static MeterSelector ofMeter(UUID meterId) {
        return new MeterSelector(meterId, null, null, null, null, null, null);
    }

    /** What the line named, for messages. */
    public String describe() {
        if (meterId != null) {
            return "meter " + meterId;
        }
        StringBuilder text = new StringBuilder();
        append(text, "armSkuName", armSkuName);
        append(text, "meterName", meterName);
        append(text, "serviceName", serviceName);
        append(text, "productName", productName);
        append(text, "skuName", skuName);
        append(text, "region", armRegionName);
        return text.toString();
    }

    private static void append(StringBuilder text, String name, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            text.append(text.isEmpty() ? "" : ", ").append(name).append(" '").append(value).append("'");
        }
    }
}
