/**
 * Money and the single rounding rule: amounts are {@link java.math.BigDecimal} with a currency, rounded once to the
 * currency's minor unit where an amount becomes a charge.
 */
@NullMarked
package io.meterwise.core.money;

import org.jspecify.annotations.NullMarked;
