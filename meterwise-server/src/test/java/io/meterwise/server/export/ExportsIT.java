package io.meterwise.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.meterwise.core.access.Role;
import io.meterwise.core.billing.Invoice;
import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.CostExportStore;
import io.meterwise.core.export.ExecutionType;
import io.meterwise.core.export.ExportRun;
import io.meterwise.core.export.ExportScope;
import io.meterwise.core.export.RunStatus;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.export.CostExports;
import io.meterwise.core.testing.MovableClock;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.server.focus.FocusValidatorAccess;
import io.meterwise.server.storage.SealedSecrets;
import io.meterwise.server.storage.duckdb.DuckDbParquet;
import io.meterwise.server.storage.jdbc.JdbcCostExports;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

/**
 * Cost Management exports over a real server: bad definitions refused naming the field, FOCUS CSV (gzip) and Parquet
 * exports to a server directory and to an in-process S3-compatible server (S3Proxy), every file checked against its
 * manifest (rows, size, SHA-256), by {@code FocusValidator}, and read back with DuckDB's read_parquet: BilledCost adds
 * up to each invoice. Unreachable destinations fail the run with the reason and leave nothing; the scheduler runs a due
 * export once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"meterwise.billing.scheduler-enabled=false", "meterwise.exports.scheduler-enabled=false",
            "meterwise.exports.rows-per-file=100"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportsIT {

    static final UUID SUB = UUID.fromString("3c1d2e4f-0000-4000-8000-00000000e501");
    static final UUID VM = UUID.fromString("3c1d2e4f-0000-4000-8000-0000000005a1");
    static final UUID DISK = UUID.fromString("3c1d2e4f-0000-4000-8000-0000000005a2");
    static final BigDecimal VM_PRICE = new BigDecimal("0.096");
    static final BigDecimal DISK_PRICE = new BigDecimal("0.0137");
    static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-10-05T08:00:00Z"));
    static final String API = "?api-version=2023-03-01";
    static final String EXPORTS = "/subscriptions/" + SUB + "/providers/Microsoft.CostManagement/exports/";
    static final String RG_EXPORTS = "/subscriptions/" + SUB
            + "/resourceGroups/rg-network/providers/Microsoft.CostManagement/exports/";
    static Path dataDir;
    static Path exportRoot;

    @TestConfiguration
    static class Fixtures {
        @Bean
        @Primary
        Clock exportsClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = TestDataDirs.create("meterwise-exports");
        exportRoot = dataDir.resolve("export-root");
        registry.add("meterwise.data-dir", () -> dataDir.toString());
        registry.add("meterwise.exports.root", () -> exportRoot.toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    CatalogStore catalog;
    @Autowired
    UsageLedger ledger;
    @Autowired
    InvoiceService invoiceService;
    @Autowired
    Invoices invoices;
    @Autowired
    CostExports costExports;

    final HttpClient http = HttpClient.newHttpClient();
    final S3ProxyJunitCore s3proxy = new S3ProxyJunitCore.Builder().withCredentials("meterwise-key", "meterwise-secret")
            .build();
    S3Client s3;
    String owner;
    String contributor;
    String reader;
    String billingReader;
    /** Independent computation: the exact cost of resource group rg-network in September. */
    BigDecimal exactNetworkSeptember = BigDecimal.ZERO;

    @BeforeAll
    void seed() throws Exception {
        Currency usd = Currency.getInstance("USD");
        Instant priced = Instant.parse("2020-01-01T00:00:00Z");
        catalog.putMeter(new Meter(VM, "D2 v3", "Virtual Machines", "Dv3", "US East", "1 Hour", List.of()));
        catalog.putMeter(new Meter(DISK, "P10", "Storage", "Premium SSD", "US East", "1 Hour", List.of()));
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        Subscription s = new Subscription(SUB, "Exports test", SubscriptionState.ENABLED, "MS-AZR-0003P", usd, "US",
                "contoso");
        catalog.putSubscription(s);
        catalog.addPriceVersion(s.priceListKey(), MeterPrice.flat(VM, priced, VM_PRICE));
        catalog.addPriceVersion(s.priceListKey(), MeterPrice.flat(DISK, priced, DISK_PRICE));
        List<UsageRecord> records = new ArrayList<>();
        String[][] resources = {{"rg-web", "vm-fin", "finance"}, {"rg-web", "vm-sales", "sales"},
            {"rg-web", "vm-none", null}, {"rg-network", "gw", "sales"}};
        int n = 0;
        for (String month : List.of("2026-08", "2026-09", "2026-10")) {
            for (int day = 1; day <= 3; day++) {
                for (int hour = 0; hour < 24; hour += 2) {
                    Instant start = Instant.parse(month + "-0" + day + "T00:00:00Z").plus(Duration.ofHours(hour));
                    for (String[] r : resources) {
                        UUID meter = r[1].startsWith("vm") ? VM : DISK;
                        BigDecimal quantity = new BigDecimal(1 + (n % 7)).divide(new BigDecimal(3), 6,
                                RoundingMode.DOWN);
                        Map<String, String> tags = r[2] == null ? Map.of("env", "prod, \"blue\"")
                                : Map.of("costCenter", r[2], "env", "prod");
                        records.add(new UsageRecord("ex-" + n++, SUB, meter, quantity, start, start.plusSeconds(3600),
                                "/subscriptions/" + SUB + "/resourceGroups/" + r[0]
                                        + "/providers/Microsoft.Compute/virtualMachines/" + r[1],
                                "eastus", tags, Map.of(), start.plusSeconds(7200)));
                        if (month.equals("2026-09") && r[0].equals("rg-network")) {
                            exactNetworkSeptember = exactNetworkSeptember.add(quantity.multiply(DISK_PRICE));
                        }
                    }
                }
            }
        }
        assertThat(ledger.appendAsReportedAt(records).errors()).isEmpty();
        assertThat(invoiceService.issue(null, null).failures()).isEmpty();
        assertThat(invoices.forPeriod(SUB, BillingPeriod.of(2026, 9))).isPresent();
        newTokens();
        s3proxy.beforeEach();
        s3 = S3Client.builder().endpointOverride(s3proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        s3proxy.getAccessKey(), s3proxy.getSecretKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        s3.createBucket(b -> b.bucket("finops"));
    }

    /** Tokens live an hour of the test clock: new ones after the clock moves. */
    void newTokens() {
        TestTokens tokens = TestTokens.from(context);
        owner = tokens.withRole(Role.OWNER, SUB);
        contributor = tokens.withRole(Role.CONTRIBUTOR, SUB);
        reader = tokens.withRole(Role.READER, SUB);
        billingReader = tokens.withRole(Role.BILLING_READER, SUB);
    }

    @AfterAll
    void stopS3() {
        if (s3 != null) {
            s3.close();
        }
        s3proxy.afterEach();
    }

    static String export(String type, String timeframe, String extraDefinition, String format, String destination) {
        return "{\"properties\":{\"format\":\"" + format + "\",\"deliveryInfo\":{\"destination\":" + destination
                + "},\"definition\":{\"type\":\"" + type + "\",\"timeframe\":\"" + timeframe + "\""
                + extraDefinition + "}}}";
    }

    static String directory(String container, String root) {
        return "{\"type\":\"Directory\",\"container\":\"" + container + "\",\"rootFolderPath\":\"" + root + "\"}";
    }

    String bucket(String endpoint, String bucket, String secret) {
        return "{\"type\":\"S3\",\"endpoint\":\"" + endpoint + "\",\"region\":\"us-east-1\",\"container\":\""
                + bucket + "\",\"rootFolderPath\":\"exports/meterwise\",\"accessKeyId\":\"" + s3proxy.getAccessKey()
                + "\",\"secretAccessKey\":\"" + secret + "\"}";
    }

    @Test
    @Order(1)
    void badDefinitionsAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        String dir = directory("finance", "costs");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, export("ActualCost", "MonthToDate", "", "Csv",
                "{\"resourceId\":\"/subscriptions/x/providers/Microsoft.Storage/storageAccounts/a\","
                        + "\"container\":\"exports\"}")), 400, "UnsupportedDestination",
                "properties.deliveryInfo.destination.resourceId");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, export("AmortizedCost", "MonthToDate", "", "Csv", dir)),
                400, "UnsupportedExportType", "properties.definition.type");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, export("FocusCost", "Custom", "", "Csv", dir)), 400,
                "InvalidTimePeriod", "properties.definition.timePeriod");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, export("FocusCost", "Custom",
                ",\"timePeriod\":{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-09-30T00:00:00Z\"}", "Csv", dir)),
                400, "InvalidTimePeriod", "at most 92 days");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, export("FocusCost", "MonthToDate", "", "Csv",
                directory("finance", "costs/../../etc"))), 400, "InvalidDestinationPath",
                "properties.deliveryInfo.destination.rootFolderPath");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, export("FocusCost", "MonthToDate", "", "Csv",
                directory("..", "costs"))), 400, "InvalidDestinationPath",
                "properties.deliveryInfo.destination.container");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, export("ActualCost", "MonthToDate",
                ",\"dataSet\":{\"granularity\":\"Daily\",\"configuration\":{\"columns\":[\"Date\",\"Colour\"]}}",
                "Csv", dir)), 400, "InvalidColumn", "properties.definition.dataSet.configuration.columns[1]");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, export("FocusCost", "MonthToDate", "", "Parquet", dir)
                .replace("\"format\"", "\"compressionMode\":\"gzip\",\"format\"")), 400, "InvalidRequestContent",
                "properties.compressionMode");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, export("FocusCost", "MonthToDate", "", "Csv", dir)
                .replace("\"format\"", "\"schedule\":{\"status\":\"Active\",\"recurrence\":\"Daily\"},\"format\"")),
                400, "InvalidRequestContent", "properties.schedule.recurrencePeriod");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, export("FocusCost", "MonthToDate", "", "Csv",
                "{\"type\":\"S3\",\"endpoint\":\"ftp://x\",\"container\":\"finops\",\"accessKeyId\":\"k\","
                        + "\"secretAccessKey\":\"s\"}")), 400, "InvalidRequestContent",
                "properties.deliveryInfo.destination.endpoint");
        assertError(send("PUT", EXPORTS + "e1" + API, owner, "{\"properties\":"), 400, "InvalidRequestContent",
                "not valid JSON");
        assertError(send("PUT", EXPORTS + "e1", owner, export("FocusCost", "MonthToDate", "", "Csv", dir)), 400,
                "MissingApiVersionParameter", "api-version");
        assertError(send("PUT", EXPORTS + "e1" + API, reader, export("FocusCost", "MonthToDate", "", "Csv", dir)),
                403, "AuthorizationFailed", "Microsoft.CostManagement/exports/write");
        assertError(send("PUT", EXPORTS + "e1" + API, billingReader, export("FocusCost", "MonthToDate", "", "Csv",
                dir)), 403, "AuthorizationFailed", "Microsoft.CostManagement/exports/write");
        assertThat(json(send("GET", EXPORTS.substring(0, EXPORTS.length() - 1) + API, reader, null)).get("value"))
                .isEmpty();
        assertError(send("GET", EXPORTS + "e1/runHistory" + API, reader, null), 404, "ExportNotFound", "e1");
    }

    @Test
    @Order(2)
    void aFocusCsvExportOfTheLastMonthLandsInTheDirectoryAndMatchesItsManifestAndTheInvoice() throws Exception {
        HttpResponse<String> created = send("PUT", EXPORTS + "monthly" + API, contributor, export("FocusCost",
                "TheLastMonth", "", "Csv", directory("finance", "costs/monthly"))
                .replace("\"format\"", "\"compressionMode\":\"gzip\",\"format\""));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).at("/properties/definition/type").asString()).isEqualTo("FocusCost");
        assertThat(send("POST", EXPORTS + "monthly/run" + API, owner, null).statusCode()).isEqualTo(200);
        awaitRun(EXPORTS, "monthly");

        JsonNode runs = json(send("GET", EXPORTS + "monthly/runHistory" + API, billingReader, null)).get("value");
        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0).get("properties");
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("Completed");
        assertThat(run.get("executionType").asString()).isEqualTo("OnDemand");
        String runId = runs.get(0).get("name").asString();
        assertThat(run.get("fileName").asString())
                .isEqualTo("costs/monthly/monthly/20260901-20260930/" + runId + "/manifest.json");

        Path partition = exportRoot.resolve("finance/costs/monthly/monthly/20260901-20260930/" + runId);
        JsonNode manifest = checkedManifest(partition);
        Invoice september = invoices.forPeriod(SUB, BillingPeriod.of(2026, 9)).orElseThrow();
        assertThat(new BigDecimal(manifest.get("billedCost").asString()))
                .isEqualByComparingTo(september.total().amount());
        assertThat(manifest.get("blobCount").asInt()).isGreaterThan(1); // 100 rows per file
        assertThat(manifest.at("/runInfo/billingPeriod").asString()).isEqualTo("2026-09");
        BigDecimal billed = BigDecimal.ZERO;
        long rows = 0;
        for (JsonNode blob : manifest.get("blobs")) {
            String name = blob.get("blobName").asString();
            assertThat(name).endsWith(".csv.gz");
            Path csv = gunzip(partition.resolve(name.substring(name.lastIndexOf('/') + 1)));
            FocusValidatorAccess.Result result = FocusValidatorAccess.validate(csv);
            assertThat(result.problems()).as(name).isEmpty();
            assertThat(result.rows()).isEqualTo(blob.get("dataRowCount").asLong());
            billed = billed.add(result.billedByInvoice().getOrDefault(september.name(), BigDecimal.ZERO));
            rows += result.rows();
        }
        assertThat(billed).isEqualByComparingTo(september.total().amount());
        assertThat(rows).isEqualTo(4 * 3 * 12);
        assertThat(leftovers(exportRoot.resolve("finance"))).isEmpty();
    }

    @Test
    @Order(3)
    void aParquetExportOfTwoMonthsReadsBackWithReadParquetToEachInvoice() throws Exception {
        HttpResponse<String> created = send("PUT", EXPORTS + "quarter" + API, owner, export("FocusCost", "Custom",
                ",\"timePeriod\":{\"from\":\"2026-08-01T00:00:00Z\",\"to\":\"2026-09-30T00:00:00Z\"}", "Parquet",
                directory("finance", "")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(send("POST", EXPORTS + "quarter/run" + API, owner, null).statusCode()).isEqualTo(200);
        awaitRun(EXPORTS, "quarter");
        JsonNode got = json(send("GET", EXPORTS + "quarter" + API + "&$expand=runHistory", reader, null));
        JsonNode run = got.at("/properties/runHistory/value/0");
        assertThat(run.at("/properties/status").asString()).as(run.toString()).isEqualTo("Completed");
        String runId = run.get("name").asString();
        for (int month : List.of(8, 9)) {
            BillingPeriod period = BillingPeriod.of(2026, month);
            Path partition = exportRoot.resolve("finance/quarter/2026" + (month == 8 ? "0801-20260831"
                    : "0901-20260930") + "/" + runId);
            JsonNode manifest = checkedManifest(partition);
            BigDecimal readBack = BigDecimal.ZERO;
            for (JsonNode blob : manifest.get("blobs")) {
                String name = blob.get("blobName").asString();
                assertThat(name).endsWith(".parquet");
                readBack = readBack.add(DuckDbParquet.sum(partition.resolve(name.substring(name.lastIndexOf('/')
                        + 1)), "BilledCost"));
            }
            assertThat(readBack).as(period.toString())
                    .isEqualByComparingTo(invoices.forPeriod(SUB, period).orElseThrow().total().amount());
        }
    }

    @Test
    @Order(4)
    void anActualCostExportAtResourceGroupScopeHasTheChosenColumnsAndOnlyThatGroup() throws Exception {
        HttpResponse<String> created = send("PUT", RG_EXPORTS + "network" + API, owner, export("ActualCost",
                "TheLastMonth", ",\"dataSet\":{\"granularity\":\"Daily\",\"configuration\":{\"columns\":[\"Date\","
                        + "\"MeterId\",\"ResourceId\",\"CostInBillingCurrency\"]}}", "Csv", directory("network", "")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("id").asString()).isEqualTo("/subscriptions/" + SUB
                + "/resourceGroups/rg-network/providers/Microsoft.CostManagement/exports/network");
        assertThat(send("POST", RG_EXPORTS + "network/run" + API, owner, null).statusCode()).isEqualTo(200);
        awaitRun(RG_EXPORTS, "network");
        String runId = json(send("GET", RG_EXPORTS + "network/runHistory" + API, reader, null))
                .at("/value/0/name").asString();
        Path partition = exportRoot.resolve("network/network/20260901-20260930/" + runId);
        JsonNode manifest = checkedManifest(partition);
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode blob : manifest.get("blobs")) {
            List<String> lines = Files.readAllLines(partition.resolve(blob.get("blobName").asString()
                    .replaceAll(".*/", "")));
            assertThat(lines.get(0)).isEqualTo("Date,MeterId,ResourceId,CostInBillingCurrency");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                assertThat(cells[0]).startsWith("2026-09-0");
                assertThat(cells[2]).contains("/resourceGroups/rg-network/");
                total = total.add(new BigDecimal(cells[3]));
            }
        }
        assertThat(new BigDecimal(manifest.get("billedCost").asString())).isEqualByComparingTo(total);
        // per-record shares of the rounded invoice line: within a cent of the exact usage cost
        assertThat(total.subtract(exactNetworkSeptember).abs()).isLessThanOrEqualTo(new BigDecimal("0.01"));
        assertThat(json(send("GET", EXPORTS.substring(0, EXPORTS.length() - 1) + API, reader, null)).get("value"))
                .extracting(e -> e.get("name").asString()).containsExactly("monthly", "quarter");
    }

    @Test
    @Order(5)
    void anExportToAnS3BucketUploadsEveryFileAndItsManifestAndHidesTheSecret() throws Exception {
        String endpoint = s3proxy.getUri().toString();
        HttpResponse<String> created = send("PUT", EXPORTS + "tos3" + API, owner, export("FocusCost", "MonthToDate",
                "", "Csv", bucket(endpoint, "finops", s3proxy.getSecretKey())));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(s3proxy.getSecretKey())
                .contains("\"secretAccessKey\":\"" + ExportJson.MASKED_SECRET + "\"");
        assertThat(send("POST", EXPORTS + "tos3/run" + API, owner, null).statusCode()).isEqualTo(200);
        awaitRun(EXPORTS, "tos3");
        JsonNode run = json(send("GET", EXPORTS + "tos3/runHistory" + API, reader, null)).at("/value/0");
        assertThat(run.at("/properties/status").asString()).as(run.toString()).isEqualTo("Completed");
        assertThat(run.toString()).doesNotContain(s3proxy.getSecretKey());
        // a GET of the export, alone or listed, with or without its runs, shows the secret masked, never in clear
        for (String read : List.of(EXPORTS + "tos3" + API, EXPORTS + "tos3" + API + "&$expand=runHistory",
                EXPORTS.substring(0, EXPORTS.length() - 1) + API,
                EXPORTS.substring(0, EXPORTS.length() - 1) + API + "&$expand=runHistory")) {
            for (String token : List.of(owner, reader)) {
                HttpResponse<String> got = send("GET", read, token, null);
                assertThat(got.statusCode()).as(read).isEqualTo(200);
                assertThat(got.body()).as(read).doesNotContain(s3proxy.getSecretKey())
                        .contains("\"secretAccessKey\":\"" + ExportJson.MASKED_SECRET + "\"");
            }
        }
        String prefix = "exports/meterwise/tos3/20261001-20261031/" + run.get("name").asString() + "/";
        List<String> keys = s3.listObjectsV2(b -> b.bucket("finops").prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
        JsonNode manifest = ExportJson.JSON.readTree(s3.getObjectAsBytes(b -> b.bucket("finops")
                .key(prefix + "manifest.json")).asUtf8String());
        List<String> blobs = new ArrayList<>();
        long rows = 0;
        for (JsonNode blob : manifest.get("blobs")) {
            String key = blob.get("blobName").asString();
            blobs.add(key);
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket("finops").key(key)).asByteArray();
            assertThat(bytes.length).isEqualTo(blob.get("byteCount").asInt());
            assertThat(sha256(bytes)).isEqualTo(blob.get("sha256").asString());
            assertThat(s3.headObject(b -> b.bucket("finops").key(key)).metadata())
                    .containsEntry("sha256", blob.get("sha256").asString());
            Path csv = Files.write(Files.createTempFile(dataDir, "s3-", ".csv"), bytes);
            FocusValidatorAccess.Result result = FocusValidatorAccess.validate(csv);
            assertThat(result.problems()).isEmpty();
            assertThat(result.billedByInvoice()).isEmpty(); // October is open: estimated rows
            rows += result.rows();
        }
        assertThat(rows).isEqualTo(4 * 3 * 12).isEqualTo(manifest.get("dataRowCount").asLong());
        List<String> expected = new ArrayList<>(blobs);
        expected.add(prefix + "manifest.json");
        assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);

        // the masked secret sent back keeps the stored one
        HttpResponse<String> replaced = send("PUT", EXPORTS + "tos3" + API, owner, export("FocusCost", "MonthToDate",
                "", "Parquet", bucket(endpoint, "finops", ExportJson.MASKED_SECRET)));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(send("POST", EXPORTS + "tos3/run" + API, owner, null).statusCode()).isEqualTo(200);
        awaitRun(EXPORTS, "tos3");
        assertThat(json(send("GET", EXPORTS + "tos3/runHistory" + API, reader, null)).at("/value/0/properties/status")
                .asString()).isEqualTo("Completed");
        // at rest the secret is sealed, in the definition and in every run's settings, never in clear (ADR 0051)
        JdbcTemplate db = context.getBean(JdbcTemplate.class);
        List<String> stored = new ArrayList<>(db.queryForList("SELECT definition_json FROM cost_export WHERE name = "
                + "'tos3'", String.class));
        stored.addAll(db.queryForList("SELECT settings_json FROM cost_export_run WHERE name = 'tos3'", String.class));
        assertThat(stored).hasSize(3).allSatisfy(json -> assertThat(json).doesNotContain(s3proxy.getSecretKey())
                .contains("\"secretAccessKey\":\"sealed:v1:"));
        assertThat(dataDir.resolve("keys/secrets.key")).exists();
    }

    @Test
    @Order(11)
    void aSecretStoredInClearStillDeliversAndIsSealedAtStartAndOneSealedWithAnotherKeyFailsTheRun() throws Exception {
        String endpoint = s3proxy.getUri().toString();
        assertThat(send("PUT", EXPORTS + "legacy" + API, owner, export("FocusCost", "MonthToDate", "", "Csv",
                bucket(endpoint, "finops", s3proxy.getSecretKey()))).statusCode()).isEqualTo(201);
        JdbcTemplate db = context.getBean(JdbcTemplate.class);
        String sealed = db.queryForObject("SELECT definition_json FROM cost_export WHERE name = 'legacy'",
                String.class);
        String secretField = "\"secretAccessKey\":\"";
        int from = sealed.indexOf(secretField) + secretField.length();
        String sealedValue = sealed.substring(from, sealed.indexOf('"', from));
        // as an earlier version stored it: in clear
        db.update("UPDATE cost_export SET definition_json = ? WHERE name = 'legacy'",
                sealed.replace(sealedValue, s3proxy.getSecretKey()));
        CLOCK.advance(Duration.ofSeconds(1)); // the newest run is the first of the history
        assertThat(send("POST", EXPORTS + "legacy/run" + API, owner, null).statusCode()).isEqualTo(200);
        awaitRun(EXPORTS, "legacy");
        assertThat(json(send("GET", EXPORTS + "legacy/runHistory" + API, reader, null))
                .at("/value/0/properties/status").asString()).isEqualTo("Completed");
        // the next start seals it (and the run settings written meanwhile); it still delivers
        context.getBean(JdbcCostExports.class).afterPropertiesSet();
        List<String> stored = new ArrayList<>(db.queryForList("SELECT definition_json FROM cost_export WHERE name = "
                + "'legacy'", String.class));
        stored.addAll(db.queryForList("SELECT settings_json FROM cost_export_run WHERE name = 'legacy'",
                String.class));
        assertThat(stored).isNotEmpty().allSatisfy(json -> assertThat(json).doesNotContain(s3proxy.getSecretKey())
                .contains(secretField + "sealed:v1:"));
        CLOCK.advance(Duration.ofSeconds(1)); // the newest run is the first of the history
        assertThat(send("POST", EXPORTS + "legacy/run" + API, owner, null).statusCode()).isEqualTo(200);
        awaitRun(EXPORTS, "legacy");
        assertThat(json(send("GET", EXPORTS + "legacy/runHistory" + API, reader, null))
                .at("/value/0/properties/status").asString()).isEqualTo("Completed");

        // sealed with a key this server does not have (a replica with another key file): the run says so
        byte[] otherKey = new byte[32];
        new java.security.SecureRandom().nextBytes(otherKey);
        String foreign = SealedSecrets.withKey(otherKey).seal(s3proxy.getSecretKey(),
                ExportJson.secretContext(new ExportScope(SUB, null), "legacy"));
        db.update("UPDATE cost_export SET definition_json = ? WHERE name = 'legacy'",
                sealed.replace(sealedValue, foreign));
        CLOCK.advance(Duration.ofSeconds(1)); // the newest run is the first of the history
        assertThat(send("POST", EXPORTS + "legacy/run" + API, owner, null).statusCode()).isEqualTo(200);
        awaitRun(EXPORTS, "legacy");
        JsonNode failed = json(send("GET", EXPORTS + "legacy/runHistory" + API, reader, null)).at("/value/0");
        assertThat(failed.at("/properties/status").asString()).isEqualTo("Failed");
        assertThat(failed.at("/properties/error/code").asString()).isEqualTo("SecretUnavailable");
        assertThat(failed.at("/properties/error/message").asString()).contains("another secrets key")
                .contains("meterwise.secrets.key-file").doesNotContain(dataDir.toString());
        // moved from another export: does not open either
        db.update("UPDATE cost_export SET definition_json = ? WHERE name = 'legacy'", sealed.replace(sealedValue,
                SealedSecrets.withKey(java.nio.file.Files.readAllBytes(dataDir.resolve("keys/secrets.key")))
                        .seal(s3proxy.getSecretKey(), ExportJson.secretContext(new ExportScope(SUB, null), "tos3"))));
        CLOCK.advance(Duration.ofSeconds(1)); // the newest run is the first of the history
        assertThat(send("POST", EXPORTS + "legacy/run" + API, owner, null).statusCode()).isEqualTo(200);
        awaitRun(EXPORTS, "legacy");
        assertThat(json(send("GET", EXPORTS + "legacy/runHistory" + API, reader, null))
                .at("/value/0/properties/error/code").asString()).isEqualTo("SecretUnavailable");
        assertThat(send("GET", EXPORTS + "legacy" + API, reader, null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void anUnreachableOrFailingDestinationFailsTheRunWithTheReasonAndLeavesNothing() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        send("PUT", EXPORTS + "nowhere" + API, owner, export("FocusCost", "TheLastMonth", "", "Csv",
                bucket("http://127.0.0.1:" + closed, "finops", "x")));
        assertThat(send("POST", EXPORTS + "nowhere/run" + API, owner, null).statusCode()).isEqualTo(200);
        awaitRun(EXPORTS, "nowhere");
        JsonNode failed = json(send("GET", EXPORTS + "nowhere/runHistory" + API, reader, null)).at("/value/0");
        assertThat(failed.at("/properties/status").asString()).isEqualTo("Failed");
        assertThat(failed.at("/properties/error/code").asString()).isEqualTo("DestinationUnreachable");
        assertThat(failed.at("/properties/error/message").asString()).contains("finops")
                .contains("127.0.0.1:" + closed);
        assertThat(failed.at("/properties/fileName").isMissingNode()).isTrue();

        send("PUT", EXPORTS + "nobucket" + API, owner, export("FocusCost", "TheLastMonth", "", "Csv",
                bucket(s3proxy.getUri().toString(), "missing-bucket", s3proxy.getSecretKey())));
        send("POST", EXPORTS + "nobucket/run" + API, owner, null);
        awaitRun(EXPORTS, "nobucket");
        JsonNode noBucket = json(send("GET", EXPORTS + "nobucket/runHistory" + API, reader, null)).at("/value/0");
        assertThat(noBucket.at("/properties/status").asString()).isEqualTo("Failed");
        assertThat(noBucket.at("/properties/error/message").asString()).contains("NoSuchBucket");

        // a directory destination whose second partition cannot be written: the first one is taken back
        Path blocked = exportRoot.resolve("blocked/split/20260901-20260930");
        Files.createDirectories(blocked.getParent());
        Files.writeString(blocked, "in the way");
        send("PUT", EXPORTS + "split" + API, owner, export("FocusCost", "Custom",
                ",\"timePeriod\":{\"from\":\"2026-08-01T00:00:00Z\",\"to\":\"2026-09-30T00:00:00Z\"}", "Csv",
                directory("blocked", "")));
        send("POST", EXPORTS + "split/run" + API, owner, null);
        awaitRun(EXPORTS, "split");
        JsonNode split = json(send("GET", EXPORTS + "split/runHistory" + API, reader, null)).at("/value/0");
        assertThat(split.at("/properties/status").asString()).isEqualTo("Failed");
        assertThat(split.at("/properties/error/message").asString()).contains("folder 'blocked'")
                .doesNotContain(exportRoot.toString());
        try (Stream<Path> files = Files.walk(exportRoot.resolve("blocked"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).containsExactly(blocked);
        }
        assertThat(leftovers(exportRoot.resolve("blocked"))).isEmpty();
        try (Stream<Path> staging = Files.list(dataDir.resolve("export-staging"))) {
            assertThat(staging.toList()).isEmpty();
        }
    }

    @Test
    @Order(7)
    void theSchedulerRunsADueExportOnceAndNotWhileInactive() throws Exception {
        String scheduled = export("FocusCost", "MonthToDate", "", "Csv", directory("scheduled", ""))
                .replace("\"format\"", "\"schedule\":{\"status\":\"Active\",\"recurrence\":\"Daily\","
                        + "\"recurrencePeriod\":{\"from\":\"2026-10-05T09:00:00Z\",\"to\":\"2026-12-31T00:00:00Z\"}},"
                        + "\"format\"");
        JsonNode created = json(send("PUT", EXPORTS + "daily" + API, owner, scheduled));
        assertThat(created.at("/properties/nextRunTimeEstimate").asString()).isEqualTo("2026-10-05T09:00:00Z");
        assertThat(costExports.runDue()).isEmpty();

        CLOCK.set(Instant.parse("2026-10-06T10:30:00Z"));
        newTokens();
        assertThat(costExports.runDue()).singleElement().satisfies(r -> {
            assertThat(r.settings().name()).isEqualTo("daily");
            assertThat(r.submittedBy()).isEqualTo("System");
        });
        assertThat(costExports.runDue()).isEmpty();
        JsonNode got = json(send("GET", EXPORTS + "daily" + API + "&$expand=runHistory", reader, null));
        assertThat(got.at("/properties/nextRunTimeEstimate").asString()).isEqualTo("2026-10-07T09:00:00Z");
        assertThat(got.at("/properties/runHistory/value/0/properties/executionType").asString())
                .isEqualTo("Scheduled");
        assertThat(got.at("/properties/runHistory/value/0/properties/status").asString()).isEqualTo("Completed");

        send("PUT", EXPORTS + "daily" + API, owner, scheduled.replace("\"Active\"", "\"Inactive\""));
        CLOCK.set(Instant.parse("2026-10-08T10:30:00Z"));
        newTokens();
        assertThat(costExports.runDue()).isEmpty();
        assertThat(json(send("GET", EXPORTS + "daily" + API, reader, null)).at("/properties/nextRunTimeEstimate")
                .isMissingNode()).isTrue();
    }

    @Test
    @Order(8)
    void deletingAnExportRemovesItAndItsHistoryButNotItsFiles() throws Exception {
        assertThat(send("DELETE", EXPORTS + "monthly" + API, reader, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", EXPORTS + "monthly" + API, owner, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", EXPORTS + "monthly" + API, owner, null).statusCode()).isEqualTo(204);
        assertError(send("GET", EXPORTS + "monthly" + API, reader, null), 404, "ExportNotFound", "monthly");
        assertError(send("POST", EXPORTS + "monthly/run" + API, owner, null), 404, "ExportNotFound", "monthly");
        assertThat(Files.exists(exportRoot.resolve("finance/costs/monthly/monthly/20260901-20260930"))).isTrue();
    }

    @Test
    @Order(9)
    void dailyAndMonthlyActualCostRowsSumTheChargesPerResourceMeterAndDayOrMonthToTheInvoice() throws Exception {
        Invoice september = invoices.forPeriod(SUB, BillingPeriod.of(2026, 9)).orElseThrow();
        Map<String, List<List<String>>> byGranularity = new java.util.LinkedHashMap<>();
        for (String granularity : List.of("", "Daily", "Monthly")) {
            String name = "sums" + granularity.toLowerCase(java.util.Locale.ROOT);
            String dataSet = granularity.isEmpty() ? "" : ",\"dataSet\":{\"granularity\":\"" + granularity + "\"}";
            HttpResponse<String> created = send("PUT", EXPORTS + name + API, owner, export("ActualCost",
                    "TheLastMonth", dataSet, "Csv", directory("sums", "")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            if (granularity.isEmpty()) {
                assertThat(json(created).at("/properties/definition/dataSet/granularity").isMissingNode()).isTrue();
            } else {
                assertThat(json(send("GET", EXPORTS + name + API, reader, null))
                        .at("/properties/definition/dataSet/granularity").asString()).isEqualTo(granularity);
            }
            assertThat(send("POST", EXPORTS + name + "/run" + API, owner, null).statusCode()).isEqualTo(200);
            awaitRun(EXPORTS, name);
            JsonNode run = json(send("GET", EXPORTS + name + "/runHistory" + API, reader, null)).at("/value/0");
            assertThat(run.at("/properties/status").asString()).as(run.toString()).isEqualTo("Completed");
            Path partition = exportRoot.resolve("sums/" + name + "/20260901-20260930/" + run.get("name").asString());
            JsonNode manifest = checkedManifest(partition);
            assertThat(new BigDecimal(manifest.get("billedCost").asString()))
                    .isEqualByComparingTo(september.total().amount());
            List<List<String>> rows = new ArrayList<>();
            List<String> header = null;
            for (JsonNode blob : manifest.get("blobs")) {
                List<String> lines = Files.readAllLines(partition.resolve(blob.get("blobName").asString()
                        .replaceAll(".*/", "")));
                header = List.of(lines.get(0).split(","));
                for (String line : lines.subList(1, lines.size())) {
                    rows.add(cells(line));
                }
            }
            int date = header.indexOf("Date");
            int resource = header.indexOf("ResourceId");
            int meter = header.indexOf("MeterId");
            int quantity = header.indexOf("Quantity");
            int cost = header.indexOf("CostInBillingCurrency");
            int price = header.indexOf("EffectivePrice");
            assertThat(rows.stream().map(r -> new BigDecimal(r.get(cost))).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo(september.total().amount());
            // summed: one row per resource, meter and day (month); the seed has 4 resources used on 3 days
            assertThat(rows.stream().map(r -> List.of(r.get(date), r.get(resource), r.get(meter))).distinct().count())
                    .isEqualTo(granularity.isEmpty() ? 4 * 3 : rows.size());
            for (List<String> r : rows) {
                BigDecimal q = new BigDecimal(r.get(quantity));
                assertThat(new BigDecimal(r.get(price))).isEqualByComparingTo(
                        new BigDecimal(r.get(cost)).divide(q, 10, RoundingMode.HALF_EVEN));
            }
            byGranularity.put(granularity, rows);
            if (granularity.equals("Monthly")) {
                assertThat(rows).hasSize(4).allSatisfy(r -> assertThat(r.get(date)).isEqualTo("2026-09-01"));
            } else if (granularity.equals("Daily")) {
                assertThat(rows).hasSize(4 * 3);
                assertThat(rows.stream().map(r -> r.get(date)).distinct())
                        .containsExactlyInAnyOrder("2026-09-01", "2026-09-02", "2026-09-03");
            } else {
                assertThat(rows).hasSize(4 * 3 * 12);
            }
        }
        // the daily quantity of a resource is the sum of its charges' quantities that day
        List<String> names = ExportColumns.all(io.meterwise.core.export.ExportType.ActualCost).stream()
                .map(ExportColumns.Column::name).toList();
        int date = names.indexOf("Date");
        int resource = names.indexOf("ResourceId");
        int quantity = names.indexOf("Quantity");
        Map<List<String>, BigDecimal> perCharge = new java.util.HashMap<>();
        for (List<String> r : byGranularity.get("")) {
            perCharge.merge(List.of(r.get(date), r.get(resource)), new BigDecimal(r.get(quantity)), BigDecimal::add);
        }
        Map<List<String>, BigDecimal> daily = new java.util.HashMap<>();
        for (List<String> r : byGranularity.get("Daily")) {
            daily.merge(List.of(r.get(date), r.get(resource)), new BigDecimal(r.get(quantity)), BigDecimal::add);
        }
        assertThat(daily.keySet()).isEqualTo(perCharge.keySet());
        daily.forEach((k, v) -> assertThat(v).as(k.toString()).isEqualByComparingTo(perCharge.get(k)));
        assertError(send("PUT", EXPORTS + "hourly" + API, owner, export("ActualCost", "TheLastMonth",
                ",\"dataSet\":{\"granularity\":\"Hourly\"}", "Csv", directory("sums", ""))), 400,
                "InvalidRequestContent", "properties.definition.dataSet.granularity");
    }

    @Test
    @Order(10)
    void aRunIsQueuedUntilItsWorkerTakesItAndOneThatNeverStartsFailsWithTheReason() throws Exception {
        assertThat(send("PUT", EXPORTS + "queued" + API, owner, export("FocusCost", "TheLastMonth", "", "Csv",
                directory("queued", ""))).statusCode()).isEqualTo(201);
        CostExport export = context.getBean(CostExportStore.class).get(new ExportScope(SUB, null), "queued")
                .orElseThrow();
        CostExports exports = context.getBean(CostExports.class);
        List<Runnable> worker = new ArrayList<>();
        ExportRun queued = exports.submit(export, ExecutionType.OnDemand, "tester", worker::add);
        JsonNode shown = runOf("queued", queued.runId());
        assertThat(shown.get("status").asString()).isEqualTo("Queued");
        assertThat(shown.has("processingStartTime")).isFalse();
        assertThat(shown.has("fileName")).isFalse();
        assertThat(exportRoot.resolve("queued")).doesNotExist();

        worker.get(0).run();
        shown = runOf("queued", queued.runId());
        assertThat(shown.get("status").asString()).isEqualTo("Completed");
        assertThat(shown.has("processingStartTime")).isTrue();
        assertThat(shown.has("processingEndTime")).isTrue();
        assertThat(exportRoot.resolve("queued/queued/20260901-20260930/" + queued.runId() + "/manifest.json"))
                .exists();

        worker.clear();
        ExportRun neverStarted = exports.submit(export, ExecutionType.OnDemand, "tester", worker::add);
        ((CostExports.QueuedRun) worker.get(0)).notRun();
        shown = runOf("queued", neverStarted.runId());
        assertThat(shown.get("status").asString()).isEqualTo("Failed");
        assertThat(shown.at("/error/code").asString()).isEqualTo("ExportNotRun");
        assertThat(shown.at("/error/message").asString()).contains("stopped before the run started");

        ExportRun refused = exports.submit(export, ExecutionType.OnDemand, "tester", task -> {
            throw new RejectedExecutionException("shutting down");
        });
        assertThat(refused.status()).isEqualTo(RunStatus.Failed);
        assertThat(runOf("queued", refused.runId()).at("/error/code").asString()).isEqualTo("ExportNotRun");
        try (Stream<Path> files = Files.list(exportRoot.resolve("queued/queued/20260901-20260930"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(queued.runId());
        }
    }

    /** The cells of a CSV line (RFC 4180 quoting). */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /**
     * Waits until every run of an export has finished ({@code run} answers once the run is queued, ADR 0050): polls
     * its history, never asserting on time.
     */
    void awaitRun(String exports, String name) throws Exception {
        for (int i = 0; i < 6000; i++) {
            boolean pending = false;
            for (JsonNode run : json(send("GET", exports + name + "/runHistory" + API, reader, null)).get("value")) {
                String status = run.at("/properties/status").asString("");
                assertThat(status).isIn("Queued", "InProgress", "Completed", "Failed");
                pending |= status.equals("Queued") || status.equals("InProgress");
            }
            if (!pending) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the runs of " + name + " did not finish");
    }

    /** A run of the history by its id. */
    JsonNode runOf(String name, String runId) throws Exception {
        for (JsonNode run : json(send("GET", EXPORTS + name + "/runHistory" + API, reader, null)).get("value")) {
            if (run.get("name").asString().equals(runId)) {
                return run.get("properties");
            }
        }
        throw new AssertionError("no run " + runId);
    }

    /** Reads a partition's manifest and checks every listed file: present, size, rows (for CSV) and SHA-256. */
    static JsonNode checkedManifest(Path partition) throws Exception {
        JsonNode manifest = ExportJson.JSON.readTree(Files.readString(partition.resolve("manifest.json")));
        long rows = 0;
        long bytes = 0;
        List<String> listed = new ArrayList<>();
        for (JsonNode blob : manifest.get("blobs")) {
            String name = blob.get("blobName").asString();
            Path file = partition.resolve(name.substring(name.lastIndexOf('/') + 1));
            listed.add(file.getFileName().toString());
            assertThat(Files.size(file)).isEqualTo(blob.get("byteCount").asLong());
            assertThat(sha256(Files.readAllBytes(file))).isEqualTo(blob.get("sha256").asString());
            rows += blob.get("dataRowCount").asLong();
            bytes += blob.get("byteCount").asLong();
        }
        assertThat(manifest.get("dataRowCount").asLong()).isEqualTo(rows);
        assertThat(manifest.get("byteCount").asLong()).isEqualTo(bytes);
        listed.add("manifest.json");
        try (Stream<Path> files = Files.list(partition)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(listed);
        }
        return manifest;
    }

    /** Temporary folders left by a delivery (there must be none, or only empty ones). */
    static List<Path> leftovers(Path container) throws Exception {
        Path temp = container.resolve(DirectoryDelivery.TEMP);
        if (!Files.exists(temp)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(temp)) {
            return files.toList();
        }
    }

    Path gunzip(Path gz) throws Exception {
        Path csv = Files.createTempFile(dataDir, "part-", ".csv");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.write(csv, in.readAllBytes());
        }
        return csv;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String mention) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains(mention);
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.bearer(token))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return ExportJson.JSON.readTree(response.body());
    }
}
