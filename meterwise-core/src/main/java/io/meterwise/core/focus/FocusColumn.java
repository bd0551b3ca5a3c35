package io.meterwise.core.focus;

import java.util.List;

/**
 * A column of Meterwise's FOCUS rows, in output order, with its FOCUS data type. {@code x_IsEstimated} is Meterwise's
 * own extension: true on rows of a period not invoiced yet.
 */
public enum FocusColumn {
    BilledCost(Type.DECIMAL), BillingAccountId(Type.STRING), BillingAccountName(Type.STRING),
    BillingAccountType(Type.STRING), BillingCurrency(Type.STRING), BillingPeriodEnd(Type.DATETIME),
    BillingPeriodStart(Type.DATETIME), ChargeCategory(Type.STRING), ChargeClass(Type.STRING),
    ChargeDescription(Type.STRING), ChargeFrequency(Type.STRING), ChargePeriodEnd(Type.DATETIME),
    ChargePeriodStart(Type.DATETIME), ConsumedQuantity(Type.DECIMAL), ConsumedUnit(Type.STRING),
    ContractedCost(Type.DECIMAL), ContractedUnitPrice(Type.DECIMAL), EffectiveCost(Type.DECIMAL),
    InvoiceId(Type.STRING), InvoiceIssuerName(Type.STRING), ListCost(Type.DECIMAL), ListUnitPrice(Type.DECIMAL),
    PricingCategory(Type.STRING), PricingCurrency(Type.STRING), PricingQuantity(Type.DECIMAL),
    PricingUnit(Type.STRING), ProviderName(Type.STRING), PublisherName(Type.STRING), RegionId(Type.STRING),
    RegionName(Type.STRING), ResourceId(Type.STRING), ResourceName(Type.STRING), ResourceType(Type.STRING),
    ServiceCategory(Type.STRING), ServiceName(Type.STRING), SkuId(Type.STRING), SkuMeter(Type.STRING),
    SkuPriceId(Type.STRING), SubAccountId(Type.STRING), SubAccountName(Type.STRING), SubAccountType(Type.STRING),
    Tags(Type.JSON),
    x_BilledUnitPrice(Type.DECIMAL), x_BillingAccountId(Type.STRING), x_BillingAccountName(Type.STRING),
    x_EffectiveUnitPrice(Type.DECIMAL), x_PricingBlockSize(Type.DECIMAL), x_PricingUnitDescription(Type.STRING),
    x_ResourceGroupName(Type.STRING), x_ResourceType(Type.STRING), x_ServicePeriodEnd(Type.DATETIME),
    x_ServicePeriodStart(Type.DATETIME), x_SkuMeterCategory(Type.STRING), x_SkuMeterId(Type.STRING),
    x_SkuMeterName(Type.STRING), x_SkuMeterSubcategory(Type.STRING), x_SkuOfferId(Type.STRING),
    x_SkuRegion(Type.STRING), x_IsEstimated(Type.BOOLEAN);

    /** FOCUS data types: Decimal, String, Date/Time (ISO 8601 UTC), JSON, and Boolean for the extension. */
    public enum Type { DECIMAL, STRING, DATETIME, JSON, BOOLEAN }

    private final Type type;

    FocusColumn(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }

    public static final List<FocusColumn> ALL = List.of(values());
}
