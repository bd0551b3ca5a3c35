/**
 * Invoices: a closed billing period of a subscription, rated, turned into numbered lines whose amounts add up to the
 * total to the minor unit. Usage that arrives after a period was invoiced is charged on a later invoice as
 * prior-period adjustment lines (ADR 0010). Assembly here is pure; numbering and storage sit behind {@link Invoices}.
 */
@NullMarked
package io.meterwise.core.billing;

import org.jspecify.annotations.NullMarked;
