package io.meterwise.core.usage;

import java.util.List;
import java.util.Optional;

/**
 * The read port for aggregated usage, paged by keyset (ADR 0009). A query is pinned to a ledger snapshot by
 * {@link #start}; each {@link #read} returns one page and the cursor of the next, so pages neither repeat nor skip a
 * line however long a client takes between them, and a cursor minted by one server works on any other server of the
 * same store.
 */
public interface UsageAggregates {

    /** Lines per page. */
    int PAGE_SIZE = 1000;

    /** Lines of one page (up to {@link #PAGE_SIZE}) and the cursor of the next page, if any. */
    record Page(List<UsageAggregateLine> lines, Optional<PageCursor> next) {
        public Page {
            lines = List.copyOf(lines);
        }
    }

    /** Pins the snapshot and the bucket range of a new query; empty when no usage was reported in the window. */
    Optional<PageCursor> start(UsageAggregateQuery query);

    /** The page at {@code cursor}. */
    Page read(UsageAggregateQuery query, PageCursor cursor);
}
