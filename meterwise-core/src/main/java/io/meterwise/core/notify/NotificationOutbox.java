package io.meterwise.core.notify;

/**
 * Port: the durable outbox of alert notifications. Delivery (webhooks, e-mail, retries, the delivery log) happens
 * after {@link #enqueue} returns, on its own schedule, and survives restarts.
 */
public interface NotificationOutbox {

    /**
     * Stores the notice durably for delivery to every contact it names. Idempotent on {@link AlertNotice#id()}: a
     * notice enqueued again (for example after a crash between firing and recording that it was enqueued) is stored
     * and delivered once. Returns only when the notice is durable.
     */
    void enqueue(AlertNotice notice);
}
