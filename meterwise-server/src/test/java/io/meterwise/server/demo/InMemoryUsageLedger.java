package io.meterwise.server.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meterwise.core.usage.IngestionBatch;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.RecordError;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;

/** A test double of the ledger port: idempotent by record id, all or nothing per batch. */
class InMemoryUsageLedger implements UsageLedger {

    private final Map<String, UsageRecord> records = new LinkedHashMap<>();

    @Override
    public IngestionResult append(List<UsageRecord> batch) {
        throw new UnsupportedOperationException("the demo appends as reported");
    }

    @Override
    public IngestionResult append(List<UsageRecord> batch, IngestionBatch.Receipt receipt) {
        throw new UnsupportedOperationException("the demo appends as reported");
    }

    @Override
    public synchronized IngestionResult appendAsReportedAt(List<UsageRecord> batch) {
        Map<String, UsageRecord> fresh = new HashMap<>();
        List<RecordError> errors = new ArrayList<>();
        long duplicates = 0;
        long line = 0;
        for (UsageRecord record : batch) {
            line++;
            UsageRecord stored = records.get(record.recordId());
            UsageRecord earlier = stored != null ? stored : fresh.get(record.recordId());
            if (earlier == null) {
                fresh.put(record.recordId(), record);
            } else if (earlier.sameContentAs(record)) {
                duplicates++;
            } else {
                errors.add(new RecordError(line, "recordId", "conflicts with " + record.recordId()));
            }
        }
        if (!errors.isEmpty()) {
            return IngestionResult.rejected(batch.size(), errors);
        }
        records.putAll(fresh);
        return new IngestionResult(fresh.size(), duplicates, 0, List.of());
    }

    synchronized Collection<UsageRecord> records() {
        return List.copyOf(records.values());
    }

    synchronized int size() {
        return records.size();
    }
}
