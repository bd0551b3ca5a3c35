package io.meterwise.core.cost;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;


/**
 * A column a charge can be grouped and filtered by, named as in Azure Cost Management (names match
 * case-insensitively). {@code PricingModel} is always {@code OnDemand} (no reservations); term charges have empty
 * resource and meter values. Resource values come from the record's ARM resource id.
 */
public enum Dimension {
    RESOURCE_GROUP("ResourceGroup", c -> Resources.group(c.resourceUri())),
    RESOURCE_GROUP_NAME("ResourceGroupName", c -> Resources.group(c.resourceUri())),
    RESOURCE_ID("ResourceId", Charge::resourceUri),
    RESOURCE_TYPE("ResourceType", c -> Resources.type(c.resourceUri())),
    RESOURCE_LOCATION("ResourceLocation", Charge::location),
    METER_CATEGORY("MeterCategory", c -> c.meter() == null ? "" : c.meter().category()),
    METER_SUBCATEGORY("MeterSubcategory", c -> c.meter() == null ? "" : c.meter().subCategory()),
    METER("Meter", c -> c.meter() == null ? "" : c.meter().name()),
    METER_ID("MeterId", c -> c.meterId() == null ? "" : c.meterId().toString()),
    SERVICE_NAME("ServiceName", c -> c.meter() == null ? "" : c.meter().category()),
    CHARGE_TYPE("ChargeType", c -> c.chargeType().wireName()),
    SUBSCRIPTION_ID("SubscriptionId", c -> c.subscriptionId().toString()),
    PRICING_MODEL("PricingModel", c -> "OnDemand"),
    BILLING_PERIOD("BillingPeriod", c -> c.period().month().toString().replace("-", "")),
    IS_ESTIMATED("IsEstimated", c -> Boolean.toString(c.estimated()));

    private final String wireName;
    private final Function<Charge, String> value;

    Dimension(String wireName, Function<Charge, String> value) {
        this.wireName = wireName;
        this.value = value;
    }

    public String wireName() {
        return wireName;
    }

    /** The charge's value in this column; never null, empty when the charge has none. */
    public String valueOf(Charge charge) {
        return value.apply(charge);
    }

    public static Optional<Dimension> fromWireName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Dimension d : values()) {
            if (d.wireName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(d);
            }
        }
        // the issue and older Azure documents spell it with a capital C
        return wanted.equals("metersubcategory") ? Optional.of(METER_SUBCATEGORY) : Optional.empty();
    }

}
