package io.meterwise.server.http.costmanagement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.cost.CostTable;

/** The wire form of a Cost Management {@code QueryResult}. */
final class QueryResultJson {

    private QueryResultJson() {
    }

    static Map<String, Object> render(String scope, List<CostTable.Column> columns, List<List<Object>> rows,
            @Nullable String nextLink) {
        Map<String, Object> body = new LinkedHashMap<>();
        String name = UUID.randomUUID().toString();
        body.put("id", scope + "/providers/Microsoft.CostManagement/query/" + name);
        body.put("name", name);
        body.put("type", "Microsoft.CostManagement/query");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("nextLink", nextLink);
        List<Map<String, Object>> cols = new ArrayList<>();
        for (CostTable.Column c : columns) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("type", c.type());
            cols.add(col);
        }
        properties.put("columns", cols);
        properties.put("rows", rows);
        body.put("properties", properties);
        return body;
    }
}
