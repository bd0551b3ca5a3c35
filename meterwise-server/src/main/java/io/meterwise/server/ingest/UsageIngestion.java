package io.meterwise.server.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.usage.IngestionBatch;
import io.meterwise.core.usage.IngestionLog;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageValidator;

/**
 * Reads a batch in one of the {@link UsageFormat}s, validates every record and appends the batch to the ledger when
 * all of it is valid. Used by the HTTP endpoint and the {@code ingest} command alike.
 */
@Service
public class UsageIngestion {

    private final Catalog catalog;
    private final UsageLedger ledger;
    private final Clock clock;
    private final IngestProperties properties;
    private final MeterRegistry metrics;
    private final Timer batches;
    private final ApplicationEventPublisher events;

    private final IngestionLog log;

    public UsageIngestion(Catalog catalog, UsageLedger ledger, IngestionLog log, Clock clock,
            IngestProperties properties, MeterRegistry metrics, ApplicationEventPublisher events) {
        this.events = events;
        this.log = log;
        this.catalog = catalog;
        this.ledger = ledger;
        this.clock = clock;
        this.properties = properties;
        this.metrics = metrics;
        this.batches = Timer.builder("meterwise.usage.batch").description("Time to read, validate and store a batch")
                .register(metrics);
    }

    /** Published after a batch was committed with new records: alert evaluation listens (ADR 0041). */
    public record BatchCommitted(java.util.Set<java.util.UUID> subscriptionIds) {
    }

    /** A new batch id, received now: give it to {@link #ingest(InputStream, UsageFormat, IngestionBatch.Receipt)}. */
    public IngestionBatch.Receipt receipt() {
        return new IngestionBatch.Receipt(UUID.randomUUID().toString(), clock.instant());
    }

    /** Ingests a batch under a new {@link #receipt()}. */
    public IngestionResult ingest(InputStream body, UsageFormat format) throws IOException {
        return ingest(body, format, receipt());
    }

    /**
     * Ingests a UTF-8 body. Throws {@link BatchTooLargeException} beyond the batch limit; an unreadable body or any
     * invalid record rejects the batch with every error, sorted by line. Every batch, stored or not, is logged under
     * {@code receipt} in the {@link IngestionLog}.
     */
    public IngestionResult ingest(InputStream body, UsageFormat format, IngestionBatch.Receipt receipt)
            throws IOException {
        Timer.Sample sample = Timer.start(metrics);
        try {
            IngestionResult result = ingestBatch(body, format, receipt);
            metrics.counter("meterwise.usage.records", "outcome", "accepted").increment(result.accepted());
            metrics.counter("meterwise.usage.records", "outcome", "duplicate").increment(result.duplicates());
            metrics.counter("meterwise.usage.records", "outcome", "rejected").increment(result.rejected());
            metrics.counter("meterwise.usage.batches", "outcome", result.isRejected() ? "rejected" : "stored")
                    .increment();
            return result;
        } finally {
            sample.stop(batches);
        }
    }

    private IngestionResult ingestBatch(InputStream body, UsageFormat format, IngestionBatch.Receipt receipt)
            throws IOException {
        ParsedBatch batch;
        IngestionResult result;
        try {
            batch = BatchReader.of(format, properties.maxBatchRecords(), receipt.receivedAt())
                    .read(new StrictUtf8Reader(body));
            result = validateAndAppend(batch, receipt);
        } catch (IOException | RuntimeException e) {
            logQuietly(receipt.outcome(List.of(), 0, IngestionResult.rejected(0,
                    List.of(new RecordError(0, "", "not stored: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()))))), e);
            throw e;
        }
        if (result.isRejected()) {
            log.record(receipt.outcome(batch.records(), batch.total(), result));
            return result;
        }
        if (result.accepted() > 0) {
            java.util.Set<java.util.UUID> subscriptions = new java.util.TreeSet<>();
            batch.records().forEach(r -> subscriptions.add(r.subscriptionId()));
            events.publishEvent(new BatchCommitted(subscriptions));
        }
        return result;
    }

    private IngestionResult validateAndAppend(ParsedBatch batch, IngestionBatch.Receipt receipt) {
        long[] lines = batch.lines();
        List<RecordError> errors = new ArrayList<>(batch.parseErrors());
        errors.addAll(new UsageValidator(catalog, receipt.receivedAt()).validate(batch.records(), i -> lines[i]));
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingLong(RecordError::line));
            return IngestionResult.rejected(batch.total(), errors);
        }
        IngestionResult result = ledger.append(batch.records(), receipt);
        if (result.isRejected()) {
            List<RecordError> located = result.errors().stream()
                    .map(e -> new RecordError(lines[(int) e.line() - 1], e.field(), e.reason())).toList();
            return IngestionResult.rejected(batch.total(), located);
        }
        return result;
    }

    /** A batch that failed before it had an outcome is logged if the store lets us; the failure itself propagates. */
    private void logQuietly(IngestionBatch entry, Exception cause) {
        try {
            log.record(entry);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
