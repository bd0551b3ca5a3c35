package io.meterwise.server.notify;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.meterwise.core.notify.NotificationDispatcher;

/**
 * Runs the dispatcher on a thread of its own (a slow webhook never delays invoice issuing, nor the reverse), every
 * {@code meterwise.notify.poll-interval}, until the server stops; a stop waits for the attempt in flight.
 */
final class NotificationDispatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatch.class);

    private final NotificationDispatcher dispatcher;
    private final NotifyProperties properties;
    private volatile ScheduledExecutorService executor;

    NotificationDispatch(NotificationDispatcher dispatcher, NotifyProperties properties) {
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meterwise-notify");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(1, properties.pollInterval().toMillis());
        executor.scheduleWithFixedDelay(this::runDue, interval, interval, TimeUnit.MILLISECONDS);
    }

    void runDue() {
        try {
            int batch = Math.max(1, properties.batchSize());
            while (dispatcher.dispatchDue(batch) == batch && !Thread.currentThread().isInterrupted()) {
                // a full batch: there may be more due
            }
        } catch (RuntimeException e) {
            log.error("Delivering notifications failed; retrying at the next run", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(properties.webhookTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
