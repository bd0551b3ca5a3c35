/**
 * Budgets and usage alert rules, and the alerts they fire (ADR 0041). A {@link Budget} limits the cost (or, for a
 * usage rule, the quantity of one meter) of a subscription or resource group per period; {@link AlertEvaluation}
 * measures every active rule after each committed ingestion batch and on a schedule, and fires each notification
 * threshold at most once per period, durably ({@link AlertStore}), before handing the notice to the
 * {@link io.meterwise.core.notify.NotificationOutbox}.
 */
@NullMarked
package io.meterwise.core.budget;

import org.jspecify.annotations.NullMarked;
