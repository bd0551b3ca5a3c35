package io.meterwise.server.http.consumption;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.time.BillingPeriod;

/**
 * The wire form of a {@code PriceSheetResult}: one row per meter, price version in force in the period and tier.
 * {@code tierMinimumUnits} (billable units of the month from which the tier applies, after the included quantity)
 * and {@code effectiveStartDate} (of the version) are Meterwise extensions, named as in the Azure Retail Prices API.
 */
final class PriceSheetJson {

    record Row(UUID meterId, MeterPrice version, BigDecimal tierMinimumUnits, BigDecimal unitPrice) {
    }

    private static final DateTimeFormatter PERIOD_NAME = DateTimeFormatter.ofPattern("yyyyMM");

    private PriceSheetJson() {
    }

    static Map<String, Object> render(Subscription s, BillingPeriod period, List<Row> rows, Map<UUID, Meter> meters,
            boolean periodScope, @Nullable String nextLink) {
        String periodId = "/subscriptions/" + s.subscriptionId() + "/providers/Microsoft.Billing/billingPeriods/"
                + period.month().format(PERIOD_NAME);
        List<Map<String, Object>> sheets = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("billingPeriodId", periodId);
            p.put("meterId", r.meterId().toString());
            Meter meter = meters.get(r.meterId());
            if (meter != null) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("meterName", meter.name());
                d.put("meterCategory", meter.category());
                d.put("meterSubCategory", meter.subCategory());
                d.put("unit", meter.unit());
                d.put("meterLocation", meter.region());
                d.put("totalIncludedQuantity", r.version().includedQuantity());
                d.put("pretaxStandardRate", r.unitPrice());
                d.put("serviceName", meter.category());
                p.put("meterDetails", d);
            }
            p.put("unitOfMeasure", meter != null ? meter.unit() : "");
            p.put("includedQuantity", r.version().includedQuantity());
            p.put("partNumber", r.meterId().toString());
            p.put("unitPrice", r.unitPrice());
            p.put("currencyCode", s.currency().getCurrencyCode());
            p.put("offerId", s.offerDurableId());
            p.put("tierMinimumUnits", r.tierMinimumUnits());
            p.put("effectiveStartDate", r.version().effectiveFrom().toString());
            sheets.add(p);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("pricesheets", sheets);
        if (nextLink != null) {
            properties.put("nextLink", nextLink);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", (periodScope ? periodId : "/subscriptions/" + s.subscriptionId())
                + "/providers/Microsoft.Consumption/pricesheets/default");
        body.put("name", "default");
        body.put("type", "Microsoft.Consumption/pricesheets");
        body.put("properties", properties);
        return body;
    }
}
