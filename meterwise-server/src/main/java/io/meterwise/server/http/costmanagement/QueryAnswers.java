package io.meterwise.server.http.costmanagement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.meterwise.core.cost.CostTable;

/**
 * The last few Query answers, so that following a {@code nextLink} pages through the answer already computed instead
 * of answering the whole query again (rounding is over all rows, so every page needs them all). An answer is
 * identified by caller, scope, definition and ledger position, exactly what its continuation token binds, and is
 * computed from the ledger as of that position. Bounded in entries, rows and age.
 */
final class QueryAnswers {

    static final int MAX_ENTRIES = 8;
    static final int MAX_ROWS = 50_000;
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    record Key(String principalId, String scope, String fingerprint, long upTo) {
    }

    private record Entry(CostTable table, Instant at) {
    }

    private final Clock clock;
    private final Map<Key, Entry> answers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    QueryAnswers(Clock clock) {
        this.clock = clock;
    }

    /**
     * The answer of {@code key}: for a continuation ({@code fresh} false) the one kept if it is recent; otherwise
     * {@code compute}'s, kept when small enough. A first page is always computed, so it sees invoices issued and
     * catalog changes made since.
     */
    CostTable answer(Key key, boolean fresh, Supplier<CostTable> compute) {
        Instant now = clock.instant();
        if (!fresh) {
            synchronized (answers) {
                Entry kept = answers.get(key);
                if (kept != null && kept.at().plus(MAX_AGE).isAfter(now)) {
                    return kept.table();
                }
            }
        }
        CostTable table = compute.get();
        if (table.rows().size() <= MAX_ROWS) {
            synchronized (answers) {
                answers.put(key, new Entry(table, now));
            }
        }
        return table;
    }
}
