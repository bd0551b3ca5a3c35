package io.meterwise.core.focus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceLine;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.billing.LineKind;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.cost.Charge;
import io.meterwise.core.cost.ChargeType;
import io.meterwise.core.cost.PeriodCharges;
import io.meterwise.core.time.BillingPeriod;

/**
 * Turns a subscription's billing period into FOCUS rows. Granularity: <b>one row per usage record</b> (its exact share
 * of the rated charges, so BilledCost adds up to the invoice to the minor unit), one row per offer term
 * (commitment discount and credit as {@code Credit}, recurring charge as {@code Purchase}) and, for an invoiced
 * period, one {@code Correction} row per prior-period adjustment line of its invoice. An invoiced period is read as
 * its invoice saw it (usage up to the invoice's ledger position); an open one as of now, with {@code x_IsEstimated}.
 * List and contracted prices are the price list's lowest-tier rate (Meterwise has no negotiated discounts apart from
 * offer terms); BilledCost and EffectiveCost carry included quantities and tiers.
 */
public final class FocusRows {

    public static final String PROVIDER = "Meterwise";

    private final Catalog catalog;
    private final Invoices invoices;
    private final PeriodCharges charges;

    public FocusRows(Catalog catalog, Invoices invoices, PeriodCharges charges) {
        this.catalog = catalog;
        this.invoices = invoices;
        this.charges = charges;
    }

    /** Streams the period's rows; returns how many. */
    public long rows(Subscription subscription, BillingPeriod period, Consumer<FocusRow> sink) {
        Optional<Invoice> invoice = invoices.forPeriod(subscription.subscriptionId(), period);
        long upTo = invoice.map(Invoice::ingestSeqHigh).orElseGet(charges::position);
        long[] count = {0};
        Repeated repeated = new Repeated(common(subscription, period, invoice.orElse(null)));
        charges.chargesWithoutDetails(subscription, period, upTo, c -> {
            sink.accept(row(repeated, c));
            count[0]++;
        });
        if (invoice.isPresent()) {
            for (InvoiceLine line : invoice.get().lines()) {
                if (line.isAdjustment()) {
                    sink.accept(correction(subscription, invoice.get(), line));
                    count[0]++;
                }
            }
        }
        return count[0];
    }

    FocusRow row(Subscription s, BillingPeriod period, Optional<Invoice> invoice, Charge c) {
        return row(new Repeated(common(s, period, invoice.orElse(null))), c);
    }

    /**
     * What the rows of one period repeat, computed once: the columns every row shares, and the values derived from a
     * resource id, a meter, a price version or a tag set (a period has millions of records but few of each).
     */
    private static final class Repeated {
        private static final int LIMIT = 100_000;

        final FocusRow common;
        final Map<String, String[]> resources = new HashMap<>();
        final Map<String, String> locations = new HashMap<>();
        final Map<UUID, FocusRow> meters = new HashMap<>();
        final Map<Map<String, String>, String> tags = new IdentityHashMap<>();
        final Map<Instant, String> priceIds = new HashMap<>();
        @Nullable UUID priceIdsMeter;

        Repeated(FocusRow common) {
            this.common = common;
        }

        /** Name, type and group of a resource id. */
        String[] resource(String uri) {
            String[] r = resources.get(uri);
            if (r == null) {
                if (resources.size() > LIMIT) {
                    resources.clear();
                }
                r = new String[] {last(uri), resourceType(uri), emptyToNull(resourceGroup(uri))};
                resources.put(uri, r);
            }
            return r;
        }

        @Nullable String location(String location) {
            if (location.isEmpty()) {
                return null;
            }
            String l = locations.putIfAbsent(location, location);
            return l == null ? location : l;
        }

        String tags(Map<String, String> map) {
            String json = tags.get(map);
            if (json == null) {
                if (tags.size() > LIMIT) {
                    tags.clear();
                }
                json = FocusRows.tags(map);
                tags.put(map, json);
            }
            return json;
        }

        String priceId(UUID meterId, Instant effectiveFrom) {
            if (!meterId.equals(priceIdsMeter)) {
                priceIds.clear();
                priceIdsMeter = meterId;
            }
            return priceIds.computeIfAbsent(effectiveFrom, f -> meterId + "@" + f);
        }

        /** The usage columns that depend on the meter only. */
        FocusRow meter(Charge c) {
            FocusRow row = meters.get(c.meterId());
            if (row == null) {
                Meter meter = c.meter();
                String unit = meter == null ? "Units" : meter.unit();
                String id = String.valueOf(c.meterId());
                row = new FocusRow(common);
                row.put(FocusColumn.ChargeCategory, "Usage").put(FocusColumn.ChargeFrequency, "Usage-Based")
                        .put(FocusColumn.ChargeDescription, meter == null ? "Meter " + c.meterId()
                                : meter.name() + (meter.region().isEmpty() ? "" : " (" + meter.region() + ")"))
                        .put(FocusColumn.ConsumedUnit, unit).put(FocusColumn.PricingUnit, unit)
                        .put(FocusColumn.x_PricingUnitDescription, unit)
                        .put(FocusColumn.x_PricingBlockSize, BigDecimal.ONE)
                        .put(FocusColumn.PricingCategory, "Standard")
                        .put(FocusColumn.SkuId, id).put(FocusColumn.x_SkuMeterId, id);
                service(row, meter == null ? "Other" : meter.category());
                if (meter != null) {
                    row.put(FocusColumn.SkuMeter, meter.name()).put(FocusColumn.x_SkuMeterName, meter.name())
                            .put(FocusColumn.x_SkuMeterCategory, meter.category())
                            .put(FocusColumn.x_SkuMeterSubcategory, emptyToNull(meter.subCategory()))
                            .put(FocusColumn.x_SkuRegion, emptyToNull(meter.region()));
                }
                meters.put(c.meterId(), row);
            }
            return row;
        }
    }

    private static FocusRow row(Repeated repeated, Charge c) {
        boolean usage = c.chargeType() == ChargeType.USAGE;
        FocusRow row = new FocusRow(usage ? repeated.meter(c) : repeated.common);
        BigDecimal cost = c.cost();
        Instant end = c.dateEnd() != null ? c.dateEnd() : c.period().end();
        row.put(FocusColumn.BilledCost, cost).put(FocusColumn.EffectiveCost, cost)
                .put(FocusColumn.ChargePeriodStart, c.date()).put(FocusColumn.ChargePeriodEnd, end)
                .put(FocusColumn.x_ServicePeriodStart, c.date()).put(FocusColumn.x_ServicePeriodEnd, end);
        if (usage) {
            BigDecimal list = c.unitPrice() == null ? BigDecimal.ZERO : c.unitPrice();
            BigDecimal listCost = list.multiply(c.quantity());
            String[] resource = repeated.resource(c.resourceUri());
            String location = repeated.location(c.location());
            row.put(FocusColumn.ConsumedQuantity, c.quantity()).put(FocusColumn.PricingQuantity, c.quantity())
                    .put(FocusColumn.ListUnitPrice, list).put(FocusColumn.ContractedUnitPrice, list)
                    .put(FocusColumn.ListCost, listCost).put(FocusColumn.ContractedCost, listCost)
                    .put(FocusColumn.x_BilledUnitPrice, list).put(FocusColumn.x_EffectiveUnitPrice, c.effectivePrice())
                    .put(FocusColumn.ResourceId, c.resourceUri()).put(FocusColumn.ResourceName, resource[0])
                    .put(FocusColumn.ResourceType, resource[1]).put(FocusColumn.x_ResourceType, resource[1])
                    .put(FocusColumn.x_ResourceGroupName, resource[2])
                    .put(FocusColumn.RegionId, location).put(FocusColumn.RegionName, location)
                    .put(FocusColumn.SkuPriceId, c.priceEffectiveFrom() == null ? String.valueOf(c.meterId())
                            : repeated.priceId(c.meterId(), c.priceEffectiveFrom()))
                    .put(FocusColumn.Tags, repeated.tags(c.tags()));
        } else {
            boolean purchase = c.chargeType() == ChargeType.RECURRING_CHARGE;
            row.put(FocusColumn.ChargeCategory, purchase ? "Purchase" : "Credit")
                    .put(FocusColumn.ChargeFrequency, "Recurring")
                    .put(FocusColumn.ChargeDescription, switch (c.chargeType()) {
                        case COMMITMENT_DISCOUNT -> "Monetary commitment discount";
                        case CREDIT -> "Monetary credit applied";
                        default -> "Recurring charge";
                    })
                    .put(FocusColumn.ListCost, cost).put(FocusColumn.ContractedCost, cost)
                    .put(FocusColumn.Tags, "{}");
            if (purchase) {
                row.put(FocusColumn.PricingQuantity, BigDecimal.ONE).put(FocusColumn.PricingUnit, "Units")
                        .put(FocusColumn.ListUnitPrice, cost).put(FocusColumn.ContractedUnitPrice, cost)
                        .put(FocusColumn.PricingCategory, "Standard");
            }
            service(row, "Offer terms");
        }
        return row;
    }

    FocusRow correction(Subscription s, Invoice invoice, InvoiceLine line) {
        FocusRow row = common(s, invoice.period(), invoice);
        BillingPeriod adjusted = line.adjustedPeriod();
        BigDecimal cost = line.amount().amount();
        Meter meter = line.meterId() == null ? null : catalog.meter(line.meterId()).orElse(null);
        row.put(FocusColumn.BilledCost, cost).put(FocusColumn.EffectiveCost, cost).put(FocusColumn.ListCost, cost)
                .put(FocusColumn.ContractedCost, cost).put(FocusColumn.ChargeClass, "Correction")
                .put(FocusColumn.ChargeCategory, line.kind() == LineKind.USAGE ? "Usage"
                        : line.kind() == LineKind.RECURRING_CHARGE ? "Purchase" : "Credit")
                .put(FocusColumn.ChargeFrequency, line.kind() == LineKind.USAGE ? "Usage-Based" : "Recurring")
                .put(FocusColumn.ChargeDescription, line.description())
                .put(FocusColumn.ChargePeriodStart, adjusted.start()).put(FocusColumn.ChargePeriodEnd, adjusted.end())
                .put(FocusColumn.x_ServicePeriodStart, adjusted.start())
                .put(FocusColumn.x_ServicePeriodEnd, adjusted.end()).put(FocusColumn.Tags, "{}");
        if (meter != null) {
            row.put(FocusColumn.ConsumedQuantity, line.quantity()).put(FocusColumn.ConsumedUnit, meter.unit())
                    .put(FocusColumn.PricingQuantity, line.quantity()).put(FocusColumn.PricingUnit, meter.unit())
                    .put(FocusColumn.SkuId, meter.meterId().toString()).put(FocusColumn.SkuMeter, meter.name())
                    .put(FocusColumn.x_SkuMeterId, meter.meterId().toString())
                    .put(FocusColumn.x_SkuMeterName, meter.name())
                    .put(FocusColumn.x_SkuMeterCategory, meter.category());
        }
        service(row, meter == null ? "Offer terms" : meter.category());
        return row;
    }

    private static FocusRow common(Subscription s, BillingPeriod period, Invoice invoice) {
        FocusRow row = new FocusRow();
        return row.put(FocusColumn.BillingAccountId, s.tenantId()).put(FocusColumn.BillingAccountName, s.tenantId())
                .put(FocusColumn.BillingAccountType, "Tenant")
                .put(FocusColumn.x_BillingAccountId, s.tenantId()).put(FocusColumn.x_BillingAccountName, s.tenantId())
                .put(FocusColumn.BillingCurrency, s.currency().getCurrencyCode())
                .put(FocusColumn.PricingCurrency, s.currency().getCurrencyCode())
                .put(FocusColumn.BillingPeriodStart, period.start()).put(FocusColumn.BillingPeriodEnd, period.end())
                .put(FocusColumn.InvoiceId, invoice == null ? null : invoice.name())
                .put(FocusColumn.InvoiceIssuerName, PROVIDER).put(FocusColumn.ProviderName, PROVIDER)
                .put(FocusColumn.PublisherName, PROVIDER)
                .put(FocusColumn.SubAccountId, "/subscriptions/" + s.subscriptionId())
                .put(FocusColumn.SubAccountName, s.displayName()).put(FocusColumn.SubAccountType, "Subscription")
                .put(FocusColumn.x_SkuOfferId, s.offerDurableId()).put(FocusColumn.x_IsEstimated, invoice == null);
    }

    /** ServiceName and ServiceCategory (a FOCUS allowed value) from the meter category. */
    private static void service(FocusRow row, String meterCategory) {
        String c = meterCategory.toLowerCase(Locale.ROOT);
        String category;
        if (c.contains("virtual machine") || c.contains("compute") || c.contains("app service")
                || c.contains("functions") || c.contains("container")) {
            category = "Compute";
        } else if (c.contains("storage") || c.contains("backup")) {
            category = "Storage";
        } else if (c.contains("network") || c.contains("bandwidth") || c.contains("dns") || c.contains("cdn")
                || c.contains("gateway") || c.contains("load balancer")) {
            category = "Networking";
        } else if (c.contains("sql") || c.contains("database") || c.contains("cosmos") || c.contains("redis")) {
            category = "Databases";
        } else if (c.contains("monitor") || c.contains("log analytics") || c.contains("insights")) {
            category = "Management and Governance";
        } else {
            category = "Other";
        }
        row.put(FocusColumn.ServiceName, meterCategory).put(FocusColumn.ServiceCategory, category);
    }

    static String tags(Map<String, String> tags) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> e : new TreeMap<>(tags).entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(e.getKey(), json);
            json.append(':');
            quote(e.getValue(), json);
        }
        return json.append('}').toString();
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
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
        out.append('"');
    }

    private static String last(String uri) {
        int slash = uri.lastIndexOf('/');
        return emptyToNull(slash < 0 ? uri : uri.substring(slash + 1));
    }

    static String resourceGroup(String uri) {
        String[] s = uri.split("/");
        for (int i = 0; i + 1 < s.length; i++) {
            if (s[i].equalsIgnoreCase("resourceGroups")) {
                return s[i + 1];
            }
        }
        return "";
    }

    static String resourceType(String uri) {
        String[] s = uri.split("/");
        int providers = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i].equalsIgnoreCase("providers")) {
                providers = i;
            }
        }
        if (providers < 0 || providers + 2 >= s.length) {
            return null;
        }
        StringBuilder type = new StringBuilder(s[providers + 1]);
        for (int i = providers + 2; i < s.length; i += 2) {
            type.append('/').append(s[i]);
        }
        return type.toString();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

}
