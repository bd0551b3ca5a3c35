package io.meterwise.server.billing;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.meterwise.core.limits.Texts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The subscriptions and periods that could not be invoiced, with the reason, as of the latest run that tried them
 * (ADR 0016): one that fails is reported here, in the log and in the {@code meterwise.invoices.failed} counter, while
 * every other subscription is issued. An entry goes away when a later run issues that invoice. Kept in memory: the
 * schedule retries every interval, so a restart rebuilds the list within one run.
 */
@Component
public class IssuingFailures {

    /** Longest reason kept. */
    static final int MAX_REASON_LENGTH = 500;

    /** One subscription and period that a run could not invoice. */
    public record Failure(UUID subscriptionId, YearMonth period, String reason, Instant failedAt) {
    }

    private record Key(UUID subscriptionId, YearMonth period) {
    }

    private final Map<Key, Failure> failures = new ConcurrentHashMap<>();
    private final Counter failed;
    private final Counter issued;

    public IssuingFailures(MeterRegistry registry) {
        this.failed = Counter.builder("meterwise.invoices.failed")
                .description("Invoices a run could not issue (see GET /providers/Meterwise/invoices/issueFailures)")
                .register(registry);
        this.issued = Counter.builder("meterwise.invoices.issued").description("Invoices issued").register(registry);
    }

    void failed(UUID subscriptionId, YearMonth period, String reason, Instant at) {
        failures.put(new Key(subscriptionId, period),
                new Failure(subscriptionId, period, Texts.shorten(reason, MAX_REASON_LENGTH), at));
        failed.increment();
    }

    void issued(UUID subscriptionId, YearMonth period) {
        failures.remove(new Key(subscriptionId, period));
        issued.increment();
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
