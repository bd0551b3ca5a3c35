package io.meterwise.server.storage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.money.Money;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON columns of the catalog tables. Amounts, thresholds and prices are written as strings so that BigDecimal
 * values (and their scale) survive exactly.
 */
public final class CatalogJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CatalogJson() {
    }

    public static String tiers(NavigableMap<BigDecimal, BigDecimal> tiers) {
        ObjectNode node = JSON.createObjectNode();
        tiers.forEach((threshold, price) -> node.put(threshold.toPlainString(), price.toPlainString()));
        return JSON.writeValueAsString(node);
    }

    public static NavigableMap<BigDecimal, BigDecimal> tiers(String json) {
        return decimalMap(JSON.readTree(json));
    }

    public static String strings(List<String> values) {
        ArrayNode node = JSON.createArrayNode();
        values.forEach(node::add);
        return JSON.writeValueAsString(node);
    }

    public static List<String> strings(String json) {
        List<String> values = new ArrayList<>();
        JSON.readTree(json).forEach(n -> values.add(n.asString()));
        return values;
    }

    public static String terms(List<OfferTerm> terms) {
        ArrayNode array = JSON.createArrayNode();
        for (OfferTerm term : terms) {
            ObjectNode node = array.addObject();
            node.put("Name", term.name());
            node.put("EffectiveDate", term.effectiveDate().toString());
            node.put("Currency", term.currency().getCurrencyCode());
            if (term instanceof OfferTerm.MonetaryCredit credit) {
                node.put("Credit", credit.credit().amount().toPlainString());
                excluded(node, credit.excludedMeterIds());
            } else if (term instanceof OfferTerm.MonetaryCommitment commitment) {
                ObjectNode discount = node.putObject("TieredDiscount");
                commitment.tieredDiscount().forEach((k, v) -> discount.put(k.toPlainString(), v.toPlainString()));
                excluded(node, commitment.excludedMeterIds());
            } else if (term instanceof OfferTerm.RecurringCharge charge) {
                node.put("RecurringCharge", charge.charge().amount().toPlainString());
            }
        }
        return JSON.writeValueAsString(array);
    }

    public static List<OfferTerm> terms(String json) {
        List<OfferTerm> terms = new ArrayList<>();
        for (JsonNode node : JSON.readTree(json)) {
            Instant effective = Instant.parse(node.get("EffectiveDate").asString());
            Currency currency = Currency.getInstance(node.get("Currency").asString());
            switch (node.get("Name").asString()) {
                case "Monetary Credit" -> terms.add(new OfferTerm.MonetaryCredit(effective,
                        new Money(new BigDecimal(node.get("Credit").asString()), currency), excluded(node)));
                case "Monetary Commitment" -> terms.add(new OfferTerm.MonetaryCommitment(effective, currency,
                        decimalMap(node.get("TieredDiscount")), excluded(node)));
                case "Recurring Charge" -> terms.add(new OfferTerm.RecurringCharge(effective,
                        new Money(new BigDecimal(node.get("RecurringCharge").asString()), currency)));
                default -> throw new IllegalStateException("unknown stored offer term " + node.get("Name"));
            }
        }
        return terms;
    }

    private static void excluded(ObjectNode node, Set<UUID> meterIds) {
        ArrayNode ids = node.putArray("ExcludedMeterIds");
        new TreeSet<>(meterIds).forEach(id -> ids.add(id.toString()));
    }

    private static Set<UUID> excluded(JsonNode node) {
        Set<UUID> ids = new TreeSet<>();
        JsonNode array = node.get("ExcludedMeterIds");
        if (array != null) {
            array.forEach(n -> ids.add(UUID.fromString(n.asString())));
        }
        return ids;
    }

    private static NavigableMap<BigDecimal, BigDecimal> decimalMap(JsonNode node) {
        TreeMap<BigDecimal, BigDecimal> map = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            map.put(new BigDecimal(e.getKey()), new BigDecimal(e.getValue().asString()));
        }
        return map;
    }
}
