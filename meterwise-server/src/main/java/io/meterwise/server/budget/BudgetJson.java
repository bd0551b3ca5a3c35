package io.meterwise.server.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.budget.AlertStatus;
import io.meterwise.core.budget.Budget;
import io.meterwise.core.budget.BudgetFilter;
import io.meterwise.core.budget.BudgetGrain;
import io.meterwise.core.budget.BudgetPeriod;
import io.meterwise.core.budget.BudgetScope;
import io.meterwise.core.budget.FiredAlert;
import io.meterwise.core.budget.Measure;
import io.meterwise.core.budget.Notification;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of budgets and usage alert rules (the Consumption API's budget {@code properties}; a usage rule
 * adds {@code meterId}), used by the APIs and by the store, and of fired alerts in the store. Parsing checks the shape
 * (types, required fields, enumerations) and names the offending field; rules of content are the core's.
 */
public final class BudgetJson {

    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Set<String> FILTER_KEYS = Set.of("and", "dimensions", "tags");
    private static final Set<String> NOTIFICATION_KEYS = Set.of("enabled", "operator", "threshold", "contactEmails",
            "contactRoles", "contactGroups", "thresholdType", "locale");

    private BudgetJson() {
    }

    /** A body or stored value that is not a valid rule; {@code target} is the field's path. */
    public static final class Invalid extends RuntimeException {
        private final String target;

        public Invalid(String message, String target) {
            super(message);
            this.target = target;
        }

        public String target() {
            return target;
        }
    }

    // ---- reading

    public static JsonNode read(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new Invalid("The request body is missing: send the budget with its properties.", "properties");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new Invalid("The request body must be a JSON object.", "properties");
            }
            return node;
        } catch (tools.jackson.core.JacksonException e) {
            throw new Invalid("The request body is not valid JSON.", "properties");
        }
    }

    /** The {@code eTag} of a request body, if given. */
    public static @Nullable String eTag(JsonNode body) {
        JsonNode e = body.get("eTag");
        return e == null || e.isNull() ? null : e.asString();
    }

    /**
     * The rule a PUT body describes. Its {@code ruleId} and {@code eTag} are placeholders: the use case assigns them.
     */
    public static Budget parse(BudgetScope scope, Measure measure, String name, JsonNode body) {
        JsonNode p = body.get("properties");
        if (p == null || !p.isObject()) {
            throw new Invalid("The budget needs its properties: category, amount, timeGrain, timePeriod.",
                    "properties");
        }
        String category = text(p, "category", "properties.category", true);
        if (!category.equalsIgnoreCase(measure.wireName())) {
            throw new Invalid("The category must be '" + measure.wireName() + "'; it is '" + shorten(category)
                    + "'.", "properties.category");
        }
        BigDecimal amount = number(p, "amount", "properties.amount");
        String grainText = text(p, "timeGrain", "properties.timeGrain", true);
        BudgetGrain grain = BudgetGrain.fromWireName(grainText).orElseThrow(() -> new Invalid("The timeGrain '"
                + shorten(grainText) + "' is not one of Monthly, Quarterly, Annually, BillingMonth, BillingQuarter, "
                + "BillingAnnual.", "properties.timeGrain"));
        JsonNode period = p.get("timePeriod");
        if (period == null || !period.isObject()) {
            throw new Invalid("The timePeriod with its startDate is required.", "properties.timePeriod");
        }
        LocalDate start = date(text(period, "startDate", "properties.timePeriod.startDate", true),
                "properties.timePeriod.startDate");
        String endText = text(period, "endDate", "properties.timePeriod.endDate", false);
        LocalDate end = endText == null ? start.plusYears(10).minusDays(1)
                : date(endText, "properties.timePeriod.endDate");
        BudgetFilter filter = null;
        JsonNode f = p.get("filter");
        if (f != null && !f.isNull()) {
            filter = filter(f, "properties.filter", true);
        }
        UUID meterId = null;
        if (measure == Measure.USAGE) {
            String meter = text(p, "meterId", "properties.meterId", true);
            try {
                meterId = UUID.fromString(meter);
            } catch (IllegalArgumentException e) {
                throw new Invalid("The meterId '" + shorten(meter) + "' is not a GUID.", "properties.meterId");
            }
        }
        Map<String, Notification> notifications = new LinkedHashMap<>();
        JsonNode n = p.get("notifications");
        if (n != null && !n.isNull()) {
            if (!n.isObject()) {
                throw new Invalid("The notifications are an object of named notifications.",
                        "properties.notifications");
            }
            for (var e : n.properties()) {
                notifications.put(e.getKey(), notification(e.getValue(), "properties.notifications." + e.getKey()));
            }
        }
        return new Budget(scope, measure, name, new UUID(0, 0), amount, grain, start, end, filter, meterId,
                notifications, "");
    }

    private static BudgetFilter filter(JsonNode f, String target, boolean top) {
        if (!f.isObject()) {
            throw new Invalid("A filter is an object with 'and', 'dimensions' or 'tags'.", target);
        }
        List<String> keys = new ArrayList<>();
        for (var e : f.properties()) {
            if (!FILTER_KEYS.contains(e.getKey()) || (!top && e.getKey().equals("and"))) {
                throw new Invalid("The filter property '" + shorten(e.getKey()) + "' is not supported; a budget "
                        + "filter has 'and' of 'dimensions' and 'tags' comparisons.", target + "." + e.getKey());
            }
            if (!e.getValue().isNull()) {
                keys.add(e.getKey());
            }
        }
        if (keys.size() != 1) {
            throw new Invalid("A filter has exactly one of 'and', 'dimensions', 'tags'.", target);
        }
        String key = keys.get(0);
        JsonNode value = f.get(key);
        if (key.equals("and")) {
            if (!value.isArray() || value.size() < 2) {
                throw new Invalid("'and' is an array of at least two filters.", target + ".and");
            }
            List<BudgetFilter> all = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                all.add(filter(value.get(i), target + ".and[" + i + "]", false));
            }
            return new BudgetFilter.And(all);
        }
        String t = target + "." + key;
        String name = text(value, "name", t + ".name", true);
        String operator = text(value, "operator", t + ".operator", true);
        if (!operator.equalsIgnoreCase("In")) {
            throw new Invalid("The operator '" + shorten(operator) + "' is not supported; use 'In'.",
                    t + ".operator");
        }
        List<String> values = strings(value, "values", t + ".values", true);
        if (values.isEmpty()) {
            throw new Invalid("A comparison needs at least one value.", t + ".values");
        }
        return key.equals("dimensions") ? new BudgetFilter.DimensionIn(name, values)
                : new BudgetFilter.TagIn(name, values);
    }

    private static Notification notification(JsonNode n, String target) {
        if (!n.isObject()) {
            throw new Invalid("A notification is an object.", target);
        }
        for (var e : n.properties()) {
            if (!NOTIFICATION_KEYS.contains(e.getKey())) {
                throw new Invalid("The notification property '" + shorten(e.getKey()) + "' is unknown.",
                        target + "." + e.getKey());
            }
        }
        JsonNode enabled = n.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw new Invalid("'enabled' is required, true or false.", target + ".enabled");
        }
        String op = text(n, "operator", target + ".operator", true);
        Notification.Operator operator = Notification.Operator.fromWireName(op).orElseThrow(() -> new Invalid(
                "The operator '" + shorten(op) + "' is not one of EqualTo, GreaterThan, GreaterThanOrEqualTo.",
                target + ".operator"));
        BigDecimal threshold = number(n, "threshold", target + ".threshold");
        String type = text(n, "thresholdType", target + ".thresholdType", false);
        Notification.ThresholdType thresholdType = type == null ? Notification.ThresholdType.ACTUAL
                : Notification.ThresholdType.fromWireName(type).orElseThrow(() -> new Invalid("The thresholdType '"
                        + shorten(type) + "' is not Actual or Forecasted.", target + ".thresholdType"));
        String locale = text(n, "locale", target + ".locale", false);
        return new Notification(enabled.asBoolean(), operator, threshold, thresholdType,
                strings(n, "contactEmails", target + ".contactEmails", false),
                strings(n, "contactRoles", target + ".contactRoles", false),
                strings(n, "contactGroups", target + ".contactGroups", false),
                locale == null ? "en-us" : locale.toLowerCase(Locale.ROOT));
    }

    private static @Nullable String text(JsonNode node, String field, String target, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new Invalid("'" + field + "' is required.", target);
            }
            return null;
        }
        if (!v.isString()) {
            throw new Invalid("'" + field + "' must be a string.", target);
        }
        return v.asString();
    }

    private static BigDecimal number(JsonNode node, String field, String target) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new Invalid("'" + field + "' is required.", target);
        }
        if (!v.isNumber()) {
            throw new Invalid("'" + field + "' must be a number.", target);
        }
        BigDecimal d = v.decimalValue();
        if (d.precision() - d.scale() > 20 || d.scale() > 9) {
            throw new Invalid("'" + field + "' has more than 20 integer or 9 decimal digits.", target);
        }
        d = d.stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    private static List<String> strings(JsonNode node, String field, String target, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new Invalid("'" + field + "' is required.", target);
            }
            return List.of();
        }
        if (!v.isArray()) {
            throw new Invalid("'" + field + "' must be an array of strings.", target);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isString()) {
                throw new Invalid("'" + field + "' must be an array of strings.", target);
            }
            out.add(item.asString());
        }
        return out;
    }

    /** {@code 2026-03-01T00:00:00Z} (the spec's date-time, at midnight UTC) or {@code 2026-03-01}. */
    private static LocalDate date(String text, String target) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text);
            }
            OffsetDateTime t = OffsetDateTime.parse(text);
            if (t.getOffset().getTotalSeconds() != 0 || t.toLocalTime().toSecondOfDay() != 0 || t.getNano() != 0) {
                throw new Invalid("'" + shorten(text) + "' must be a UTC midnight such as 2026-03-01T00:00:00Z.",
                        target);
            }
            return t.toLocalDate();
        } catch (DateTimeParseException e) {
            throw new Invalid("'" + shorten(text) + "' is not a date such as 2026-03-01T00:00:00Z.", target);
        }
    }

    // ---- writing

    /** The rule's definition: the {@code properties} a client sent (normalized), without measured values. */
    public static ObjectNode properties(Budget b) {
        ObjectNode p = JSON.createObjectNode();
        p.put("category", b.measure().wireName());
        if (b.meterId() != null) {
            p.put("meterId", b.meterId().toString());
        }
        p.put("amount", b.amount());
        p.put("timeGrain", b.timeGrain().wireName());
        ObjectNode period = p.putObject("timePeriod");
        period.put("startDate", b.startDate() + "T00:00:00Z");
        period.put("endDate", b.endDate() + "T00:00:00Z");
        if (b.filter() != null) {
            p.set("filter", filter(b.filter()));
        }
        ObjectNode notifications = p.putObject("notifications");
        b.notifications().forEach((name, n) -> {
            ObjectNode o = notifications.putObject(name);
            o.put("enabled", n.enabled());
            o.put("operator", n.operator().wireName());
            o.put("threshold", n.threshold());
            strings(o.putArray("contactEmails"), n.contactEmails());
            strings(o.putArray("contactRoles"), n.contactRoles());
            strings(o.putArray("contactGroups"), n.contactGroups());
            o.put("thresholdType", n.thresholdType().wireName());
            o.put("locale", n.locale());
        });
        return p;
    }

    private static ObjectNode filter(BudgetFilter f) {
        ObjectNode o = JSON.createObjectNode();
        if (f instanceof BudgetFilter.And and) {
            ArrayNode all = o.putArray("and");
            and.all().forEach(x -> all.add(filter(x)));
        } else if (f instanceof BudgetFilter.DimensionIn d) {
            comparison(o.putObject("dimensions"), d.name(), d.values());
        } else if (f instanceof BudgetFilter.TagIn t) {
            comparison(o.putObject("tags"), t.name(), t.values());
        }
        return o;
    }

    private static void comparison(ObjectNode o, String name, List<String> values) {
        o.put("name", name);
        o.put("operator", "In");
        strings(o.putArray("values"), values);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    // ---- the store's form

    /** Everything of a rule, for the store. */
    public static String stored(Budget b) {
        return JSON.writeValueAsString(storedNode(b));
    }

    private static ObjectNode storedNode(Budget b) {
        ObjectNode o = JSON.createObjectNode();
        o.put("subscriptionId", b.scope().subscriptionId().toString());
        if (b.scope().resourceGroup() != null) {
            o.put("resourceGroup", b.scope().resourceGroup());
        }
        o.put("name", b.name());
        o.put("ruleId", b.ruleId().toString());
        o.put("eTag", b.eTag());
        o.set("properties", properties(b));
        return o;
    }

    public static Budget fromStored(String json) {
        return fromStoredNode(JSON.readTree(json));
    }

    private static Budget fromStoredNode(JsonNode o) {
        JsonNode rg = o.get("resourceGroup");
        BudgetScope scope = new BudgetScope(UUID.fromString(o.get("subscriptionId").asString()),
                rg == null ? null : rg.asString());
        Measure measure = o.get("properties").get("category").asString().equals("Usage") ? Measure.USAGE
                : Measure.COST;
        Budget parsed = parse(scope, measure, o.get("name").asString(), o);
        return parsed.withRuleId(UUID.fromString(o.get("ruleId").asString())).withETag(o.get("eTag").asString());
    }

    /** A fired alert for the store (status and delivery bookkeeping live in columns). */
    public static String storedAlert(FiredAlert a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", a.id().toString());
        o.set("rule", storedNode(a.rule()));
        o.put("notificationName", a.notificationName());
        o.put("periodStart", a.period().start().toString());
        o.put("periodEnd", a.period().end().toString());
        o.put("observed", a.observed());
        o.put("unit", a.unit());
        o.put("firedAt", a.firedAt().toString());
        return JSON.writeValueAsString(o);
    }

    public static FiredAlert alertFromStored(String json, AlertStatus status, @Nullable Instant statusAt,
            @Nullable String statusBy, @Nullable Instant enqueuedAt) {
        JsonNode o = JSON.readTree(json);
        Budget rule = fromStoredNode(o.get("rule"));
        String name = o.get("notificationName").asString();
        return new FiredAlert(UUID.fromString(o.get("id").asString()), rule, name, rule.notifications().get(name),
                new BudgetPeriod(LocalDate.parse(o.get("periodStart").asString()),
                        LocalDate.parse(o.get("periodEnd").asString())),
                o.get("observed").decimalValue(), o.get("unit").asString(),
                Instant.parse(o.get("firedAt").asString()), status, statusAt, statusBy, enqueuedAt);
    }

    private static String shorten(String text) {
        return io.meterwise.core.limits.Texts.shorten(text);
    }
}
