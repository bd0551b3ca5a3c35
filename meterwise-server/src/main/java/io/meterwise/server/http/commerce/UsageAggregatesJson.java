package io.meterwise.server.http.commerce;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.time.Granularity;
import io.meterwise.core.usage.UsageAggregateLine;

/**
 * Renders a {@code UsageAggregationListResult} as the Commerce spec shapes it: camelCase properties, bucket bounds in
 * the {@code +00:00} offset form, the quantity as an exact JSON number and {@code instanceData} as a string holding
 * JSON. Written by hand into a byte buffer: what repeats (a bucket's id, name and bounds; a meter's names) is encoded
 * once per page, and {@code instanceData} is escaped straight into the output instead of being built as a string and
 * escaped again. The output is the same JSON a generic generator writes.
 */
final class UsageAggregatesJson {

    private static final DateTimeFormatter WIRE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'_'HHmm").withZone(ZoneOffset.UTC);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INSTANCE_DATA_START =
            bytes(",\"instanceData\":\"{\\\"Microsoft.Resources\\\":{\\\"resourceUri\\\":\\\"");
    private static final byte[] LOCATION = bytes("\\\",\\\"location\\\":\\\"");
    private static final byte[] TAGS = bytes("\\\",\\\"tags\\\":");
    private static final byte[] ADDITIONAL_INFO = bytes(",\\\"additionalInfo\\\":");
    private static final byte[] INSTANCE_DATA_END = bytes("}}\"");
    private static final byte[] LINE_END = bytes("}}");

    private final UUID subscriptionId;
    private final Granularity granularity;
    private final boolean showDetails;
    private final Map<String, Meter> meters;
    private final Map<String, byte[]> meterFragments = new HashMap<>();
    private byte[] buffer = new byte[256 * 1024];
    private int size;
    private boolean firstLine = true;
    private long cachedBucket = Long.MIN_VALUE;
    private byte[] bucketFragment = new byte[0];

    private UsageAggregatesJson(UUID subscriptionId, Granularity granularity, boolean showDetails,
            Map<String, Meter> meters) {
        this.subscriptionId = subscriptionId;
        this.granularity = granularity;
        this.showDetails = showDetails;
        this.meters = meters;
    }

    /** Renders a whole page. */
    static byte[] page(UsageAggregatesRequest request, Map<String, Meter> meters, List<UsageAggregateLine> lines,
            @Nullable String nextLink) {
        UsageAggregatesJson json = new UsageAggregatesJson(request.subscriptionId(), request.granularity(),
                request.showDetails(), meters);
        json.raw(bytes("{\"value\":["));
        for (UsageAggregateLine line : lines) {
            json.line(line);
        }
        json.raw(bytes("]"));
        if (nextLink != null) {
            json.raw(bytes(",\"nextLink\":\""));
            json.escaped(nextLink);
            json.raw(bytes("\""));
        }
        json.raw(bytes("}"));
        return Arrays.copyOf(json.buffer, json.size);
    }

    private void line(UsageAggregateLine line) {
        if (!firstLine) {
            single(',');
        }
        firstLine = false;
        if (line.bucket() != cachedBucket) {
            cachedBucket = line.bucket();
            bucketFragment = bucketFragment(line.bucket());
        }
        raw(bucketFragment);
        raw(meterFragments.computeIfAbsent(line.meterId(), this::meterFragment));
        ascii(plain(line.quantity()));
        UsageAggregateLine.Instance instance = line.instance();
        if (instance != null) {
            raw(INSTANCE_DATA_START);
            escapedTwice(instance.resourceUri());
            raw(LOCATION);
            escapedTwice(instance.location());
            raw(TAGS);
            escaped(objectOrEmpty(instance.tagsJson()));
            raw(ADDITIONAL_INFO);
            escaped(objectOrEmpty(instance.additionalInfoJson()));
            raw(INSTANCE_DATA_END);
        }
        raw(LINE_END);
    }

    /** {@code {"id":…,"name":…,"type":…,"properties":{"subscriptionId":…,"usageStartTime":…,"usageEndTime":…,} */
    private byte[] bucketFragment(long bucket) {
        Instant start = Instant.EPOCH.plus(bucket, ChronoUnit.MICROS);
        String name = granularity.wireName() + (showDetails ? "_BRSDT_" : "_BRSDF_") + NAME_TIME.format(start);
        StringBuilder s = new StringBuilder(300);
        s.append("{\"id\":");
        quote(s, "/subscriptions/" + subscriptionId + "/providers/Microsoft.Commerce/UsageAggregates/" + name);
        s.append(",\"name\":");
        quote(s, name);
        s.append(",\"type\":\"Microsoft.Commerce/UsageAggregate\",\"properties\":{\"subscriptionId\":");
        quote(s, subscriptionId.toString());
        s.append(",\"usageStartTime\":");
        quote(s, WIRE_TIME.format(start));
        s.append(",\"usageEndTime\":");
        quote(s, WIRE_TIME.format(start.plus(granularity.length())));
        return s.append(',').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code "meterName":…,…,"meterId":…,"meterRegion":…,"infoFields":{},"quantity":} */
    private byte[] meterFragment(String meterId) {
        Meter meter = meters.get(meterId);
        StringBuilder s = new StringBuilder(200);
        s.append("\"meterName\":");
        quote(s, meter == null ? "" : meter.name());
        s.append(",\"meterCategory\":");
        quote(s, meter == null ? "" : meter.category());
        s.append(",\"meterSubCategory\":");
        quote(s, meter == null ? "" : meter.subCategory());
        s.append(",\"unit\":");
        quote(s, meter == null ? "" : meter.unit());
        s.append(",\"meterId\":");
        quote(s, meterId);
        s.append(",\"meterRegion\":");
        quote(s, meter == null ? "" : meter.region());
        s.append(",\"infoFields\":{},\"quantity\":");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String plain(BigDecimal quantity) {
        return quantity.signum() == 0 ? "0" : quantity.stripTrailingZeros().toPlainString();
    }

    private static String objectOrEmpty(String json) {
        String trimmed = json.strip();
        return trimmed.startsWith("{") && trimmed.endsWith("}") ? trimmed : "{}";
    }

    private static void quote(StringBuilder s, String value) {
        s.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"' || ch == '\\' || ch < 0x20) {
                s.append(escape(ch));
            } else {
                s.append(ch);
            }
        }
        s.append('"');
    }

    /** A JSON string's escape for {@code "}, {@code \} or a control character. */
    private static String escape(char ch) {
        return switch (ch) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> "\\u00" + (char) HEX[ch >> 4] + (char) HEX[ch & 0xF];
        };
    }

    /** {@code value} as the content of a JSON string inside a JSON string (instanceData's own strings). */
    private void escapedTwice(String value) {
        if (needsEscape(value)) {
            StringBuilder once = new StringBuilder(value.length() + 16);
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                once.append(ch == '"' || ch == '\\' || ch < 0x20 ? escape(ch) : String.valueOf(ch));
            }
            escaped(once.toString());
        } else {
            escaped(value);
        }
    }

    private static boolean needsEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"' || ch == '\\' || ch < 0x20) {
                return true;
            }
        }
        return false;
    }

    /** {@code value} as the content of a JSON string, UTF-8 encoded. */
    private void escaped(String value) {
        int length = value.length();
        ensure(length * 6);
        byte[] out = buffer;
        int at = size;
        for (int i = 0; i < length; i++) {
            char ch = value.charAt(i);
            if (ch >= 0x20 && ch < 0x80 && ch != '"' && ch != '\\') {
                out[at++] = (byte) ch;
            } else if (ch < 0x80) {
                String escape = escape(ch);
                for (int k = 0; k < escape.length(); k++) {
                    out[at++] = (byte) escape.charAt(k);
                }
            } else if (ch < 0x800) {
                out[at++] = (byte) (0xC0 | (ch >> 6));
                out[at++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && i + 1 < length
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, value.charAt(++i));
                out[at++] = (byte) (0xF0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(ch)) {
                // A lone surrogate has no UTF-8 form; the JSON escape keeps it as the code unit it is.
                out[at++] = '\\';
                out[at++] = 'u';
                out[at++] = HEX[(ch >> 12) & 0xF];
                out[at++] = HEX[(ch >> 8) & 0xF];
                out[at++] = HEX[(ch >> 4) & 0xF];
                out[at++] = HEX[ch & 0xF];
            } else {
                out[at++] = (byte) (0xE0 | (ch >> 12));
                out[at++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        size = at;
    }

    private void ascii(String value) {
        ensure(value.length());
        for (int i = 0; i < value.length(); i++) {
            buffer[size++] = (byte) value.charAt(i);
        }
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void single(char ch) {
        ensure(1);
        buffer[size++] = (byte) ch;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}
