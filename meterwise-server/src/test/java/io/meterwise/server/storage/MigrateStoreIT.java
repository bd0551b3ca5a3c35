package io.meterwise.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.meterwise.core.access.SharedSecrets;
import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.InvoiceContentHash;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.core.budget.AlertStatus;
import io.meterwise.core.budget.AlertStore;
import io.meterwise.core.budget.Budget;
import io.meterwise.core.budget.BudgetGrain;
import io.meterwise.core.budget.BudgetPeriod;
import io.meterwise.core.budget.BudgetScope;
import io.meterwise.core.budget.BudgetStore;
import io.meterwise.core.budget.FiredAlert;
import io.meterwise.core.budget.Measure;
import io.meterwise.core.budget.Notification;
import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.CostExportStore;
import io.meterwise.core.export.Destination;
import io.meterwise.core.export.ExecutionType;
import io.meterwise.core.export.ExportFormat;
import io.meterwise.core.export.ExportRun;
import io.meterwise.core.export.ExportSchedule;
import io.meterwise.core.export.ExportScope;
import io.meterwise.core.export.ExportType;
import io.meterwise.core.export.RunStatus;
import io.meterwise.core.export.Timeframe;
import io.meterwise.core.notify.AlertNotice;
import io.meterwise.core.notify.NotificationOutbox;
import io.meterwise.core.notify.WebhookEndpoint;
import io.meterwise.core.notify.WebhookEndpoints;
import io.meterwise.server.MeterwiseApplication;
import io.meterwise.server.export.ExportJson;
import io.meterwise.server.storage.duckdb.DuckDbDataSource;
import io.meterwise.server.testing.EmbeddedPostgresStore;
import io.meterwise.server.testing.TestDataDirs;

/**
 * {@code migrate-store} moves an embedded deployment with invoices to PostgreSQL: a server started on the target
 * serves the same invoices (same content hash) and keeps the signing keys; a target that holds data is refused.
 */
class MigrateStoreIT {

    static final UUID SUB = UUID.fromString("3c000000-0000-4000-8000-00000000000a");
    static final UUID METER = UUID.fromString("3c000000-0000-4000-8000-0000000000b1");

    @Test
    void movesAnEmbeddedDeploymentToPostgresAndVerifiesEveryInvoice() throws Exception {
        Assumptions.assumeFalse("postgres".equals(System.getProperty("meterwise.store")),
                "the source is an embedded deployment: runs once, in the DuckDB execution");
        Path source = TestDataDirs.create("meterwise-migrate-from");
        List<Invoice> issued;
        byte[] linkKey;
        try (ConfigurableApplicationContext embedded = start("duckdb", source)) {
            CatalogStore catalog = embedded.getBean(CatalogStore.class);
            catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
            catalog.putMeter(new Meter(METER, "D2 v3", "Virtual Machines", "", "US East", "1 Hour", List.of()));
            Subscription sub = new Subscription(SUB, "Moving", SubscriptionState.ENABLED, "MS-AZR-0003P",
                    Currency.getInstance("USD"), "US", "tenant-move");
            catalog.putSubscription(sub);
            catalog.addPriceVersion(sub.priceListKey(),
                    MeterPrice.flat(METER, Instant.parse("2020-01-01T00:00:00Z"), new BigDecimal("0.137")));
            List<UsageRecord> usage = new ArrayList<>();
            for (int h = 0; h < 24 * 60; h += 5) {
                Instant start = Instant.parse("2026-09-01T00:00:00Z").plus(Duration.ofHours(h));
                usage.add(new UsageRecord("move-" + h, SUB, METER, new BigDecimal(h % 7 + ".25"), start,
                        start.plus(Duration.ofHours(1)), "/subscriptions/" + SUB
                                + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm" + h % 3,
                        "eastus", Map.of("team", "t" + h % 2), Map.of(), start));
            }
            assertThat(embedded.getBean(UsageLedger.class).append(usage).accepted()).isEqualTo(usage.size());
            assertThat(embedded.getBean(InvoiceService.class).issueDue().failures()).isEmpty();
            issued = embedded.getBean(Invoices.class).ofSubscription(SUB);
            linkKey = embedded.getBean(SharedSecrets.class).secret("download-links.key");
            seedTheNewerTables(embedded);
        }
        Map<String, Long> sourceRows = rowsPerTable(source);
        assertThat(sourceRows).as("rows to copy in the tables of the catalog, the ledger, invoices and the newer APIs")
                .containsKeys("subscription", "usage_record", "invoice", "budget_rule", "fired_alert", "notification",
                        "notification_delivery", "webhook_endpoint", "cost_export", "cost_export_run")
                .allSatisfy((table, rows) -> {
                    if (List.of("usage_record", "invoice", "budget_rule", "fired_alert", "notification",
                            "webhook_endpoint", "cost_export", "cost_export_run").contains(table)) {
                        assertThat(rows).as(table).isPositive();
                    }
                });
        assertThat(issued).hasSizeGreaterThanOrEqualTo(2);

        Path targetDir = TestDataDirs.create("meterwise-migrate-to");
        String url = EmbeddedPostgresStore.url(targetDir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MigrateStoreCommand.run(new String[] {"migrate-store", "--from", source.toString(), "--to", url,
                "--user", "postgres", "--password", ""}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("copied usage_record: " + (24 * 60 / 5) + " rows",
                "verified " + issued.size() + " invoices by content hash");
        sourceRows.forEach((table, rows) -> assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("copied " + table + ": " + rows + " rows"));

        try (ConfigurableApplicationContext shared = start("postgres", targetDir,
                source.resolve("keys/secrets.key"))) {
            Invoices invoices = shared.getBean(Invoices.class);
            for (Invoice invoice : issued) {
                Invoice moved = invoices.find(SUB, invoice.name()).orElseThrow();
                assertThat(InvoiceContentHash.of(moved)).isEqualTo(InvoiceContentHash.of(invoice));
            }
            assertThat(shared.getBean(SharedSecrets.class).secret("download-links.key")).isEqualTo(linkKey);
            assertThat(shared.getBean(CatalogStore.class).subscription(SUB)).isPresent();
            // the S3 secret arrived sealed, opens with the source's key file, and that key is not in the database
            String stored = ((Destination.S3) shared.getBean(CostExportStore.class).get(new ExportScope(SUB, null),
                    "to-bucket").orElseThrow().destination()).secretAccessKey();
            assertThat(SealedSecrets.isSealed(stored)).isTrue();
            assertThat(shared.getBean(SealedSecrets.class).open(stored, ExportJson.secretContext(
                    new ExportScope(SUB, null), "to-bucket"))).isEqualTo(S3_SECRET);
            assertThat(new JdbcTemplate(shared.getBean(javax.sql.DataSource.class)).queryForList(
                    "SELECT name FROM shared_secret", String.class)).isNotEmpty()
                    .noneMatch(name -> name.contains("secrets"));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("export secrets: 1 sealed with "
                + source.resolve("keys/secrets.key").toAbsolutePath()).contains("meterwise.secrets.key-file");

        // given a key that is not the one they were sealed with, the command says the secrets would not open
        Path otherKey = TestDataDirs.create("meterwise-other-key").resolve("secrets.key");
        new SealedSecrets(otherKey).seal("x", "y");
        ByteArrayOutputStream wrongErr = new ByteArrayOutputStream();
        int wrong = MigrateStoreCommand.run(new String[] {"migrate-store", "--from", source.toString(), "--to",
                EmbeddedPostgresStore.url(TestDataDirs.create("meterwise-migrate-to-2")), "--user", "postgres",
                "--password", "", "--secrets-key-file", otherKey.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(wrongErr, true, StandardCharsets.UTF_8));
        assertThat(wrong).isEqualTo(1);
        assertThat(wrongErr.toString(StandardCharsets.UTF_8)).contains("to-bucket").contains("another secrets key");

        int again = MigrateStoreCommand.run(new String[] {"migrate-store", "--from", source.toString(), "--to", url,
                "--user", "postgres", "--password", ""}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(again).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not empty");
        assertThat(Files.exists(source.resolve("meterwise.duckdb"))).isTrue();
    }

    /**
     * A row in each table added after the store could be moved (budgets, alerts, exports, webhooks, the outbox), through
     * the stores' ports, so their column types cross too.
     */
    static void seedTheNewerTables(ConfigurableApplicationContext embedded) {
        Instant now = Instant.parse("2026-10-02T08:00:00Z");
        Notification notification = new Notification(true, Notification.Operator.GREATER_THAN, new BigDecimal("80"),
                Notification.ThresholdType.ACTUAL, List.of("finance@contoso.com"), List.of(), List.of("finance-hook"),
                "en-us");
        Budget budget = new Budget(BudgetScope.subscription(SUB), Measure.COST, "September", UUID.randomUUID(),
                new BigDecimal("10.50"), BudgetGrain.MONTHLY, LocalDate.parse("2026-09-01"),
                LocalDate.parse("2027-08-31"), null, null, Map.of("over80", notification), "\"1\"");
        assertThat(embedded.getBean(BudgetStore.class).insert(budget)).isTrue();
        BudgetPeriod september = new BudgetPeriod(LocalDate.parse("2026-09-01"), LocalDate.parse("2026-09-30"));
        FiredAlert alert = new FiredAlert(UUID.randomUUID(), budget, "over80", notification, september,
                new BigDecimal("12.25"), "USD", now, AlertStatus.ACTIVE, null, null, now);
        assertThat(embedded.getBean(AlertStore.class).insertIfAbsent(alert)).isTrue();
        embedded.getBean(NotificationOutbox.class).enqueue(new AlertNotice(alert.id().toString(),
                "/subscriptions/" + SUB, "September", AlertNotice.Kind.COST, "Actual", "GreaterThan",
                new BigDecimal("80"), new BigDecimal("10.50"), new BigDecimal("12.25"), "USD", september.start(),
                september.end(), now, List.of("finance@contoso.com"), List.of("finance-hook"), List.of(), "en-us"));
        assertThat(embedded.getBean(WebhookEndpoints.class).put(new WebhookEndpoint("finance-hook",
                URI.create("https://hooks.example.com/billing"), "whsec-moving", now, now))).isTrue();
        CostExportStore exports = embedded.getBean(CostExportStore.class);
        CostExport export = new CostExport(new ExportScope(SUB, null), "monthly-focus", ExportType.FocusCost,
                Timeframe.TheLastMonth, null, null, ExportFormat.Parquet, true, List.of(),
                new Destination.Directory("exports", "finance"), new ExportSchedule(true,
                        ExportSchedule.Recurrence.Monthly, now, null), now, now);
        assertThat(exports.put(export)).isTrue();
        exports.saveRun(new ExportRun(UUID.randomUUID().toString(), export.scope(), export.name(),
                ExecutionType.OnDemand, RunStatus.Completed, "operator", now, now, now.plusSeconds(3),
                "part_0_0001.parquet", null, null, export));
        // an S3 destination: its secret is stored sealed with the data directory's secrets key (ADR 0051)
        assertThat(exports.put(new CostExport(new ExportScope(SUB, null), "to-bucket", ExportType.FocusCost,
                Timeframe.TheLastMonth, null, null, ExportFormat.Csv, false, List.of(), new Destination.S3(
                        "https://s3.example.com", "us-east-1", "finops", "costs", "AKIAMOVING", S3_SECRET, true),
                null, now, now))).isTrue();
    }

    static final String S3_SECRET = "moving-secret-access-key";

    /** Rows per table of the embedded store of {@code dataDir}, but the stores' own bookkeeping. */
    static Map<String, Long> rowsPerTable(Path dataDir) throws Exception {
        Map<String, Long> rows = new java.util.TreeMap<>();
        try (DuckDbDataSource db = DuckDbDataSource.open(dataDir.resolve("meterwise.duckdb"))) {
            JdbcTemplate jdbc = new JdbcTemplate(db);
            for (String table : jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'main'", String.class)) {
                if (!List.of("schema_version", "catalog_revision", "shared_secret", "usage_record_key")
                        .contains(table)) {
                    rows.put(table, jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class));
                }
            }
        }
        return rows;
    }

    static ConfigurableApplicationContext start(String store, Path dataDir) {
        return start(store, dataDir, dataDir.resolve("keys/secrets.key"));
    }

    static ConfigurableApplicationContext start(String store, Path dataDir, Path secretsKey) {
        return new SpringApplicationBuilder(MeterwiseApplication.class).web(
                org.springframework.boot.WebApplicationType.NONE).run("--meterwise.store=" + store,
                        "--meterwise.data-dir=" + dataDir, "--meterwise.tls.enabled=false",
                        "--meterwise.secrets.key-file=" + secretsKey,
                        "--meterwise.billing.scheduler-enabled=false", "--meterwise.notify.dispatcher-enabled=false");
    }
}
