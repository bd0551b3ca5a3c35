/**
 * FOCUS 1.2 cost rows (ADR 0034): one row per charge of a subscription's billing period (usage per usage record,
 * offer terms, prior-period adjustments), with the Mandatory columns, the Recommended and Conditional ones Meterwise
 * can fill, and Azure's {@code x_} extension columns where Microsoft's own FOCUS export has them.
 */
@NullMarked
package io.meterwise.core.focus;

import org.jspecify.annotations.NullMarked;
