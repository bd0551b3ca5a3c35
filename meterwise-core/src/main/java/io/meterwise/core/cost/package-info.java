/**
 * Cost insight: every usage record's exact share of the rated charges of its billing period ({@link ChargeAllocator}),
 * offer terms as charges of their own, and the cost query over them ({@link CostQueries}). Charges are derived from the
 * {@link io.meterwise.core.rating.Rater}'s lines, never priced a second way, so a period's charges add up to what its
 * invoice says (ADR 0024).
 */
@NullMarked
package io.meterwise.core.cost;

import org.jspecify.annotations.NullMarked;
