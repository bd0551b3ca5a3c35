package io.meterwise.server.demo;

import java.time.Instant;
import java.util.List;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.core.usage.UsageValidator;

/**
 * The checks demo records pass before they reach the ledger: the ingestion rules of {@link UsageValidator}, plus a
 * report time between the end of the usage and now (the demo replays usage reported in the past).
 */
interface DemoRecordCheck {

    List<RecordError> check(List<UsageRecord> batch);

    /** One validator for the whole load, so catalog lookups are cached across batches. */
    static DemoRecordCheck against(Catalog catalog, Instant now) {
        UsageValidator validator = new UsageValidator(catalog, now);
        return batch -> {
            List<RecordError> errors = validator.validate(batch);
            long line = 0;
            for (UsageRecord r : batch) {
                line++;
                if (r.reportedAt().isAfter(now) || r.reportedAt().isBefore(r.usageEnd())) {
                    errors.add(new RecordError(line, "reportedAt", "must be between usageEnd and now"));
                }
            }
            return errors;
        };
    }
}
