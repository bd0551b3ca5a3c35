package io.meterwise.core.notify;

import org.jspecify.annotations.Nullable;

/** Port: sends one delivery over its channel (an HTTP POST, an SMTP message). */
public interface DeliveryTransport {

    /** Sends {@code notice} to the delivery's target once; never throws for a failure of the receiver. */
    Result send(Delivery delivery, AlertNotice notice);

    /**
     * How one attempt ended.
     *
     * @param outcome delivered, worth retrying, or failed for good (never {@code IN_PROGRESS})
     * @param status  HTTP status or SMTP reply code, if one came
     * @param detail  a short explanation for the delivery log
     */
    record Result(DeliveryAttempt.Outcome outcome, @Nullable Integer status, String detail) {
    }
}
