package io.meterwise.server.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.CatalogStore.PriceVersionOutcome;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;

/**
 * Writes the demo cloud through the catalog and ledger ports: offers, meters, subscriptions and price versions, then the
 * usage in batches with each record's own report time. Idempotent: a second load (or a load on a later day) stores
 * only what is new and counts the rest as duplicates.
 */
final class DemoLoader {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

    private final CatalogStore catalogStore;
    private final UsageLedger ledger;
    private final Clock clock;
    private final DemoProperties settings;
    private final BiFunction<Catalog, Instant, DemoRecordCheck> recordCheck;

    DemoLoader(CatalogStore catalogStore, UsageLedger ledger, Clock clock, DemoProperties settings) {
        this(catalogStore, ledger, clock, settings, DemoRecordCheck::against);
    }

    DemoLoader(CatalogStore catalogStore, UsageLedger ledger, Clock clock, DemoProperties settings,
            BiFunction<Catalog, Instant, DemoRecordCheck> recordCheck) {
        this.catalogStore = catalogStore;
        this.ledger = ledger;
        this.clock = clock;
        this.settings = settings;
        this.recordCheck = recordCheck;
    }

    DemoLoadReport load() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        DemoCatalog catalog = DemoCatalog.build(settings.seed(), now, settings.months());
        DemoLoadReport.CatalogCounts catalogCounts = writeCatalog(catalog);
        DemoRecordCheck check = recordCheck.apply(catalogStore, now);
        DemoUsageGenerator generator = new DemoUsageGenerator(catalog, settings, now);
        long generated = 0;
        long accepted = 0;
        long duplicates = 0;
        long rejected = 0;
        Iterator<List<UsageRecord>> batches = generator.batches(settings.batchSize());
        while (batches.hasNext()) {
            List<UsageRecord> batch = batches.next();
            generated += batch.size();
            List<RecordError> errors = check.check(batch);
            IngestionResult result = errors.isEmpty() ? ledger.appendAsReportedAt(batch)
                    : IngestionResult.rejected(batch.size(), errors);
            if (result.isRejected()) {
                log.warn("Demo batch of {} records refused; first error: {}", batch.size(), result.errors().get(0));
            }
            accepted += result.accepted();
            duplicates += result.duplicates();
            rejected += result.rejected();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        DemoLoadReport report = new DemoLoadReport(catalogCounts, generator.fleet().size(), generated, accepted,
                duplicates, rejected, catalog.windowStart(), now, took);
        log.info("Demo cloud loaded: {} subscriptions, {} meters, {} price versions ({} new), {} resources; "
                + "usage from {} to {}: {} records, {} accepted, {} duplicates, {} rejected in {} ms ({} records/s)",
                catalogCounts.subscriptions(), catalogCounts.meters(), catalogCounts.priceVersions(),
                catalogCounts.priceVersionsCreated(), report.resources(), report.from(), report.to(), generated,
                accepted, duplicates, rejected, took.toMillis(), report.recordsPerSecond());
        return report;
    }

    private DemoLoadReport.CatalogCounts writeCatalog(DemoCatalog catalog) {
        catalog.offers().forEach(catalogStore::putOffer);
        catalog.meters().forEach(catalogStore::putMeter);
        catalog.subscriptions().forEach(s -> catalogStore.putSubscription(s.subscription()));
        long versions = 0;
        long created = 0;
        long conflicts = 0;
        for (var entry : catalog.prices().entrySet()) {
            PriceListKey key = entry.getKey();
            for (PriceVersionOutcome outcome : catalogStore.addPriceVersions(key, entry.getValue())) {
                versions++;
                if (outcome == PriceVersionOutcome.CREATED) {
                    created++;
                } else if (outcome == PriceVersionOutcome.CONFLICT) {
                    conflicts++;
                }
            }
        }
        if (conflicts > 0) {
            log.warn("{} demo price versions conflict with stored ones and were not changed", conflicts);
        }
        return new DemoLoadReport.CatalogCounts(catalog.offers().size(), catalog.meters().size(),
                catalog.subscriptions().size(), catalog.prices().size(), versions, created, conflicts);
    }
}
