package io.meterwise.server.http.costmanagement;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

import io.meterwise.core.cost.CostFilter;
import io.meterwise.core.cost.CostQuery;
import io.meterwise.core.cost.Dimension;
import io.meterwise.core.cost.Grouping;
import io.meterwise.core.cost.Metric;
import io.meterwise.core.cost.TimeGrain;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire codec of a Cost Management {@code QueryDefinition}: reads and checks the body, answering 400
 * {@code BadRequest} with the offending field as target, as Azure does ("Invalid query definition: ...").
 */
final class QueryDefinition {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> TYPES = Set.of("usage", "actualcost", "amortizedcost");
    static final List<String> TIMEFRAMES = List.of("MonthToDate", "BillingMonthToDate", "TheLastMonth",
            "TheLastBillingMonth", "WeekToDate", "Custom");

    /** The parsed parts; the window is resolved against a clock by {@link #window}. */
    record Parsed(String type, String timeframe, @Nullable Instant from, @Nullable Instant to, TimeGrain grain,
            List<Metric> metrics, List<Grouping> groupings, @Nullable CostFilter filter, String canonical) {
    }

    private QueryDefinition() {
    }

    static ArmException invalid(String field, String message) {
        return new ArmException(HttpStatus.BAD_REQUEST, "BadRequest", "Invalid query definition: " + message,
                field);
    }

    static Parsed parse(String body) {
        JsonNode root;
        if (body == null || body.isBlank()) {
            throw invalid("parameters", "the request body is empty; send a QueryDefinition JSON object.");
        }
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            var at = e.getLocation();
            throw invalid("parameters", "the request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ".");
        }
        if (root == null || !root.isObject()) {
            throw invalid("parameters", "the request body must be a JSON object.");
        }
        String type = requiredText(root, "type", "type");
        if (!TYPES.contains(type.toLowerCase(Locale.ROOT))) {
            throw invalid("type", "'" + type + "' is not a query type; use Usage, ActualCost or AmortizedCost.");
        }
        String timeframe = requiredText(root, "timeframe", "timeframe");
        String canonicalTimeframe = TIMEFRAMES.stream().filter(t -> t.equalsIgnoreCase(timeframe)).findFirst()
                .orElseThrow(() -> invalid("timeframe", "'" + timeframe + "' is not a timeframe; use one of "
                        + String.join(", ", TIMEFRAMES) + "."));
        Instant from = null;
        Instant to = null;
        JsonNode period = root.get("timePeriod");
        if (canonicalTimeframe.equals("Custom")) {
            if (period == null || period.isNull()) {
                throw invalid("timePeriod", "timeframe Custom needs timePeriod {\"from\": ..., \"to\": ...}.");
            }
            if (!period.isObject()) {
                throw invalid("timePeriod", "timePeriod must be an object {\"from\": ..., \"to\": ...}.");
            }
            from = dateTime(period, "from");
            to = dateTime(period, "to");
            if (from.isAfter(to)) {
                throw invalid("timePeriod.from", "timePeriod.from (" + from + ") is after timePeriod.to (" + to + ").");
            }
        }
        JsonNode dataset = root.get("dataset");
        if (dataset == null || dataset.isNull()) {
            throw invalid("dataset", "dataset is required.");
        }
        if (!dataset.isObject()) {
            throw invalid("dataset", "dataset must be an object.");
        }
        TimeGrain grain = grain(dataset.get("granularity"));
        List<Metric> metrics = aggregation(dataset.get("aggregation"));
        List<Grouping> groupings = grouping(dataset.get("grouping"));
        JsonNode filterNode = dataset.get("filter");
        CostFilter filter = filterNode == null || filterNode.isNull() ? null : filter(filterNode, "dataset.filter");
        // the body as sent, re-serialized: the next page must be asked with the same definition
        String canonical = root.toString();
        return new Parsed(type, canonicalTimeframe, from, to, grain, metrics, groupings, filter, canonical);
    }

    /**
     * The window {@code [from, to)} of a parsed definition at {@code now}: whole UTC days (hours for Hourly), the
     * Custom {@code to} day included; a billing-period scope replaces the timeframe with its period.
     */
    static Instant[] window(Parsed q, Instant now, @Nullable BillingPeriod scopePeriod) {
        if (scopePeriod != null) {
            return new Instant[] {scopePeriod.start(), scopePeriod.end()};
        }
        Instant tomorrow = now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return switch (q.timeframe()) {
            case "MonthToDate", "BillingMonthToDate" -> new Instant[] {BillingPeriod.containing(now).start(), tomorrow};
            case "TheLastMonth", "TheLastBillingMonth" -> {
                BillingPeriod last = BillingPeriod.containing(now).previous();
                yield new Instant[] {last.start(), last.end()};
            }
            case "WeekToDate" -> new Instant[] {today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay(ZoneOffset.UTC).toInstant(), tomorrow};
            default -> {
                ChronoUnit unit = q.grain() == TimeGrain.HOURLY ? ChronoUnit.HOURS : ChronoUnit.DAYS;
                yield new Instant[] {q.from().truncatedTo(unit), q.to().truncatedTo(unit).plus(1, unit)};
            }
        };
    }

    static CostQuery toQuery(Parsed q, UUID subscriptionId, @Nullable String resourceGroup, Instant[] window) {
        return new CostQuery(subscriptionId, resourceGroup, window[0], window[1], q.grain(), q.metrics(),
                q.groupings(), q.filter());
    }

    private static String requiredText(JsonNode node, String name, String field) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw invalid(field, field + " is required.");
        }
        if (!v.isString() || v.asString().isBlank()) {
            throw invalid(field, field + " must be a non-empty string.");
        }
        return v.asString().trim();
    }

    private static Instant dateTime(JsonNode period, String name) {
        String field = "timePeriod." + name;
        String text = requiredText(period, name, field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw invalid(field, field + " '" + text + "' is not a date-time such as 2026-03-01T00:00:00Z.");
                }
            }
        }
    }

    private static TimeGrain grain(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return TimeGrain.NONE;
        }
        String g = node.isString() ? node.asString().trim() : "";
        return switch (g.toLowerCase(Locale.ROOT)) {
            case "none" -> TimeGrain.NONE;
            case "daily" -> TimeGrain.DAILY;
            case "hourly" -> TimeGrain.HOURLY;
            default -> throw invalid("dataset.granularity", "granularity '" + node.asString()
                    + "' is not supported; use Daily, None or (Meterwise extension) Hourly.");
        };
    }

    private static List<Metric> aggregation(@Nullable JsonNode node) {
        List<Metric> metrics = new ArrayList<>();
        if (node == null || node.isNull()) {
            return metrics;
        }
        if (!node.isObject()) {
            throw invalid("dataset.aggregation", "aggregation must be an object {alias: {name, function}}.");
        }
        if (node.size() > 2) {
            throw invalid("dataset.aggregation", "a query can have at most 2 aggregations; this one has "
                    + node.size() + ".");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String field = "dataset.aggregation." + e.getKey();
            if (!e.getValue().isObject()) {
                throw invalid(field, field + " must be an object {\"name\": ..., \"function\": \"Sum\"}.");
            }
            String name = requiredText(e.getValue(), "name", field + ".name");
            String function = requiredText(e.getValue(), "function", field + ".function");
            if (!function.equalsIgnoreCase("Sum")) {
                throw invalid(field + ".function", "aggregation function '" + function + "' is not supported; "
                        + "use Sum.");
            }
            Metric metric = Metric.fromWireName(name).orElseThrow(() -> invalid(field + ".name", "'" + name
                    + "' cannot be aggregated; valid values: " + Arrays.stream(Metric.values())
                            .map(Metric::wireName).collect(Collectors.joining(", ")) + "."));
            if (!metrics.contains(metric)) {
                metrics.add(metric);
            }
        }
        return metrics;
    }

    private static List<Grouping> grouping(@Nullable JsonNode node) {
        List<Grouping> groupings = new ArrayList<>();
        if (node == null || node.isNull()) {
            return groupings;
        }
        if (!node.isArray()) {
            throw invalid("dataset.grouping", "grouping must be an array of {type, name}.");
        }
        if (node.size() > CostQuery.MAX_GROUPINGS) {
            throw invalid("dataset.grouping", "a query can have at most " + CostQuery.MAX_GROUPINGS
                    + " groupings; this one has " + node.size() + ".");
        }
        for (int i = 0; i < node.size(); i++) {
            String field = "dataset.grouping[" + i + "]";
            JsonNode g = node.get(i);
            if (!g.isObject()) {
                throw invalid(field, field + " must be an object {type, name}.");
            }
            String type = requiredText(g, "type", field + ".type");
            String name = requiredText(g, "name", field + ".name");
            if (type.equalsIgnoreCase("Dimension")) {
                groupings.add(new Grouping.ByDimension(dimension(name, field + ".name")));
            } else if (type.equalsIgnoreCase("TagKey")) {
                groupings.add(new Grouping.ByTag(tagKey(name, field + ".name")));
            } else {
                throw invalid(field + ".type", "grouping type '" + type + "' is not supported; use Dimension or "
                        + "TagKey.");
            }
        }
        return groupings;
    }

    static Dimension dimension(String name, String field) {
        return Dimension.fromWireName(name).orElseThrow(() -> invalid(field, "'" + name
                + "' is not a dimension; valid values: " + Arrays.stream(Dimension.values())
                        .map(Dimension::wireName).collect(Collectors.joining(", ")) + "."));
    }

    /** A tag key is the key alone: no {@code key:value} syntax, no control characters, at most 512 characters. */
    static String tagKey(String name, String field) {
        if (name.length() > 512 || name.contains(":") || name.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, "'" + name + "' is not a tag key; give the key alone (no ':' or control "
                    + "characters, at most 512 characters).");
        }
        return name;
    }

    private static CostFilter filter(JsonNode node, String field) {
        if (!node.isObject()) {
            throw invalid(field, field + " must be an object with one of and, or, not, dimensions, tags.");
        }
        List<String> present = new ArrayList<>();
        node.propertyNames().forEach(present::add);
        if (present.size() != 1) {
            throw invalid(field, field + " must have exactly one of and, or, not, dimensions, tags; it has "
                    + (present.isEmpty() ? "none" : String.join(", ", present)) + ".");
        }
        String key = present.get(0);
        JsonNode value = node.get(key);
        String inner = field + "." + key;
        switch (key.toLowerCase(Locale.ROOT)) {
            case "and", "or" -> {
                if (!value.isArray() || value.size() < 2) {
                    throw invalid(inner, inner + " must be an array of at least 2 filters.");
                }
                List<CostFilter> parts = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    parts.add(filter(value.get(i), inner + "[" + i + "]"));
                }
                return key.equalsIgnoreCase("and") ? new CostFilter.And(parts) : new CostFilter.Or(parts);
            }
            case "not" -> {
                return new CostFilter.Not(filter(value, inner));
            }
            case "dimensions", "tags" -> {
                if (!value.isObject()) {
                    throw invalid(inner, inner + " must be an object {name, operator, values}.");
                }
                String name = requiredText(value, "name", inner + ".name");
                String operator = requiredText(value, "operator", inner + ".operator");
                if (!operator.equalsIgnoreCase("In")) {
                    throw invalid(inner + ".operator", "operator '" + operator + "' is not supported; use In.");
                }
                JsonNode values = value.get("values");
                if (values == null || !values.isArray() || values.isEmpty()) {
                    throw invalid(inner + ".values", inner + ".values must be a non-empty array of strings.");
                }
                Set<String> strings = new LinkedHashSet<>();
                for (JsonNode v : values) {
                    if (!v.isString()) {
                        throw invalid(inner + ".values", inner + ".values must hold strings only.");
                    }
                    strings.add(v.asString());
                }
                return key.equalsIgnoreCase("dimensions")
                        ? new CostFilter.DimensionIn(dimension(name, inner + ".name"), strings)
                        : new CostFilter.TagIn(tagKey(name, inner + ".name"), strings);
            }
            default -> throw invalid(inner, "'" + key + "' is not a filter; use and, or, not, dimensions or tags.");
        }
    }
}
