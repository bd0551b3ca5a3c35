package io.meterwise.server.usageaggregates;

import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.time.Granularity;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Streams a {@code UsageAggregationListResult} as the Commerce spec shapes it: camelCase properties, bucket bounds in
 * the {@code +00:00} offset form, the quantity as an exact JSON number and {@code instanceData} as a string holding
 * JSON. Shared by the API and the benchmark baseline so both pay for the same bytes.
 */
public final class UsageAggregatesJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter WIRE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'_'HHmm").withZone(ZoneOffset.UTC);

    private final JsonGenerator out;
    private final UUID subscriptionId;
    private final Granularity granularity;
    private final boolean showDetails;
    private final Map<String, Meter> meters;
    private final String idPrefix;
    private long cachedBucket = Long.MIN_VALUE;
    private String cachedName;
    private String cachedStart;
    private String cachedEnd;

    UsageAggregatesJson(OutputStream stream, UUID subscriptionId, Granularity granularity, boolean showDetails,
            Map<String, Meter> meters) {
        this.out = JSON.createGenerator(stream);
        this.subscriptionId = subscriptionId;
        this.granularity = granularity;
        this.showDetails = showDetails;
        this.meters = meters;
        this.idPrefix = "/subscriptions/" + subscriptionId + "/providers/Microsoft.Commerce/UsageAggregates/";
    }

    /** Writes a whole page. */
    static void writePage(OutputStream stream, UsageAggregatesRequest request, Map<String, Meter> meters,
            List<UsageAggregateLine> lines, @Nullable String nextLink) {
        UsageAggregatesJson json = new UsageAggregatesJson(stream, request.subscriptionId(), request.granularity(),
                request.showDetails(), meters);
        json.begin();
        for (UsageAggregateLine line : lines) {
            json.line(line);
        }
        json.end(nextLink);
    }

    void begin() {
        out.writeStartObject();
        out.writeName("value");
        out.writeStartArray();
    }

    void line(UsageAggregateLine line) {
        if (line.bucket() != cachedBucket) {
            Instant start = Instant.EPOCH.plus(line.bucket(), ChronoUnit.MICROS);
            cachedBucket = line.bucket();
            cachedName = granularity.wireName() + (showDetails ? "_BRSDT_" : "_BRSDF_") + NAME_TIME.format(start);
            cachedStart = WIRE_TIME.format(start);
            cachedEnd = WIRE_TIME.format(start.plus(granularity.length()));
        }
        Meter meter = meters.get(line.meterId());
        out.writeStartObject();
        out.writeStringProperty("id", idPrefix + cachedName);
        out.writeStringProperty("name", cachedName);
        out.writeStringProperty("type", "Microsoft.Commerce/UsageAggregate");
        out.writeName("properties");
        out.writeStartObject();
        out.writeStringProperty("subscriptionId", subscriptionId.toString());
        out.writeStringProperty("usageStartTime", cachedStart);
        out.writeStringProperty("usageEndTime", cachedEnd);
        out.writeStringProperty("meterName", meter == null ? "" : meter.name());
        out.writeStringProperty("meterCategory", meter == null ? "" : meter.category());
        out.writeStringProperty("meterSubCategory", meter == null ? "" : meter.subCategory());
        out.writeStringProperty("unit", meter == null ? "" : meter.unit());
        out.writeStringProperty("meterId", line.meterId());
        out.writeStringProperty("meterRegion", meter == null ? "" : meter.region());
        out.writeName("infoFields");
        out.writeStartObject();
        out.writeEndObject();
        out.writeName("quantity");
        out.writeNumber(plain(line.quantity()));
        UsageAggregateLine.Instance instance = line.instance();
        if (instance != null) {
            out.writeStringProperty("instanceData", instanceData(instance));
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    void end(@Nullable String nextLink) {
        out.writeEndArray();
        if (nextLink != null) {
            out.writeStringProperty("nextLink", nextLink);
        }
        out.writeEndObject();
        out.close();
    }

    static String plain(java.math.BigDecimal quantity) {
        return quantity.signum() == 0 ? "0" : quantity.stripTrailingZeros().toPlainString();
    }

    /** {@code {"Microsoft.Resources":{...}}}: tags and additionalInfo are the ledger's JSON objects, embedded as is. */
    static String instanceData(UsageAggregateLine.Instance instance) {
        StringBuilder s = new StringBuilder(160 + instance.resourceUri().length());
        s.append("{\"Microsoft.Resources\":{\"resourceUri\":");
        quote(s, instance.resourceUri());
        s.append(",\"location\":");
        quote(s, instance.location());
        s.append(",\"tags\":").append(objectOrEmpty(instance.tagsJson()));
        s.append(",\"additionalInfo\":").append(objectOrEmpty(instance.additionalInfoJson()));
        return s.append("}}").toString();
    }

    private static String objectOrEmpty(String json) {
        String trimmed = json.strip();
        return trimmed.startsWith("{") && trimmed.endsWith("}") ? trimmed : "{}";
    }

    private static void quote(StringBuilder s, String value) {
        s.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        s.append(String.format("\\u%04x", (int) ch));
                    } else {
                        s.append(ch);
                    }
                }
            }
        }
        s.append('"');
    }
}
