package io.meterwise.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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
import io.meterwise.server.MeterwiseApplication;
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
        }
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

        try (ConfigurableApplicationContext shared = start("postgres", targetDir)) {
            Invoices invoices = shared.getBean(Invoices.class);
            for (Invoice invoice : issued) {
                Invoice moved = invoices.find(SUB, invoice.name()).orElseThrow();
                assertThat(InvoiceContentHash.of(moved)).isEqualTo(InvoiceContentHash.of(invoice));
            }
            assertThat(shared.getBean(SharedSecrets.class).secret("download-links.key")).isEqualTo(linkKey);
            assertThat(shared.getBean(CatalogStore.class).subscription(SUB)).isPresent();
        }

        int again = MigrateStoreCommand.run(new String[] {"migrate-store", "--from", source.toString(), "--to", url,
                "--user", "postgres", "--password", ""}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(again).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not empty");
        assertThat(Files.exists(source.resolve("meterwise.duckdb"))).isTrue();
    }

    static ConfigurableApplicationContext start(String store, Path dataDir) {
        return new SpringApplicationBuilder(MeterwiseApplication.class).web(
                org.springframework.boot.WebApplicationType.NONE).run("--meterwise.store=" + store,
                        "--meterwise.data-dir=" + dataDir, "--meterwise.tls.enabled=false",
                        "--meterwise.billing.scheduler-enabled=false");
    }
}
