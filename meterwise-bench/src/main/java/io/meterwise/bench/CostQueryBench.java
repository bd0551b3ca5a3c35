package io.meterwise.bench;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.cost.CostQueries;
import io.meterwise.core.cost.CostQuery;
import io.meterwise.core.cost.CostTable;
import io.meterwise.core.cost.Dimension;
import io.meterwise.core.cost.Grouping;
import io.meterwise.core.cost.Metric;
import io.meterwise.core.cost.TimeGrain;
import io.meterwise.server.MeterwiseApplication;

/**
 * W1 cost query: 10,000 resources x 720 hours = 7.2 million records in one subscription. The Cost Management Query
 * (whole month, Daily, grouped by ResourceGroup and the {@code env} tag) over HTTP against the same aggregation as one
 * raw SQL statement over the store (quantity x flat price per meter), median of alternating runs; the previous way of
 * answering it (every record's charge, {@code CostQueries.runPerRecord}, in process) once, as the "before" of the same
 * run, and the Query in process against raw SQL (medians of alternating runs); and a 10,000-record subscription
 * queried over HTTP (median of 21) and in process. Timed runs follow {@code -Dbench.warmup} (default 3) untimed
 * rounds of both the API and the raw SQL, whose times are printed apart. Figures only, no assertions.
 * Run: {@code bench/run CostQueryBench [resources] [hours] [runs]}.
 */
public final class CostQueryBench {

    static final UUID SMALL = UUID.fromString("5b0e6c7a-0000-4000-8000-000000000002");
    /** A subscription with no catalog entry whose records only move the ledger position. */
    static final UUID OTHER = UUID.fromString("5b0e6c7a-0000-4000-8000-000000000003");
    /** {@code -Dbench.tiered=true}: every meter has two tier boundaries inside the month (the raw SQL stays flat). */
    static final boolean TIERED = Boolean.getBoolean("bench.tiered");

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 720;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dataDir = Files.createTempDirectory("meterwise-w1-cost");
        List<UUID> meters = new ArrayList<>();
        for (int m = 0; m < UsageAggregatesBench.METERS; m++) {
            meters.add(UUID.nameUUIDFromBytes(("w1-meter-" + m).getBytes()));
        }
        long t0 = System.nanoTime();
        long records = UsageAggregatesBench.load(dataDir, resources, hours, meters);
        System.out.printf("W1 load: %,d records in %.1f s%n", records, UsageAggregatesBench.secs(t0));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MeterwiseApplication.class)
                .properties("logging.level.root=WARN", "spring.main.banner-mode=off")
                .run("--server.port=0", "--meterwise.data-dir=" + dataDir, "--meterwise.billing.scheduler-enabled=false");
        try {
            CatalogStore catalog = context.getBean(CatalogStore.class);
            UsageAggregatesBench.seedCatalog(catalog, meters);
            catalog.putSubscription(new Subscription(SMALL, "10k", SubscriptionState.ENABLED, "MS-AZR-0003P",
                    Currency.getInstance("USD"), "US", "tenant-w1"));
            StringBuilder prices = new StringBuilder();
            for (int m = 0; m < meters.size(); m++) {
                BigDecimal price = new BigDecimal("0.05").add(new BigDecimal(m).movePointLeft(2));
                MeterPrice version = MeterPrice.flat(meters.get(m), Instant.parse("2020-01-01T00:00:00Z"), price);
                if (TIERED) {
                    // each meter crosses two tier boundaries in the month, a third and two thirds through its usage
                    BigDecimal third = new BigDecimal((long) resources / meters.size() * hours / 3);
                    java.util.TreeMap<BigDecimal, BigDecimal> tiers = new java.util.TreeMap<>(version.tiers());
                    tiers.put(third, price.multiply(new BigDecimal("0.9")));
                    tiers.put(third.add(third), price.multiply(new BigDecimal("0.8")));
                    version = new MeterPrice(version.meterId(), version.effectiveFrom(), BigDecimal.ZERO, tiers);
                }
                catalog.addPriceVersion(new PriceListKey("MS-AZR-0003P", Currency.getInstance("USD"), "US"),
                        version);
                prices.append(m == 0 ? "" : ", ").append("('").append(meters.get(m)).append("'::UUID, ")
                        .append(price.toPlainString()).append(")");
            }
            DataSource dataSource = context.getBean(DataSource.class);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO usage_record SELECT (SELECT max(ingest_seq) FROM usage_record) + i, 'small-' || i, '"
                        + SMALL + "'::UUID, '" + meters.get(0) + "'::UUID, 1, TIMESTAMP '2025-06-01 00:00:00' + "
                        + "to_hours(i // 100), TIMESTAMP '2025-06-01 01:00:00' + to_hours(i // 100), "
                        + "'/subscriptions/" + SMALL + "/resourceGroups/rg-' || (i % 10) || "
                        + "'/providers/Microsoft.Compute/virtualMachines/vm-' || (i % 100), 'eastus', "
                        + "'{\"env\":\"' || (CASE WHEN i % 3 = 0 THEN 'prod' ELSE 'dev' END) || '\"}', '{}', "
                        + "TIMESTAMP '2025-06-02 00:00:00' FROM range(0, 10000) t(i)");
            }
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            String token = UsageAggregatesBench.operatorToken(context);
            HttpClient client = HttpClient.newHttpClient();
            String body = "{\"type\":\"ActualCost\",\"timeframe\":\"Custom\",\"timePeriod\":{\"from\":\"2025-06-01\","
                    + "\"to\":\"2025-06-30\"},\"dataset\":{\"granularity\":\"Daily\",\"aggregation\":{\"c\":{\"name\":"
                    + "\"Cost\",\"function\":\"Sum\"}},\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ResourceGroup\"},"
                    + "{\"type\":\"TagKey\",\"name\":\"env\"}]}}";
            String raw = "SELECT date_trunc('day', usage_start) AS d, regexp_extract(resource_uri, "
                    + "'/resourceGroups/([^/]+)', 1) AS rg, coalesce(json_extract_string(tags_json, '$.env'), '') AS env, "
                    + "sum(quantity * p.price) FROM usage_record JOIN (VALUES " + prices + ") p(meter_id, price) "
                    + "USING (meter_id) WHERE subscription_id = '" + UsageAggregatesBench.SUBSCRIPTION + "'::UUID AND "
                    + "usage_start >= TIMESTAMP '2025-06-01 00:00:00' AND usage_start < TIMESTAMP '2025-07-01 00:00:00' "
                    + "GROUP BY ALL ORDER BY ALL";
            String big = "http://localhost:" + port + "/subscriptions/" + UsageAggregatesBench.SUBSCRIPTION
                    + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01";
            String small = "http://localhost:" + port + "/subscriptions/" + SMALL
                    + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01";
            // a server answers many queries: warm the JIT on both paths (and the store on both) before timing; the
            // cold first answers are printed apart
            int warmup = Integer.getInteger("bench.warmup", 3);
            for (int i = 0; i < warmup; i++) {
                long a = System.nanoTime();
                query(client, token, big, body);
                double cold = UsageAggregatesBench.secs(a);
                long b = System.nanoTime();
                rawSql(dataSource, raw);
                System.out.printf("warm-up %d (not counted): API %.2f s, raw SQL %.3f s%n", i + 1, cold,
                        UsageAggregatesBench.secs(b));
                query(client, token, small, body);
            }
            List<Double> api = new ArrayList<>();
            List<Double> sql = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long a = System.nanoTime();
                int rows = query(client, token, big, body);
                api.add(UsageAggregatesBench.secs(a));
                long b = System.nanoTime();
                int sqlRows = rawSql(dataSource, raw);
                sql.add(UsageAggregatesBench.secs(b));
                System.out.printf("run %d: API %.2f s (%d rows; first page %.3f s, further pages %.3f s, client parsing "
                        + "%.3f s), raw SQL %.3f s (%d rows)%n", i + 1, api.get(i), rows, PAGES[0], PAGES[1], PAGES[2],
                        sql.get(i), sqlRows);
            }
            double apiMedian = median(api);
            double sqlMedian = median(sql);
            System.out.printf("W1 %,d records: Query median %.2f s, raw SQL median %.3f s, ratio %.1f (target <= 2)%n",
                    records, apiMedian, sqlMedian, apiMedian / sqlMedian);
            if (!Boolean.getBoolean("bench.skipPerRecord")) {
                CostQueries queries = context.getBean(CostQueries.class);
                CostQuery query = new CostQuery(UsageAggregatesBench.SUBSCRIPTION, null,
                        Instant.parse("2025-06-01T00:00:00Z"), Instant.parse("2025-07-01T00:00:00Z"), TimeGrain.DAILY,
                        List.of(Metric.COST), List.of(new Grouping.ByDimension(Dimension.RESOURCE_GROUP),
                                new Grouping.ByTag("env")), null);
                long a = System.nanoTime();
                CostTable before = queries.runPerRecord(query);
                double perRecord = UsageAggregatesBench.secs(a);
                List<Double> inProcess = new ArrayList<>();
                List<Double> inProcessSql = new ArrayList<>();
                CostTable after = null;
                for (int i = 0; i < runs; i++) {
                    long b = System.nanoTime();
                    after = queries.run(query);
                    inProcess.add(UsageAggregatesBench.secs(b));
                    long c = System.nanoTime();
                    rawSql(dataSource, raw);
                    inProcessSql.add(UsageAggregatesBench.secs(c));
                }
                // a month-to-date ledger keeps moving: one record of another subscription before each run moves the
                // position, so no rated period kept for the last one is used
                List<Double> moved = new ArrayList<>();
                List<Double> movedSql = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                        s.execute("INSERT INTO usage_record SELECT (SELECT max(ingest_seq) FROM usage_record) + 1, "
                                + "'moved-" + i + "', '" + OTHER + "'::UUID, '" + meters.get(0) + "'::UUID, 1, "
                                + "TIMESTAMP '2025-06-01 00:00:00', TIMESTAMP '2025-06-01 01:00:00', '', 'eastus', "
                                + "'{}', '{}', TIMESTAMP '2025-06-02 00:00:00'");
                    }
                    long b = System.nanoTime();
                    queries.run(query);
                    moved.add(UsageAggregatesBench.secs(b));
                    long c = System.nanoTime();
                    rawSql(dataSource, raw);
                    movedSql.add(UsageAggregatesBench.secs(c));
                }
                System.out.printf("W1 in process, ledger moved before each run: Query median %.3f s, raw SQL median "
                        + "%.3f s, ratio %.2f%n", median(moved), median(movedSql), median(moved) / median(movedSql));
                double aggregated = median(inProcess);
                double sqlInProcess = median(inProcessSql);
                System.out.printf("W1 in process: per-record (reference) %.2f s; Query median %.3f s, raw SQL median "
                        + "%.3f s, ratio %.2f (target <= 2); same rows as per-record: %s%n", perRecord, aggregated,
                        sqlInProcess, aggregated / sqlInProcess, before.rows().equals(after.rows()));
            }
            List<Double> smallRuns = new ArrayList<>();
            for (int i = 0; i < 26; i++) {
                long a = System.nanoTime();
                query(client, token, small, body);
                if (i >= 5) {
                    smallRuns.add(UsageAggregatesBench.secs(a));
                }
            }
            CostQueries queries = context.getBean(CostQueries.class);
            CostQuery smallQuery = new CostQuery(SMALL, null, Instant.parse("2025-06-01T00:00:00Z"),
                    Instant.parse("2025-07-01T00:00:00Z"), TimeGrain.DAILY, List.of(Metric.COST),
                    List.of(new Grouping.ByDimension(Dimension.RESOURCE_GROUP), new Grouping.ByTag("env")), null);
            List<Double> smallInProcess = new ArrayList<>();
            for (int i = 0; i < 26; i++) {
                long a = System.nanoTime();
                queries.run(smallQuery);
                if (i >= 5) {
                    smallInProcess.add(UsageAggregatesBench.secs(a));
                }
            }
            // the fixed cost of a request: through the token check and role lookup to a 400 for the api-version
            List<Double> rejected = new ArrayList<>();
            for (int i = 0; i < 26; i++) {
                long a = System.nanoTime();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(small.replace("2023-03-01",
                        "1999-01-01"))).header("Authorization", "Bearer " + token).header("Content-Type",
                        "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 400) {
                    throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
                }
                if (i >= 5) {
                    rejected.add(UsageAggregatesBench.secs(a));
                }
            }
            System.out.printf("10,000-record subscription: Query median %.1f ms over 21 runs (target < 50 ms); in "
                    + "process (CostQueries.run) %.1f ms; a request rejected after the token check %.1f ms%n",
                    median(smallRuns) * 1000, median(smallInProcess) * 1000, median(rejected) * 1000);
        } finally {
            context.close();
            UsageAggregatesBench.delete(dataDir);
        }
    }

    static final tools.jackson.databind.json.JsonMapper CLIENT_JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();
    /**
     * Seconds of the last query's first page and of its further pages, as the client saw them, and of the client's
     * parsing of all pages (part of both).
     */
    static final double[] PAGES = new double[3];

    static int query(HttpClient client, String token, String url, String body) throws Exception {
        int rows = 0;
        String next = url;
        PAGES[0] = 0;
        PAGES[1] = 0;
        PAGES[2] = 0;
        while (next != null) {
            long t = System.nanoTime();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(next))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            }
            long parse = System.nanoTime();
            var json = CLIENT_JSON.readTree(r.body()).get("properties");
            PAGES[2] += UsageAggregatesBench.secs(parse);
            rows += json.get("rows").size();
            PAGES[rows == json.get("rows").size() ? 0 : 1] += UsageAggregatesBench.secs(t);
            next = json.get("nextLink").isNull() ? null : json.get("nextLink").asString();
        }
        return rows;
    }

    static int rawSql(DataSource dataSource, String sql) throws Exception {
        int rows = 0;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getBigDecimal(4);
                rows++;
            }
        }
        return rows;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
