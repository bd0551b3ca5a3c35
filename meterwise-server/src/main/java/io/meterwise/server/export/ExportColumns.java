package io.meterwise.server.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.export.ExportType;
import io.meterwise.core.focus.FocusColumn;
import io.meterwise.core.focus.FocusRow;

/**
 * The columns of an export's dataset, each read from a FOCUS row. {@code FocusCost} is every FOCUS column (ADR 0034).
 * {@code ActualCost} and {@code Usage} use Azure's cost-details column names for the same charges, so a tool that reads
 * Azure's ActualCost exports reads Meterwise's; values are the FOCUS row's, so both datasets add up the same.
 */
public final class ExportColumns {

    /**
     * A column: its name, its type and how to read it from a FOCUS row; {@code source} when that is one FOCUS column
     * as it is (so a writer can read it directly rather than through {@code value}).
     */
    public record Column(String name, FocusColumn.Type type, Function<FocusRow, @Nullable Object> value,
            @Nullable FocusColumn source) {

        Column(String name, FocusColumn.Type type, Function<FocusRow, @Nullable Object> value) {
            this(name, type, value, null);
        }

        Column(String name, FocusColumn source) {
            this(name, source.type(), r -> r.get(source), source);
        }
    }

    private static final List<Column> FOCUS;
    private static final List<Column> COST_DETAILS;

    static {
        List<Column> focus = new ArrayList<>();
        for (FocusColumn c : FocusColumn.ALL) {
            focus.add(new Column(c.name(), c));
        }
        FOCUS = List.copyOf(focus);
        Map<String, Column> details = new LinkedHashMap<>();
        copy(details, "InvoiceId", FocusColumn.InvoiceId);
        copy(details, "BillingAccountId", FocusColumn.BillingAccountId);
        copy(details, "BillingAccountName", FocusColumn.BillingAccountName);
        date(details, "BillingPeriodStartDate", r -> (Instant) r.get(FocusColumn.BillingPeriodStart), false);
        date(details, "BillingPeriodEndDate", r -> (Instant) r.get(FocusColumn.BillingPeriodEnd), true);
        details.put("SubscriptionId", new Column("SubscriptionId", FocusColumn.Type.STRING, r -> {
            Object id = r.get(FocusColumn.SubAccountId);
            return id == null ? null : id.toString().substring(id.toString().lastIndexOf('/') + 1);
        }));
        copy(details, "SubscriptionName", FocusColumn.SubAccountName);
        copy(details, "ResourceGroup", FocusColumn.x_ResourceGroupName);
        copy(details, "ResourceId", FocusColumn.ResourceId);
        copy(details, "ResourceName", FocusColumn.ResourceName);
        copy(details, "ResourceType", FocusColumn.x_ResourceType);
        copy(details, "ResourceLocation", FocusColumn.RegionId);
        date(details, "Date", r -> (Instant) r.get(FocusColumn.ChargePeriodStart), false);
        copy(details, "ProductName", FocusColumn.ChargeDescription);
        copy(details, "MeterId", FocusColumn.x_SkuMeterId);
        copy(details, "MeterName", FocusColumn.x_SkuMeterName);
        copy(details, "MeterCategory", FocusColumn.x_SkuMeterCategory);
        copy(details, "MeterSubCategory", FocusColumn.x_SkuMeterSubcategory);
        copy(details, "MeterRegion", FocusColumn.x_SkuRegion);
        copy(details, "Quantity", FocusColumn.ConsumedQuantity);
        copy(details, "UnitOfMeasure", FocusColumn.ConsumedUnit);
        copy(details, "UnitPrice", FocusColumn.ListUnitPrice);
        copy(details, "EffectivePrice", FocusColumn.x_EffectiveUnitPrice);
        copy(details, "CostInBillingCurrency", FocusColumn.BilledCost);
        copy(details, "PaygCostInBillingCurrency", FocusColumn.ListCost);
        copy(details, "BillingCurrency", FocusColumn.BillingCurrency);
        details.put("ChargeType", new Column("ChargeType", FocusColumn.Type.STRING, ExportColumns::chargeType));
        details.put("Frequency", new Column("Frequency", FocusColumn.Type.STRING,
                r -> "Usage-Based".equals(r.get(FocusColumn.ChargeFrequency)) ? "UsageBased" : "Recurring"));
        copy(details, "OfferId", FocusColumn.x_SkuOfferId);
        copy(details, "PricingModel", FocusColumn.PricingCategory);
        copy(details, "Tags", FocusColumn.Tags);
        copy(details, "IsEstimated", FocusColumn.x_IsEstimated);
        COST_DETAILS = List.copyOf(details.values());
    }

    private ExportColumns() {
    }

    /** Every column of the dataset, in file order. */
    public static List<Column> all(ExportType type) {
        return type == ExportType.FocusCost ? FOCUS : COST_DETAILS;
    }

    /** The name of the dataset's BilledCost column (what the manifest sums). */
    public static String billedCost(ExportType type) {
        return type == ExportType.FocusCost ? FocusColumn.BilledCost.name() : "CostInBillingCurrency";
    }

    /** The columns an export writes: the selection in its order, or all. Unknown names are refused by the API. */
    public static List<Column> of(ExportType type, List<String> selection) {
        List<Column> all = all(type);
        if (selection.isEmpty()) {
            return all;
        }
        List<Column> chosen = new ArrayList<>();
        for (String name : selection) {
            all.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().ifPresent(chosen::add);
        }
        return chosen;
    }

    /** Whether {@code name} is a column of the dataset (case-insensitive, as Azure matches column names). */
    public static boolean known(ExportType type, String name) {
        return all(type).stream().anyMatch(c -> c.name().equalsIgnoreCase(name));
    }

    private static String chargeType(FocusRow r) {
        if ("Correction".equals(r.get(FocusColumn.ChargeClass))) {
            return "Adjustment";
        }
        Object category = r.get(FocusColumn.ChargeCategory);
        return "Usage".equals(category) ? "Usage" : "Purchase".equals(category) ? "Purchase" : "Credit";
    }

    private static void copy(Map<String, Column> columns, String name, FocusColumn source) {
        columns.put(name, new Column(name, source));
    }

    /** A date column ({@code yyyy-MM-dd}, UTC); an exclusive end instant becomes the last day it covers. */
    private static void date(Map<String, Column> columns, String name, Function<FocusRow, @Nullable Instant> source,
            boolean exclusiveEnd) {
        columns.put(name, new Column(name, FocusColumn.Type.STRING, r -> {
            Instant at = source.apply(r);
            if (at == null) {
                return null;
            }
            LocalDate day = at.atOffset(ZoneOffset.UTC).toLocalDate();
            return (exclusiveEnd ? day.minusDays(1) : day).toString();
        }));
    }
}
