/**
 * Telling people that an alert fired: the durable outbox between alert evaluation (which decides that a threshold
 * was crossed) and delivery (webhooks and e-mail, with retries). Evaluation enqueues an {@link AlertNotice}; delivery
 * takes it from there. Enqueueing is idempotent on the notice id, so evaluation may enqueue again after a crash
 * without anyone being told twice.
 */
@NullMarked
package io.meterwise.core.notify;

import org.jspecify.annotations.NullMarked;
