package io.meterwise.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.meterwise.core.testing.MovableClock;

/**
 * The sweep rule for runs a killed server left behind: a run is failed ({@code ExportInterrupted}) once nobody holds
 * its lease, never while its process renews it, and the staging folders of runs this process does not hold go.
 */
class CostExportsSweepTest {

    static final Duration LEASE = Duration.ofSeconds(90);
    static final CostExport EXPORT = new CostExport(new ExportScope(UUID.randomUUID(), null), "monthly",
            ExportType.FocusCost, Timeframe.TheLastMonth, null, null, ExportFormat.Csv, false, List.of(),
            new Destination.Directory("finance", ""), null, Instant.EPOCH, Instant.EPOCH);

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T12:00:00Z"));
    final Store store = new Store();
    final Staging staging = new Staging();
    final CostExports replicaA = exports("replica-a");
    final CostExports replicaB = exports("replica-b");

    CostExports exports(String instance) {
        return new CostExports(null, null, store, staging, (export, partitions) -> {
        }, clock, instance, LEASE);
    }

    /** A run submitted to an executor that has not taken it yet (a busy worker). */
    ExportRun queuedOn(CostExports exports) {
        return exports.submit(EXPORT, ExecutionType.OnDemand, "someone", task -> {
        });
    }

    @Test
    void aRunIsLeftAloneWhileItsProcessRenewsTheLeaseAndFailedOnceTheLeaseRunsOut() {
        ExportRun run = queuedOn(replicaA);
        assertThat(store.leases.get(run.runId())).isEqualTo(new CostExportStore.Lease("replica-a",
                clock.instant().plus(LEASE)));
        for (int i = 0; i < 10; i++) { // A renews every 20 s: B's sweeps never take the run
            clock.advance(Duration.ofSeconds(20));
            assertThat(replicaA.renewLeases()).isEqualTo(1);
            assertThat(replicaB.sweep(false)).isEmpty();
        }
        assertThat(store.runs.get(run.runId()).status()).isEqualTo(RunStatus.Queued);
        // A is killed: nobody renews; one second before the lease ends the run is still A's, at the end it is not
        clock.advance(LEASE.minusSeconds(1));
        assertThat(replicaB.sweep(false)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        List<ExportRun> failed = replicaB.sweep(false);
        assertThat(failed).hasSize(1);
        ExportRun stored = store.runs.get(run.runId());
        assertThat(stored.status()).isEqualTo(RunStatus.Failed);
        assertThat(stored.errorCode()).isEqualTo("ExportInterrupted");
        assertThat(stored.error()).contains("stopped before it started").contains("run the export again");
        assertThat(stored.processingEndTime()).isEqualTo(clock.instant());
        assertThat(store.leases).doesNotContainKey(run.runId());
        assertThat(replicaB.sweep(false)).as("failed once").isEmpty();
    }

    @Test
    void aRunInProgressWhoseLeaseRanOutSaysItsServerStoppedBeforeItFinished() {
        ExportRun run = new ExportRun("r-1", EXPORT.scope(), EXPORT.name(), ExecutionType.Scheduled,
                RunStatus.InProgress, CostExports.SYSTEM, clock.instant(), clock.instant(), null, null, null, null,
                EXPORT);
        store.saveRun(run, new CostExportStore.Lease("dead", clock.instant().plusSeconds(5)));
        clock.advance(Duration.ofSeconds(6));
        assertThat(replicaB.sweep(false)).singleElement().satisfies(f -> {
            assertThat(f.errorCode()).isEqualTo(CostExports.INTERRUPTED);
            assertThat(f.error()).contains("stopped before the run finished");
            assertThat(f.processingStartTime()).isEqualTo(run.processingStartTime());
        });
    }

    @Test
    void onAnExclusiveStoreAnotherProcessesRunIsAbandonedWhateverItsLeaseSays() {
        ExportRun run = queuedOn(replicaA);
        assertThat(replicaB.sweep(false)).isEmpty();
        assertThat(replicaB.sweep(true)).extracting(ExportRun::runId).containsExactly(run.runId());
    }

    @Test
    void aProcessNeverFailsARunItHoldsButFailsOneOfItsOwnItNoLongerHolds() {
        ExportRun held = queuedOn(replicaA);
        clock.advance(LEASE.multipliedBy(3)); // even with its lease run out (renewal late), a held run is alive
        assertThat(replicaA.sweep(true)).isEmpty();
        assertThat(replicaA.sweep(false)).isEmpty();
        // a run written with A's name that A does not hold (its save of the end failed, say) has nobody to finish it
        ExportRun orphan = new ExportRun("orphan", EXPORT.scope(), EXPORT.name(), ExecutionType.OnDemand,
                RunStatus.InProgress, "x", clock.instant(), clock.instant(), null, null, null, null, EXPORT);
        store.saveRun(orphan, new CostExportStore.Lease("replica-a", clock.instant().plus(LEASE)));
        assertThat(replicaA.sweep(false)).extracting(ExportRun::runId).containsExactly("orphan");
        assertThat(store.runs.get(held.runId()).status()).isEqualTo(RunStatus.Queued);
    }

    @Test
    void aRunRecordedBeforeLeasesExistedIsAbandoned() {
        ExportRun old = new ExportRun("old", EXPORT.scope(), EXPORT.name(), ExecutionType.OnDemand, RunStatus.Queued,
                "x", clock.instant(), null, null, null, null, null, EXPORT);
        store.saveRun(old);
        assertThat(CostExports.abandoned(new CostExportStore.OpenRun(old, null, null), "me", Set.of(),
                clock.instant(), false)).isTrue();
        assertThat(replicaB.sweep(false)).extracting(ExportRun::runId).containsExactly("old");
    }

    @Test
    void aLeaseRenewedBetweenTheSweepsReadAndItsWriteWins() {
        ExportRun run = queuedOn(replicaA);
        clock.advance(LEASE);
        store.beforeInterrupt = () -> replicaA.renewLeases();
        assertThat(replicaB.sweep(false)).isEmpty();
        assertThat(store.runs.get(run.runId()).status()).isEqualTo(RunStatus.Queued);
    }

    @Test
    void theStagingFoldersOfRunsThisProcessDoesNotHoldAreRemoved() {
        ExportRun held = queuedOn(replicaA);
        staging.staged.addAll(List.of(held.runId(), "killed-1", "killed-2"));
        replicaA.sweep(false);
        assertThat(staging.staged).containsExactly(held.runId());
    }

    @Test
    void finishedRunsLeaveNothingToRenewOrSweep() {
        ExportRun queued = queuedOn(replicaA);
        ExportRun done = replicaA.run(EXPORT, ExecutionType.OnDemand, "x");
        assertThat(done.status()).isIn(RunStatus.Completed, RunStatus.Failed);
        assertThat(store.leases).containsOnlyKeys(queued.runId());
        assertThat(replicaA.renewLeases()).isEqualTo(1);
    }

    /** The store with the conditional write a database does in one statement. */
    static final class Store implements CostExportStore {
        final Map<String, ExportRun> runs = new LinkedHashMap<>();
        final Map<String, Lease> leases = new LinkedHashMap<>();
        Runnable beforeInterrupt = () -> {
        };

        @Override
        public void saveRun(ExportRun run, @Nullable Lease lease) {
            runs.put(run.runId(), run);
            if (lease == null) {
                leases.remove(run.runId());
            } else {
                leases.put(run.runId(), lease);
            }
        }

        @Override
        public int renewLeases(String owner, Instant until) {
            int n = 0;
            for (var e : leases.entrySet()) {
                if (e.getValue().owner().equals(owner) && open(runs.get(e.getKey()))) {
                    e.setValue(new Lease(owner, until));
                    n++;
                }
            }
            return n;
        }

        @Override
        public List<OpenRun> openRuns() {
            List<OpenRun> open = new ArrayList<>();
            for (ExportRun r : runs.values()) {
                if (open(r)) {
                    Lease l = leases.get(r.runId());
                    open.add(new OpenRun(r, l == null ? null : l.owner(), l == null ? null : l.until()));
                }
            }
            return open;
        }

        @Override
        public boolean interrupt(OpenRun open, ExportRun failed) {
            beforeInterrupt.run();
            ExportRun now = runs.get(open.run().runId());
            Lease l = leases.get(open.run().runId());
            if (!open(now) || !Objects.equals(l == null ? null : l.owner(), open.leaseOwner())
                    || !Objects.equals(l == null ? null : l.until(), open.leaseUntil())) {
                return false;
            }
            saveRun(failed, null);
            return true;
        }

        private static boolean open(ExportRun r) {
            return r.status() == RunStatus.Queued || r.status() == RunStatus.InProgress;
        }

        @Override
        public boolean put(CostExport export) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<CostExport> get(ExportScope scope, String name) {
            return Optional.empty();
        }

        @Override
        public List<CostExport> list(ExportScope scope) {
            return List.of();
        }

        @Override
        public List<CostExport> scheduled() {
            return List.of();
        }

        @Override
        public boolean delete(ExportScope scope, String name) {
            return false;
        }

        @Override
        public List<ExportRun> runs(ExportScope scope, String name, int limit) {
            return List.of();
        }

        @Override
        public Optional<Instant> lastScheduledRun(ExportScope scope, String name) {
            return Optional.empty();
        }
    }

    /** Staging folders by run id. */
    static final class Staging implements ExportFileWriter {
        final Set<String> staged = new TreeSet<>();

        @Override
        public Path stagingFolder(String runId) {
            staged.add(runId);
            return Path.of("staging", runId);
        }

        @Override
        public void discard(Path folder) {
            staged.remove(folder.getFileName().toString());
        }

        @Override
        public List<String> stagedRuns() {
            return List.copyOf(staged);
        }

        @Override
        public PartitionWriter open(CostExport export, Path folder) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StagedFile manifest(ExportManifest manifest, Path folder) {
            throw new UnsupportedOperationException();
        }
    }
}
