package io.meterwise.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.meterwise.core.access.Role;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.CostExportStore;
import io.meterwise.core.export.ExecutionType;
import io.meterwise.core.export.ExportRun;
import io.meterwise.core.export.ExportScope;
import io.meterwise.core.export.RunStatus;
import io.meterwise.server.MeterwiseApplication;
import io.meterwise.server.testing.TestDataDirs;
import io.meterwise.server.testing.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * Runs a killed server leaves behind (ADR 0050, addendum), over HTTP on a real server: runs written as a dead process
 * leaves them (Queued or InProgress, leased to a process that no longer renews, a staging folder) become Failed with
 * {@code ExportInterrupted} once their lease runs out and their staging folder goes, while a run whose lease another
 * live server keeps renewing is untouched. After a restart on the same data directory the embedded store (one process)
 * fails every open run of another process at once; PostgreSQL, shared by replicas, still waits for its lease.
 */
class ExportRunLeasesIT {

    static final UUID SUB = UUID.fromString("3c1d2e4f-0000-4000-8000-00000000e515");
    static final String API = "?api-version=2023-03-01";
    static final String EXPORTS = "/subscriptions/" + SUB + "/providers/Microsoft.CostManagement/exports/";
    static final String STORE = System.getProperty("meterwise.store", "duckdb");

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void runsOfAKilledServerFailOnceTheirLeaseRunsOutAndALiveLeaseIsKept() throws Exception {
        Path dataDir = TestDataDirs.create("meterwise-export-leases");
        String live;
        try (ConfigurableApplicationContext server = start(dataDir)) {
            String owner = seed(server);
            assertThat(send(server, "PUT", EXPORTS + "monthly" + API, owner, "{\"properties\":{\"format\":\"Csv\","
                    + "\"deliveryInfo\":{\"destination\":{\"type\":\"Directory\",\"container\":\"finance\"}},"
                    + "\"definition\":{\"type\":\"FocusCost\",\"timeframe\":\"TheLastMonth\"}}}").statusCode())
                    .isEqualTo(201);
            CostExportStore store = server.getBean(CostExportStore.class);
            CostExport export = store.get(new ExportScope(SUB, null), "monthly").orElseThrow();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            // a server killed while one run waited and one was being written: leases it no longer renews
            String queued = record(store, export, RunStatus.Queued, "killed-server", now.plusSeconds(4));
            String running = record(store, export, RunStatus.InProgress, "killed-server", now.minusSeconds(1));
            Path staging = dataDir.resolve("export-staging").resolve(running).resolve("20260901-20260930");
            Files.createDirectories(staging);
            Files.writeString(staging.resolve("part_1_0001.csv"), "BilledCost\r\n1.00\r\n");
            // a run of another server that is alive and renews its lease
            live = record(store, export, RunStatus.InProgress, "live-replica", now.plusSeconds(3600));
            assertThat(status(server, owner, queued).at("/status").asString()).as("lease not over yet")
                    .isEqualTo("Queued");

            JsonNode failedQueued = awaitFinished(server, owner, queued);
            JsonNode failedRunning = awaitFinished(server, owner, running);
            assertThat(failedQueued.at("/status").asString()).isEqualTo("Failed");
            assertThat(failedQueued.at("/error/code").asString()).isEqualTo("ExportInterrupted");
            assertThat(failedQueued.at("/error/message").asString()).contains("stopped before it started")
                    .contains("run the export again");
            assertThat(Instant.parse(failedQueued.at("/processingEndTime").asString())).isAfterOrEqualTo(
                    now.plusSeconds(4));
            assertThat(failedRunning.at("/status").asString()).isEqualTo("Failed");
            assertThat(failedRunning.at("/error/code").asString()).isEqualTo("ExportInterrupted");
            assertThat(failedRunning.at("/error/message").asString()).contains("stopped before the run finished");
            assertThat(failedRunning.at("/processingStartTime").asString()).isNotEmpty();
            assertThat(dataDir.resolve("export-staging").resolve(running)).as("the killed run's staging")
                    .doesNotExist();

            Thread.sleep(2_500); // two more sweeps
            JsonNode alive = status(server, owner, live);
            assertThat(alive.at("/status").asString()).isEqualTo("InProgress");
            assertThat(alive.has("error")).isFalse();
        }
        try (ConfigurableApplicationContext restarted = start(dataDir)) {
            String reader = TestTokens.from(restarted).withRole(Role.READER, SUB);
            JsonNode other = status(restarted, reader, live);
            if (STORE.equals("duckdb")) {
                // nobody but this server can open the embedded store: the run's server is gone, whatever its lease
                assertThat(other.at("/status").asString()).isEqualTo("Failed");
                assertThat(other.at("/error/code").asString()).isEqualTo("ExportInterrupted");
            } else {
                // on a shared database the run may be another replica's, alive: it keeps it until its lease ends
                assertThat(other.at("/status").asString()).isEqualTo("InProgress");
            }
        }
    }

    static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(MeterwiseApplication.class).run("--server.port=0",
                "--meterwise.store=" + STORE, "--meterwise.data-dir=" + dataDir, "--meterwise.tls.enabled=false",
                "--meterwise.billing.scheduler-enabled=false", "--meterwise.exports.scheduler-enabled=false",
                "--meterwise.notify.dispatcher-enabled=false", "--meterwise.exports.run-lease=2s",
                "--meterwise.exports.run-lease-renewal=500ms");
    }

    /** The subscription and an Owner's token. */
    static String seed(ConfigurableApplicationContext server) {
        CatalogStore catalog = server.getBean(CatalogStore.class);
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putSubscription(new Subscription(SUB, "Leases", SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("USD"), "US", "contoso"));
        return TestTokens.from(server).withRole(Role.OWNER, SUB);
    }

    /** Writes a run row as the process {@code leaseOwner} would have; returns its id. */
    static String record(CostExportStore store, CostExport export, RunStatus status, String leaseOwner,
            Instant leaseUntil) {
        Instant submitted = leaseUntil.minusSeconds(30);
        ExportRun run = new ExportRun(UUID.randomUUID().toString(), export.scope(), export.name(),
                ExecutionType.OnDemand, status, "operator", submitted,
                status == RunStatus.InProgress ? submitted.plusSeconds(1) : null, null, null, null, null, export);
        store.saveRun(run, new CostExportStore.Lease(leaseOwner, leaseUntil));
        return run.runId();
    }

    JsonNode awaitFinished(ConfigurableApplicationContext server, String token, String runId) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode run = status(server, token, runId);
            String status = run.at("/status").asString();
            if (!status.equals("Queued") && !status.equals("InProgress")) {
                return run;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " stayed open");
    }

    JsonNode status(ConfigurableApplicationContext server, String token, String runId) throws Exception {
        HttpResponse<String> history = send(server, "GET", EXPORTS + "monthly/runHistory" + API, token, null);
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        for (JsonNode run : ExportJson.JSON.readTree(history.body()).get("value")) {
            if (run.get("name").asString().equals(runId)) {
                return run.get("properties");
            }
        }
        throw new AssertionError("no run " + runId + " in " + history.body());
    }

    HttpResponse<String> send(ConfigurableApplicationContext server, String method, String path, String token,
            String body) throws Exception {
        int port = ((WebServerApplicationContext) server).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestTokens.bearer(token))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
