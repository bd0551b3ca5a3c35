package io.meterwise.core.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The outbox in memory, with the same claim rule as the stores: pending, due, and attempts unchanged. */
final class InMemoryOutbox implements NotificationOutbox, DeliveryQueue {

    final Map<String, AlertNotice> notices = new LinkedHashMap<>();
    final Map<String, Delivery> deliveries = new LinkedHashMap<>();
    final List<DeliveryAttempt> log = new ArrayList<>();
    private final Clock clock;

    InMemoryOutbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void enqueue(AlertNotice notice) {
        if (notices.putIfAbsent(notice.id(), notice) != null) {
            return;
        }
        Instant now = clock.instant();
        for (DeliveryPlan.Planned p : DeliveryPlan.of(notice)) {
            deliveries.put(p.id(), new Delivery(p.id(), notice.id(), p.channel(), p.target(), Delivery.State.PENDING,
                    0, now, null, now));
        }
    }

    @Override
    public synchronized List<Delivery> due(Instant now, int limit) {
        return deliveries.values().stream()
                .filter(d -> d.state() == Delivery.State.PENDING && !d.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(Delivery::nextAttemptAt)).limit(limit).toList();
    }

    @Override
    public synchronized boolean claim(Delivery delivery, Instant now, Instant leaseUntil) {
        Delivery stored = deliveries.get(delivery.id());
        if (stored == null || stored.state() != Delivery.State.PENDING || stored.nextAttemptAt().isAfter(now)
                || stored.attempts() != delivery.attempts()) {
            return false;
        }
        deliveries.put(stored.id(), new Delivery(stored.id(), stored.noticeId(), stored.channel(), stored.target(),
                stored.state(), stored.attempts() + 1, leaseUntil, stored.lastStatus(), now));
        log.add(new DeliveryAttempt(stored.id(), stored.attempts() + 1, now, null, DeliveryAttempt.Outcome.IN_PROGRESS,
                null, ""));
        return true;
    }

    @Override
    public synchronized void finish(DeliveryAttempt attempt, Delivery.State state, Instant nextAttemptAt) {
        log.removeIf(a -> a.deliveryId().equals(attempt.deliveryId()) && a.attempt() == attempt.attempt());
        log.add(attempt);
        Delivery d = deliveries.get(attempt.deliveryId());
        deliveries.put(d.id(), new Delivery(d.id(), d.noticeId(), d.channel(), d.target(), state, d.attempts(),
                nextAttemptAt, attempt.status(), attempt.finishedAt()));
    }

    @Override
    public synchronized Optional<AlertNotice> notice(String noticeId) {
        return Optional.ofNullable(notices.get(noticeId));
    }

    @Override
    public synchronized List<Delivery> ofNotice(String noticeId) {
        return deliveries.values().stream().filter(d -> d.noticeId().equals(noticeId)).toList();
    }

    @Override
    public synchronized List<Delivery> ofTarget(Channel channel, String target, int limit) {
        return deliveries.values().stream().filter(d -> d.channel() == channel && d.target().equals(target))
                .limit(limit).toList();
    }

    @Override
    public synchronized List<DeliveryAttempt> attempts(String deliveryId) {
        return log.stream().filter(a -> a.deliveryId().equals(deliveryId))
                .sorted(Comparator.comparingInt(DeliveryAttempt::attempt)).toList();
    }
}
