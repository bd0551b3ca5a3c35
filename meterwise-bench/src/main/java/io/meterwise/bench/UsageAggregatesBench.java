package io.meterwise.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.server.MeterwiseApplication;
import io.meterwise.core.access.PrincipalStore;
import io.meterwise.server.security.TokenIssuer;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.storage.jdbc.SchemaMigrator;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * W1: 10,000 resources x 720 hours = 7.2 million hourly usage records in one subscription. A full month, daily, is
 * paged to the end over HTTP (showDetails=true and false) and compared with the same aggregation run in-process as
 * one JDBC query streamed into JSON written to a null stream (details) or just iterated (no details).
 * Run: {@code java -cp ... io.meterwise.bench.UsageAggregatesBench [resources] [hours] [rounds]}.
 */
public final class UsageAggregatesBench {

    static final UUID SUBSCRIPTION = UUID.fromString("5b0e6c7a-0000-4000-8000-000000000001");
    static final Instant MONTH = Instant.parse("2025-06-01T00:00:00Z");
    static final int METERS = 10;
    static final JsonFactory JSON = new JsonFactory();

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 720;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dataDir = Files.createTempDirectory("meterwise-w1");
        List<UUID> meters = new ArrayList<>();
        for (int m = 0; m < METERS; m++) {
            meters.add(UUID.nameUUIDFromBytes(("w1-meter-" + m).getBytes()));
        }
        long t0 = System.nanoTime();
        long records = load(dataDir, resources, hours, meters);
        System.out.printf("W1 load: %,d records via Appender in %.1f s%n", records, secs(t0));

        ConfigurableApplicationContext context = new SpringApplicationBuilder(MeterwiseApplication.class)
                .properties("logging.level.root=WARN", "spring.main.banner-mode=off")
                .run("--server.port=0", "--meterwise.data-dir=" + dataDir);
        try {
            seedCatalog(context.getBean(CatalogStore.class), meters);
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            DataSource dataSource = context.getBean(DataSource.class);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM usage_record")) {
                rs.next();
                System.out.printf("server sees %,d records%n", rs.getLong(1));
            }
            Instant end = MONTH.plusSeconds(3600L * hours).plusSeconds(86_400);
            end = end.minusSeconds(end.getEpochSecond() % 86_400);
            String url = "http://localhost:" + port + "/subscriptions/" + SUBSCRIPTION
                    + "/providers/Microsoft.Commerce/UsageAggregates?api-version=2015-06-01-preview"
                    + "&reportedStartTime=" + MONTH + "&reportedEndTime=" + end + "&aggregationGranularity=Daily";
            HttpClient client = HttpClient.newHttpClient();
            String token = operatorToken(context);
            List<Double> detailRatios = new ArrayList<>();
            List<Double> noDetailRatios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("-- round %d of %d (the first one warms up)%n", round, rounds);
                Result api = http(client, token, url + "&showDetails=true");
                Result baseline = baselineDetails(dataSource, MONTH, end);
                report("showDetails=true", api, baseline, "SQL + JSON in-process");
                detailRatios.add(api.rate() / baseline.rate());
                // About 50 ms each: both sides take the median of 5 runs, alternating, so one hiccup does not decide.
                List<Result> apiRuns = new ArrayList<>();
                List<Result> sqlRuns = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    apiRuns.add(http(client, token, url + "&showDetails=false"));
                    sqlRuns.add(rawSqlNoDetails(dataSource, MONTH, end));
                }
                Result apiNoDetails = medianTime(apiRuns);
                Result rawSql = medianTime(sqlRuns);
                report("showDetails=false (median of 5)", apiNoDetails, rawSql, "raw SQL");
                noDetailRatios.add(apiNoDetails.seconds() / rawSql.seconds());
            }
            System.out.printf("median over %d rounds: showDetails=true API rate / baseline rate = %.2f (target >= 0.4, "
                    + "lowest %.2f); showDetails=false API time / raw SQL time = %.2f (target <= 2, highest %.2f)%n",
                    rounds, median(detailRatios), detailRatios.stream().mapToDouble(d -> d).min().orElse(0),
                    median(noDetailRatios), noDetailRatios.stream().mapToDouble(d -> d).max().orElse(0));
        } finally {
            context.close();
            delete(dataDir);
        }
    }

    record Result(long items, long pages, double seconds) {
        double rate() {
            return items / seconds;
        }
    }

    static Result medianTime(List<Result> runs) {
        List<Result> sorted = runs.stream().sorted(Comparator.comparingDouble(Result::seconds)).toList();
        return sorted.get(sorted.size() / 2);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static void report(String what, Result api, Result baseline, String baselineName) {
        System.out.printf("%s: API %,d items in %d pages, %.2f s (%,.0f items/s); %s %,d items, %.2f s "
                + "(%,.0f items/s); API rate / baseline rate = %.2f; API time / baseline time = %.2f%n", what,
                api.items(), api.pages(), api.seconds(), api.rate(), baselineName, baseline.items(),
                baseline.seconds(), baseline.rate(), api.rate() / baseline.rate(), api.seconds() / baseline.seconds());
    }

    /** A bearer token of the operator principal, minted by the in-process server's own issuer (docs/access.md). */
    static String operatorToken(ConfigurableApplicationContext context) {
        String objectId = context.getBean(PrincipalStore.class).byClientId(PrincipalStore.OPERATOR_CLIENT_ID)
                .orElseThrow().objectId();
        return context.getBean(TokenIssuer.class).issue(objectId, PrincipalStore.OPERATOR_CLIENT_ID, true);
    }

    static Result http(HttpClient client, String token, String url) throws Exception {
        long start = System.nanoTime();
        long items = 0;
        long pages = 0;
        String next = url;
        while (next != null) {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(next))
                    .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": "
                        + new String(response.body().readAllBytes()));
            }
            next = null;
            pages++;
            try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), response.body())) {
                p.nextToken();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("value")) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            p.skipChildren();
                            items++;
                        }
                    } else if (name.equals("nextLink")) {
                        next = p.getString();
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
        return new Result(items, pages, secs(start));
    }

    static String aggregation(boolean details, Instant start, Instant end) {
        String columns = details ? "meter_id, resource_uri, location, tags_json, additional_info_json" : "meter_id";
        return "SELECT epoch_us(date_trunc('day', usage_start)) AS b, " + columns.replace("meter_id", "meter_id::VARCHAR")
                + ", sum(quantity)::VARCHAR FROM usage_record WHERE subscription_id = '" + SUBSCRIPTION
                + "'::UUID AND reported_at >= TIMESTAMP '" + sql(start) + "' AND reported_at < TIMESTAMP '" + sql(end)
                + "' GROUP BY date_trunc('day', usage_start), " + columns + " ORDER BY b, " + columns;
    }

    /** The same aggregation as one query, streamed into the same JSON shape, written to a null stream. */
    static Result baselineDetails(DataSource dataSource, Instant start, Instant end) throws Exception {
        long t = System.nanoTime();
        long items = 0;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(aggregation(true, start, end));
                JsonGenerator out = JSON.createGenerator(OutputStream.nullOutputStream())) {
            out.writeStartObject();
            out.writeName("value");
            out.writeStartArray();
            while (rs.next()) {
                Instant bucket = Instant.EPOCH.plusNanos(rs.getLong(1) * 1000);
                String name = "Daily_BRSDT_" + bucket.toString().substring(0, 10).replace("-", "") + "_0000";
                out.writeStartObject();
                out.writeStringProperty("id", "/subscriptions/" + SUBSCRIPTION
                        + "/providers/Microsoft.Commerce/UsageAggregates/" + name);
                out.writeStringProperty("name", name);
                out.writeStringProperty("type", "Microsoft.Commerce/UsageAggregate");
                out.writeName("properties");
                out.writeStartObject();
                out.writeStringProperty("subscriptionId", SUBSCRIPTION.toString());
                out.writeStringProperty("usageStartTime", bucket.toString());
                out.writeStringProperty("usageEndTime", bucket.plusSeconds(86_400).toString());
                String meterId = rs.getString(2);
                out.writeStringProperty("meterName", "D1s v3");
                out.writeStringProperty("meterCategory", "Virtual Machines");
                out.writeStringProperty("meterSubCategory", "Dsv3 Series");
                out.writeStringProperty("unit", "1 Hour");
                out.writeStringProperty("meterId", meterId);
                out.writeStringProperty("meterRegion", "US East");
                out.writeName("infoFields");
                out.writeStartObject();
                out.writeEndObject();
                out.writeName("quantity");
                out.writeNumber(new BigDecimal(rs.getString(7)).stripTrailingZeros().toPlainString());
                out.writeStringProperty("instanceData", "{\"Microsoft.Resources\":{\"resourceUri\":\""
                        + rs.getString(3) + "\",\"location\":\"" + rs.getString(4) + "\",\"tags\":" + rs.getString(5)
                        + ",\"additionalInfo\":" + rs.getString(6) + "}}");
                out.writeEndObject();
                out.writeEndObject();
                items++;
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        return new Result(items, 1, secs(t));
    }

    static Result rawSqlNoDetails(DataSource dataSource, Instant start, Instant end) throws Exception {
        long t = System.nanoTime();
        long items = 0;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(aggregation(false, start, end))) {
            while (rs.next()) {
                rs.getString(3);
                items++;
            }
        }
        return new Result(items, 1, secs(t));
    }

    /** Appends the fleet's hourly usage in usage-time order, as a metering pipeline delivers it. */
    static long load(Path dataDir, int resources, int hours, List<UUID> meters) throws Exception {
        long n = 0;
        BigDecimal one = new BigDecimal("1.000000000");
        try (DuckDbDataSource db = DuckDbDataSource.open(dataDir.resolve("meterwise.duckdb"))) {
            SchemaMigrator.migrate(db);
            try (DuckDBConnection c = (DuckDBConnection) db.getConnection();
                    DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "usage_record")) {
                String[] uris = new String[resources];
                String[] tags = new String[resources];
                for (int r = 0; r < resources; r++) {
                    uris[r] = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-" + (r % 50)
                            + "/providers/Microsoft.Compute/virtualMachines/vm-" + r;
                    tags[r] = "{\"env\":\"" + (r % 3 == 0 ? "prod" : "dev") + "\",\"team\":\"t" + (r % 17) + "\"}";
                }
                String info = "{\"ImageType\":\"Canonical\",\"ServiceType\":\"Standard_D2s_v3\"}";
                for (int h = 0; h < hours; h++) {
                    LocalDateTime start = LocalDateTime.ofInstant(MONTH.plusSeconds(3600L * h), ZoneOffset.UTC);
                    LocalDateTime end = start.plusHours(1);
                    for (int r = 0; r < resources; r++) {
                        a.beginRow();
                        a.append(++n);
                        a.append("w1-" + n);
                        a.append(SUBSCRIPTION);
                        a.append(meters.get(r % meters.size()));
                        a.append(one);
                        a.append(start);
                        a.append(end);
                        a.append(uris[r]);
                        a.append("eastus");
                        a.append(tags[r]);
                        a.append(info);
                        a.append(end.plusMinutes(r % 50));
                        a.endRow();
                    }
                }
            }
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*), min(reported_at)::VARCHAR, max(reported_at)::VARCHAR, "
                            + "min(subscription_id)::VARCHAR FROM usage_record")) {
                rs.next();
                System.out.printf("W1 ledger: %,d records, reported %s to %s, subscription %s%n", rs.getLong(1),
                        rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
        return n;
    }

    static void seedCatalog(CatalogStore catalog, List<UUID> meters) {
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putSubscription(new Subscription(SUBSCRIPTION, "W1", SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("USD"), "US", "tenant-w1"));
        for (int m = 0; m < meters.size(); m++) {
            catalog.putMeter(new Meter(meters.get(m), "D" + (m + 1) + "s v3", "Virtual Machines", "Dsv3 Series",
                    "US East", "1 Hour", List.of()));
        }
    }

    static String sql(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString().replace('T', ' ');
    }

    static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private UsageAggregatesBench() {
    }
}
