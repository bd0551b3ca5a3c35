package io.meterwise.core.billing;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.meterwise.core.limits.Texts;

/**
 * The subscriptions and periods that could not be invoiced, with the reason, as of the latest run that tried them
 * (ADR 0016): one that fails is reported here, in the log and through {@link Counters} (the server counts them as
 * metrics), while every other subscription is issued. An entry goes away when a later run issues that invoice or finds
 * it issued. Kept in memory: the schedule retries every interval, so a restart rebuilds the list within one run.
 */
public final class IssuingFailures {

    /** Longest reason kept. */
    public static final int MAX_REASON_LENGTH = 500;

    /** Counts outcomes, for metrics. */
    public interface Counters {
        Counters NONE = new Counters() {
            @Override
            public void failed() {
            }

            @Override
            public void issued() {
            }
        };

        void failed();

        void issued();
    }

    /** One subscription and period that a run could not invoice. */
    public record Failure(UUID subscriptionId, YearMonth period, String reason, Instant failedAt) {
    }

    private record Key(UUID subscriptionId, YearMonth period) {
    }

    private final Map<Key, Failure> failures = new ConcurrentHashMap<>();
    private final Counters counters;

    public IssuingFailures(Counters counters) {
        this.counters = counters;
    }

    void failed(UUID subscriptionId, YearMonth period, String reason, Instant at) {
        failures.put(new Key(subscriptionId, period),
                new Failure(subscriptionId, period, Texts.shorten(reason, MAX_REASON_LENGTH), at));
        counters.failed();
    }

    void issued(UUID subscriptionId, YearMonth period) {
        failures.remove(new Key(subscriptionId, period));
        counters.issued();
    }

    /** Already invoiced: whatever failed before for it is over. */
    void settled(UUID subscriptionId, YearMonth period) {
        failures.remove(new Key(subscriptionId, period));
    }

    /** Current failures, by period then subscription. */
    public List<Failure> list() {
        List<Failure> all = new ArrayList<>(failures.values());
        all.sort(Comparator.comparing(Failure::period).thenComparing(Failure::subscriptionId));
        return all;
    }
}
