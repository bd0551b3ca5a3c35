package io.meterwise.server.chargeback;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.meterwise.core.chargeback.ChargebackReport;
import io.meterwise.core.chargeback.ChargebackRules;
import io.meterwise.core.chargeback.RuleVersion;
import io.meterwise.core.chargeback.SharedCostRule;
import io.meterwise.core.chargeback.SharedScope;
import io.meterwise.core.chargeback.SplitMethod;
import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of chargeback rule versions and reports, used by the API and by the store: amounts and
 * percentages are strings so that BigDecimal values survive exactly.
 */
public final class ChargebackJson {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private ChargebackJson() {
    }

    /** A request body or stored value that is not a valid rule version; {@code target} is the field's JSON path. */
    public static final class Invalid extends RuntimeException {
        private final String target;

        Invalid(String target, String message) {
            super(message);
            this.target = target;
        }

        public String target() {
            return target;
        }
    }

    // ---- rule versions: {"effectiveFrom","effectiveTo","tagKey","costCentres","valueAliases","untaggedCostCentre","sharedCosts"}

    public static ObjectNode rules(RuleVersion v) {
        ObjectNode p = JSON.createObjectNode();
        p.put("subscriptionId", v.subscriptionId().toString());
        p.put("effectiveFrom", v.effectiveFrom().toString());
        if (v.effectiveTo() == null) {
            p.putNull("effectiveTo");
        } else {
            p.put("effectiveTo", v.effectiveTo().toString());
        }
        ChargebackRules r = v.rules();
        p.put("tagKey", r.tagKey());
        ArrayNode centres = p.putArray("costCentres");
        r.costCentres().forEach(centres::add);
        ObjectNode aliases = p.putObject("valueAliases");
        r.valueAliases().forEach(aliases::put);
        p.put("untaggedCostCentre", r.untaggedCostCentre());
        ArrayNode shared = p.putArray("sharedCosts");
        for (SharedCostRule s : r.sharedCosts()) {
            ObjectNode n = shared.addObject();
            n.put("name", s.name());
            n.put("scope", s.scope().wireName());
            n.put("match", s.match());
            n.put("split", s.split().wireName());
            ArrayNode targets = n.putArray("costCentres");
            s.costCentres().forEach(targets::add);
            if (!s.percentages().isEmpty()) {
                ObjectNode percentages = n.putObject("percentages");
                s.percentages().forEach((k, value) -> percentages.put(k, value.toPlainString()));
            }
        }
        return p;
    }

    /** Reads the {@code properties} of a rule version; throws {@link Invalid} naming the field at fault. */
    public static RuleVersion rules(UUID subscriptionId, String name, JsonNode p) {
        if (p == null || !p.isObject()) {
            throw new Invalid("properties", "The body must be {\"properties\":{...}} with the rule version.");
        }
        YearMonth from = month(p, "effectiveFrom", true);
        YearMonth to = month(p, "effectiveTo", false);
        String tagKey = text(p, "tagKey", true);
        List<String> centres = strings(p.get("costCentres"), "properties.costCentres");
        Map<String, String> aliases = new LinkedHashMap<>();
        JsonNode a = p.get("valueAliases");
        if (a != null && !a.isNull()) {
            if (!a.isObject()) {
                throw new Invalid("properties.valueAliases", "valueAliases must map tag values to cost centres.");
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!e.getValue().isString()) {
                    throw new Invalid("properties.valueAliases." + e.getKey(), "An alias maps to a cost centre name.");
                }
                aliases.put(e.getKey(), e.getValue().asString());
            }
        }
        String untagged = text(p, "untaggedCostCentre", true);
        List<SharedCostRule> shared = new ArrayList<>();
        JsonNode s = p.get("sharedCosts");
        if (s != null && !s.isNull()) {
            if (!s.isArray()) {
                throw new Invalid("properties.sharedCosts", "sharedCosts must be an array of rules.");
            }
            for (int i = 0; i < s.size(); i++) {
                shared.add(shared(s.get(i), "properties.sharedCosts[" + i + "]"));
            }
        }
        return new RuleVersion(subscriptionId, name, from, to,
                new ChargebackRules(tagKey, centres, aliases, untagged, shared));
    }

    private static SharedCostRule shared(JsonNode n, String at) {
        if (!n.isObject()) {
            throw new Invalid(at, "A shared-cost rule is an object.");
        }
        String name = text(n, "name", true, at);
        String scopeText = text(n, "scope", true, at);
        SharedScope scope = SharedScope.fromWireName(scopeText).orElseThrow(() -> new Invalid(at + ".scope",
                "scope must be ResourceGroup, MeterCategory or Subscription, not '" + scopeText + "'."));
        String match = text(n, "match", true, at);
        String splitText = text(n, "split", true, at);
        SplitMethod split = SplitMethod.fromWireName(splitText).orElseThrow(() -> new Invalid(at + ".split",
                "split must be Even, Proportional or Fixed, not '" + splitText + "'."));
        List<String> targets = strings(n.get("costCentres"), at + ".costCentres");
        Map<String, BigDecimal> percentages = new LinkedHashMap<>();
        JsonNode pc = n.get("percentages");
        if (pc != null && !pc.isNull()) {
            if (!pc.isObject()) {
                throw new Invalid(at + ".percentages", "percentages maps each cost centre to a number.");
            }
            for (Map.Entry<String, JsonNode> e : pc.properties()) {
                JsonNode v = e.getValue();
                try {
                    percentages.put(e.getKey(), v.isNumber() ? v.decimalValue() : new BigDecimal(v.asString()));
                } catch (NumberFormatException ex) {
                    throw new Invalid(at + ".percentages." + e.getKey(), "A percentage is a number, e.g. 25.5.");
                }
            }
        }
        return new SharedCostRule(name, scope, match, split, targets, percentages);
    }

    private static YearMonth month(JsonNode p, String field, boolean required) {
        JsonNode v = p.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new Invalid("properties." + field, field + " is required: a month like 2026-10.");
            }
            return null;
        }
        try {
            return YearMonth.parse(v.asString());
        } catch (DateTimeParseException e) {
            throw new Invalid("properties." + field, field + " must be a month like 2026-10.");
        }
    }

    private static String text(JsonNode p, String field, boolean required) {
        return text(p, field, required, "properties");
    }

    private static String text(JsonNode p, String field, boolean required, String at) {
        JsonNode v = p.get(field);
        if (v == null || v.isNull() || !v.isString()) {
            if (required) {
                throw new Invalid(at + "." + field, field + " is required and must be a string.");
            }
            return "";
        }
        return v.asString();
    }

    private static List<String> strings(JsonNode n, String at) {
        List<String> result = new ArrayList<>();
        if (n == null || n.isNull()) {
            return result;
        }
        if (!n.isArray()) {
            throw new Invalid(at, "Must be an array of cost centre names.");
        }
        for (JsonNode e : n) {
            if (!e.isString()) {
                throw new Invalid(at, "Must be an array of cost centre names.");
            }
            result.add(e.asString());
        }
        return result;
    }

    // ---- reports

    public static ObjectNode report(ChargebackReport r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("subscriptionId", r.subscriptionId().toString());
        n.put("tenantId", r.tenantId());
        n.put("period", r.period().month().toString());
        n.put("currency", r.total().currency().getCurrencyCode());
        n.put("total", r.total().amount().toPlainString());
        n.put("estimated", r.estimated());
        if (r.issuedAt() == null) {
            n.putNull("issuedAt");
        } else {
            n.put("issuedAt", r.issuedAt().toString());
        }
        n.put("ruleVersion", r.ruleVersion());
        n.put("tagKey", r.tagKey());
        ArrayNode rows = n.putArray("rows");
        for (ChargebackReport.CostCentreRow row : r.rows()) {
            ObjectNode o = rows.addObject();
            o.put("costCentre", row.costCentre());
            ObjectNode direct = o.putObject("direct");
            direct.put("amount", row.direct().amount().toPlainString());
            direct.put("rule", row.directRule());
            ArrayNode shared = o.putArray("shared");
            for (ChargebackReport.SharedPart part : row.shared()) {
                ObjectNode s = shared.addObject();
                s.put("ruleName", part.ruleName());
                s.put("rule", part.rule());
                s.put("amount", part.amount().amount().toPlainString());
            }
            o.put("sharedReceived", row.sharedReceived().amount().toPlainString());
            o.put("total", row.total().amount().toPlainString());
        }
        return n;
    }

    public static ChargebackReport report(JsonNode n) {
        Currency currency = Currency.getInstance(n.get("currency").asString());
        List<ChargebackReport.CostCentreRow> rows = new ArrayList<>();
        for (JsonNode o : n.get("rows")) {
            List<ChargebackReport.SharedPart> shared = new ArrayList<>();
            for (JsonNode s : o.get("shared")) {
                shared.add(new ChargebackReport.SharedPart(s.get("ruleName").asString(), s.get("rule").asString(),
                        money(s.get("amount"), currency)));
            }
            rows.add(new ChargebackReport.CostCentreRow(o.get("costCentre").asString(),
                    money(o.get("direct").get("amount"), currency), o.get("direct").get("rule").asString(), shared,
                    money(o.get("sharedReceived"), currency), money(o.get("total"), currency)));
        }
        JsonNode issued = n.get("issuedAt");
        return new ChargebackReport(UUID.fromString(n.get("subscriptionId").asString()), n.get("tenantId").asString(),
                new BillingPeriod(YearMonth.parse(n.get("period").asString())), money(n.get("total"), currency),
                n.get("estimated").asBoolean(), n.get("ruleVersion").asString(), n.get("tagKey").asString(), rows,
                issued == null || issued.isNull() ? null : Instant.parse(issued.asString()));
    }

    private static Money money(JsonNode n, Currency currency) {
        return new Money(new BigDecimal(n.asString()), currency);
    }
}
