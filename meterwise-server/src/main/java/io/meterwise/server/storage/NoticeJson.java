package io.meterwise.server.storage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.meterwise.core.notify.AlertNotice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The stored form of an alert notice: a JSON object, amounts as decimal strings, dates and times in ISO-8601 UTC. */
public final class NoticeJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NoticeJson() {
    }

    public static String write(AlertNotice n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", n.id());
        o.put("scope", n.scope());
        o.put("ruleName", n.ruleName());
        o.put("kind", n.kind().name());
        o.put("thresholdType", n.thresholdType());
        o.put("operator", n.operator());
        o.put("thresholdPercent", n.thresholdPercent().toPlainString());
        o.put("limit", n.limit().toPlainString());
        o.put("observed", n.observed().toPlainString());
        o.put("unit", n.unit());
        o.put("periodStart", n.periodStart().toString());
        o.put("periodEnd", n.periodEnd().toString());
        o.put("firedAt", n.firedAt().toString());
        strings(o.putArray("contactEmails"), n.contactEmails());
        strings(o.putArray("contactGroups"), n.contactGroups());
        strings(o.putArray("contactRoles"), n.contactRoles());
        o.put("locale", n.locale());
        return JSON.writeValueAsString(o);
    }

    public static AlertNotice read(String json) {
        JsonNode o = JSON.readTree(json);
        return new AlertNotice(o.get("id").asString(), o.get("scope").asString(), o.get("ruleName").asString(),
                AlertNotice.Kind.valueOf(o.get("kind").asString()), o.get("thresholdType").asString(),
                o.get("operator").asString(), new BigDecimal(o.get("thresholdPercent").asString()),
                new BigDecimal(o.get("limit").asString()), new BigDecimal(o.get("observed").asString()),
                o.get("unit").asString(), LocalDate.parse(o.get("periodStart").asString()),
                LocalDate.parse(o.get("periodEnd").asString()), Instant.parse(o.get("firedAt").asString()),
                strings(o.get("contactEmails")), strings(o.get("contactGroups")), strings(o.get("contactRoles")),
                o.get("locale").asString());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> values.add(v.asString()));
        }
        return values;
    }
}
