package io.meterwise.server.http.consumption;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.cost.Charge;
import io.meterwise.core.cost.ChargeType;
import io.meterwise.core.cost.Dimension;

/**
 * The wire form of one charge as a legacy {@code UsageDetail}. Costs are the charge's exact cost (10 decimals, as
 * Azure's usage details carry unrounded costs); {@code isEstimated} is a Meterwise extension.
 */
final class UsageDetailJson {

    private static final String DATE_SUFFIX = "T00:00:00.0000000Z";

    private UsageDetailJson() {
    }

    static Map<String, Object> render(String scopePrefix, Subscription s, Charge c, Set<String> expand) {
        String key = c.recordId() != null ? "record:" + c.recordId() : "term:" + c.period() + ":" + c.chargeType();
        String name = UUID.nameUUIDFromBytes((s.subscriptionId() + "|" + key).getBytes(StandardCharsets.UTF_8))
                .toString();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("billingAccountId", s.tenantId());
        p.put("billingAccountName", s.tenantId());
        p.put("billingPeriodStartDate", c.period().startDate() + DATE_SUFFIX);
        p.put("billingPeriodEndDate", c.period().endDate().minusDays(1) + DATE_SUFFIX);
        p.put("subscriptionId", s.subscriptionId().toString());
        p.put("subscriptionName", s.displayName());
        p.put("date", LocalDate.ofInstant(c.date(), ZoneOffset.UTC) + DATE_SUFFIX);
        boolean usage = c.chargeType() == ChargeType.USAGE;
        p.put("product", usage && c.meter() != null ? c.meter().name() : c.chargeType().wireName());
        if (c.meterId() != null) {
            p.put("meterId", c.meterId().toString());
        }
        if (expand.contains("properties/meterDetails") && c.meter() != null) {
            Map<String, Object> meter = new LinkedHashMap<>();
            meter.put("meterName", c.meter().name());
            meter.put("meterCategory", c.meter().category());
            meter.put("meterSubCategory", c.meter().subCategory());
            meter.put("unitOfMeasure", c.meter().unit());
            meter.put("serviceFamily", c.meter().category());
            p.put("meterDetails", meter);
        }
        p.put("quantity", c.quantity());
        p.put("effectivePrice", c.effectivePrice());
        p.put("cost", plain(c.cost()));
        p.put("unitPrice", c.unitPrice() == null ? BigDecimal.ZERO : c.unitPrice());
        p.put("billingCurrency", c.currency());
        p.put("resourceLocation", c.location());
        p.put("consumedService", Dimension.RESOURCE_TYPE.valueOf(c).split("/")[0]);
        p.put("resourceId", c.resourceUri());
        p.put("resourceName", ConsumptionApi.resourceName(c.resourceUri()));
        if (expand.contains("properties/additionalInfo")) {
            p.put("additionalInfo", json(c.additionalInfo()));
        }
        p.put("resourceGroup", Dimension.RESOURCE_GROUP.valueOf(c));
        p.put("offerId", s.offerDurableId());
        p.put("chargeType", c.chargeType().wireName());
        p.put("frequency", c.chargeType() == ChargeType.RECURRING_CHARGE ? "Monthly" : "UsageBased");
        p.put("pricingModel", "On Demand");
        p.put("isEstimated", c.estimated());

        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", scopePrefix + "/providers/Microsoft.Consumption/usageDetails/" + name);
        item.put("name", name);
        item.put("type", "Microsoft.Consumption/usageDetails");
        item.put("tags", new TreeMap<>(c.tags()));
        item.put("kind", "legacy");
        item.put("properties", p);
        return item;
    }

    private static BigDecimal plain(BigDecimal cost) {
        BigDecimal stripped = cost.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static String json(Map<String, String> map) {
        StringBuilder out = new StringBuilder("{");
        new TreeMap<>(map).forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(k)).append(':').append(quote(v));
        });
        return out.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
