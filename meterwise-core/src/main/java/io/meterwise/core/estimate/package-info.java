/**
 * Pre-consumption estimates and what-if comparisons: a workload or a subscription's actual usage rated through the
 * {@link io.meterwise.core.rating.Rater}, never re-priced by other rules (ADR 0032).
 */
@NullMarked
package io.meterwise.core.estimate;

import org.jspecify.annotations.NullMarked;
